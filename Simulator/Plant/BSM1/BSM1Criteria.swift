/// The BSM1 performance criteria over an evaluation period (Alex et al. 2008, section 4;
/// updated criteria as in the reference's perf_plant.m): effluent quality, energy, sludge
/// production, operational cost, limit violations and controller errors.
///
/// Every sample stands for `interval` days (rectangles on the left point: samples at 7.0, ...,
/// 13.99 for days 7-14). Units: kg pollution units/d, kWh/d, kg SS/d, g/m3, days.
public struct BSM1Criteria: Sendable {
    /// Length of the evaluation period, days.
    public var period: Double
    /// Effluent quality index EQI, kg poll. units/d (weights TSS 2, COD 1, TKN 30, NO 10, BOD5 2).
    public var effluentQuality: Double
    /// Influent quality index IQI, same weights, BOD5 = 0.65 (SS + XS + (1 - fP)(XBH + XBA)).
    public var influentQuality: Double
    /// Aeration energy AE = SOsat / 1800 * sum V_k KLa_k, kWh/d.
    public var aerationEnergy: Double
    /// Pumping energy PE = 0.004 Qa + 0.008 Qr + 0.05 Qw, kWh/d.
    public var pumpingEnergy: Double
    /// Mixing energy: 0.005 kW/m3 x 24 h for each reactor with KLa < 20 1/d, kWh/d.
    public var mixingEnergy: Double
    /// Sludge production SP = (change of sludge in the plant + wasted TSS) / period, kg SS/d.
    public var sludgeProduction: Double
    /// External carbon added, kg COD/d (none in BSM1's default strategies).
    public var externalCarbon: Double
    /// OCI = AE + PE + 5 SP + 3 EC + ME.
    public var operationalCost: Double
    /// Flow-weighted effluent averages, g/m3: Ntot, SNH, SNO, TKN, TSS, COD, BOD5.
    public var effluentAverages: [String: Double]
    /// Limit violations in the order Ntot, SNH, TSS, COD, BOD5.
    public var violations: [EffluentViolation]
    /// Integrated absolute and squared error and the largest error of each controlled variable
    /// (in the order of `EvaluationSample.controlErrors`): g/m3 d, (g/m3)^2 d, g/m3.
    public var controlErrors: [(iae: Double, ise: Double, maximum: Double)]

    /// BSM1 limits, g/m3: total N 18, ammonia 4, TSS 30, COD 100, BOD5 10.
    public static let limits: [(name: String, limit: Double)] =
        [("Ntot", 18), ("SNH", 4), ("TSS", 30), ("COD", 100), ("BOD5", 10)]

    /// Computes the criteria. `volumes` are the reactor volumes (m3); `sludgeMassChange` is the
    /// suspended solids in reactors and settler at the end minus at the start of the period, g SS.
    public init(samples: [EvaluationSample], interval: Double, volumes: [Double], oxygenSaturation: Double,
                sludgeMassChange: Double, parameters p: ASM1Parameters = .bsm1) {
        precondition(!samples.isEmpty && interval > 0, "an evaluation needs samples and an interval")
        let period = Double(samples.count) * interval
        self.period = period
        var eqi = 0.0, iqi = 0.0, aeration = 0.0, pumping = 0.0, mixing = 0.0, wasted = 0.0, effluentVolume = 0.0
        var sums: [String: Double] = [:]
        var series: [String: [Double]] = [:]
        let errorCount = samples[0].controlErrors.count
        var errors = [(iae: Double, ise: Double, maximum: Double)](repeating: (0, 0, 0), count: errorCount)
        for s in samples {
            let e = Composite(s.effluent, parameters: p, bod5Factor: 0.25)
            let i = Composite(s.influent, parameters: p, bod5Factor: 0.65)
            eqi += e.pollutionUnits * s.effluent.flow * interval
            iqi += i.pollutionUnits * s.influent.flow * interval
            let values = ["Ntot": e.totalNitrogen, "SNH": s.effluent[.SNH], "SNO": s.effluent[.SNO], "TKN": e.kjeldahl,
                          "TSS": s.effluent.tss, "COD": e.cod, "BOD5": e.bod5]
            for (name, value) in values {
                sums[name, default: 0] += value * s.effluent.flow * interval
                series[name, default: []].append(value)
            }
            effluentVolume += s.effluent.flow * interval
            for (volume, kLa) in zip(volumes, s.kLa) {
                aeration += volume * kLa * interval
                if kLa < 20 { mixing += 0.005 * volume * 24 * interval }
            }
            pumping += (0.004 * s.internalRecycle + 0.008 * s.returnSludge + 0.05 * s.wasteSludge) * interval
            wasted += s.wasteTSS * s.wasteSludge * interval
            for (k, error) in s.controlErrors.prefix(errorCount).enumerated() {
                errors[k].iae += abs(error) * interval
                errors[k].ise += error * error * interval
                errors[k].maximum = max(errors[k].maximum, abs(error))
            }
        }
        effluentQuality = eqi / (period * 1000)
        influentQuality = iqi / (period * 1000)
        aerationEnergy = oxygenSaturation / (1.8 * 1000) * aeration / period
        pumpingEnergy = pumping / period
        mixingEnergy = mixing / period
        sludgeProduction = (sludgeMassChange + wasted) / (1000 * period)
        externalCarbon = 0
        operationalCost = aerationEnergy + pumpingEnergy + 5 * sludgeProduction + 3 * externalCarbon + mixingEnergy
        effluentAverages = sums.mapValues { $0 / effluentVolume }
        violations = Self.limits.map { EffluentViolation(name: $0.name, limit: $0.limit, values: series[$0.name] ?? [],
                                                         interval: interval) }
        controlErrors = errors
    }

    /// Composite variables of one stream (Alex et al. 2008, section 4.1).
    struct Composite {
        let kjeldahl: Double, totalNitrogen: Double, cod: Double, bod5: Double, pollutionUnits: Double

        init(_ s: PlantStream, parameters p: ASM1Parameters, bod5Factor: Double) {
            kjeldahl = s[.SNH] + s[.SND] + s[.XND] + p.iXB * (s[.XBH] + s[.XBA]) + p.iXP * (s[.XP] + s[.XI])
            totalNitrogen = kjeldahl + s[.SNO]
            cod = s[.SI] + s[.SS] + s[.XI] + s[.XS] + s[.XBH] + s[.XBA] + s[.XP]
            bod5 = bod5Factor * (s[.SS] + s[.XS] + (1 - p.fP) * (s[.XBH] + s[.XBA]))
            pollutionUnits = 2 * s.tss + cod + 30 * kjeldahl + 10 * s[.SNO] + 2 * bod5
        }
    }
}

/// The eight ASM1 processes and their stoichiometry: conversion rates of the 13 states.
///
/// Implements the Gujer matrix of Henze et al. (1987) exactly as the BSM1 reference code
/// (Alex et al. 2008; Jeppsson's `asm1.c`): negative concentrations count as zero in the
/// rate expressions, and the constants 4.57 and 2.86 are taken from `ASM1Parameters`.
public struct ASM1Kinetics: Sendable {
    public let parameters: ASM1Parameters

    public init(parameters: ASM1Parameters = .bsm1) {
        self.parameters = parameters
    }

    /// The states the process rates read; SI, XI, XP and SALK only flow through them.
    static let rateInputs: [ASM1Component] = [.SS, .XS, .XBH, .XBA, .SO, .SNO, .SNH, .SND, .XND]
    /// The states whose conversion rates are not zero; SI and XI are inert.
    static let rateOutputs: [ASM1Component] = [.SS, .XS, .XBH, .XBA, .XP, .SO, .SNO, .SNH, .SND, .XND, .SALK]
    /// The particulate COD states that make up TSS.
    static let suspendedSolids: [ASM1Component] = [.XI, .XS, .XBH, .XBA, .XP]

    /// Process rates rho_1...rho_8 in g/(m3 d) for the 13 states at `offset` in `y`:
    /// aerobic and anoxic heterotrophic growth, aerobic autotrophic growth, heterotrophic and
    /// autotrophic decay, ammonification, hydrolysis of organics and of organic nitrogen.
    public func processRates(_ y: [Double], at offset: Int = 0) -> [Double] {
        let r = y.withUnsafeBufferPointer { rates($0.baseAddress! + offset) }
        return [r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7]
    }

    /// The eight process rates of the 13 states at `y`, without allocating.
    @inline(__always)
    func rates(_ y: UnsafePointer<Double>) -> (Double, Double, Double, Double, Double, Double, Double, Double) {
        let p = parameters
        @inline(__always) func c(_ component: ASM1Component) -> Double { max(y[component.rawValue], 0) }
        let (ss, xs, xbh, xba, so, sno, snh, snd, xnd) =
            (c(.SS), c(.XS), c(.XBH), c(.XBA), c(.SO), c(.SNO), c(.SNH), c(.SND), c(.XND))
        let oxygenSwitchH = so / (p.KOH + so)
        let oxygenInhibitionH = p.KOH / (p.KOH + so)
        let nitrateSwitch = sno / (p.KNO + sno)
        let substrate = ss / (p.KS + ss)
        let growthAerobic = p.muH * substrate * oxygenSwitchH * xbh
        let growthAnoxic = p.muH * substrate * oxygenInhibitionH * nitrateSwitch * p.etaG * xbh
        let growthAutotrophs = p.muA * snh / (p.KNH + snh) * so / (p.KOA + so) * xba
        let decayH = p.bH * xbh
        let decayA = p.bA * xba
        let ammonification = p.ka * snd * xbh
        // Hydrolysis is surface-limited on XS/XBH; with no heterotrophs there is nothing to hydrolyse.
        var hydrolysis = 0.0, hydrolysisN = 0.0
        if xbh > 0 {
            let ratio = xs / xbh
            hydrolysis = p.kh * ratio / (p.KX + ratio)
                * (oxygenSwitchH + p.etaH * oxygenInhibitionH * nitrateSwitch) * xbh
            hydrolysisN = xs > 0 ? hydrolysis * xnd / xs : 0
        }
        return (growthAerobic, growthAnoxic, growthAutotrophs, decayH, decayA,
                ammonification, hydrolysis, hydrolysisN)
    }

    /// Adds the conversion rates (g/(m3 d); mol/(m3 d) for SALK) of the 13 states stored at
    /// `offset` in `y` to `dydt` at `rateOffset`.
    public func addConversionRates(_ y: [Double], at offset: Int, to dydt: inout [Double], at rateOffset: Int) {
        y.withUnsafeBufferPointer { source in
            dydt.withUnsafeMutableBufferPointer { target in
                addConversionRates(source.baseAddress! + offset, to: target.baseAddress! + rateOffset)
            }
        }
    }

    /// Pointer form of `addConversionRates`, for the allocation-free plant right-hand side.
    @inline(__always)
    func addConversionRates(_ y: UnsafePointer<Double>, to dydt: UnsafeMutablePointer<Double>) {
        let p = parameters
        let (r1, r2, r3, r4, r5, r6, r7, r8) = rates(y)
        let o2PerN = p.oxygenPerNitrogenNitrified
        let denitrification = p.denitrificationOxygenEquivalent
        dydt[ASM1Component.SS.rawValue] += -(r1 + r2) / p.YH + r7
        dydt[ASM1Component.XS.rawValue] += (1 - p.fP) * (r4 + r5) - r7
        dydt[ASM1Component.XBH.rawValue] += r1 + r2 - r4
        dydt[ASM1Component.XBA.rawValue] += r3 - r5
        dydt[ASM1Component.XP.rawValue] += p.fP * (r4 + r5)
        dydt[ASM1Component.SO.rawValue] += -(1 - p.YH) / p.YH * r1 - (o2PerN - p.YA) / p.YA * r3
        dydt[ASM1Component.SNO.rawValue] += -(1 - p.YH) / (denitrification * p.YH) * r2 + r3 / p.YA
        dydt[ASM1Component.SNH.rawValue] += -p.iXB * (r1 + r2) - (p.iXB + 1 / p.YA) * r3 + r6
        dydt[ASM1Component.SND.rawValue] += -r6 + r8
        dydt[ASM1Component.XND.rawValue] += (p.iXB - p.fP * p.iXP) * (r4 + r5) - r8
        dydt[ASM1Component.SALK.rawValue] += -p.iXB / 14 * r1
            + ((1 - p.YH) / (14 * denitrification * p.YH) - p.iXB / 14) * r2
            - (p.iXB / 14 + 1 / (7 * p.YA)) * r3 + r6 / 14
    }

    /// Pointer form of `totalSuspendedSolids`.
    @inline(__always)
    func totalSuspendedSolids(_ y: UnsafePointer<Double>) -> Double {
        let particulateCOD = y[ASM1Component.XI.rawValue] + y[ASM1Component.XS.rawValue]
            + y[ASM1Component.XBH.rawValue] + y[ASM1Component.XBA.rawValue] + y[ASM1Component.XP.rawValue]
        return parameters.codToTSS * particulateCOD
    }

    /// Total suspended solids of the 13 states at `offset`: `codToTSS` x (XI + XS + XBH + XBA + XP), g SS/m3.
    public func totalSuspendedSolids(_ y: [Double], at offset: Int = 0) -> Double {
        let particulateCOD = [ASM1Component.XI, .XS, .XBH, .XBA, .XP].reduce(0.0) { $0 + y[offset + $1.rawValue] }
        return parameters.codToTSS * particulateCOD
    }
}

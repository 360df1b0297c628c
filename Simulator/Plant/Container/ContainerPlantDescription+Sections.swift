extension ContainerPlantDescription {
    /// Where the unit stands.
    public struct Site: Codable, Equatable, Sendable {
        /// Altitude above sea level, m (sets the barometric pressure).
        public var altitude: Double
        enum CodingKeys: String, CodingKey { case altitude = "altitude_m" }
    }

    /// Water temperature: a daily sinusoid around a mean.
    public struct Temperature: Codable, Equatable, Sendable {
        /// Daily mean, °C.
        public var mean: Double
        /// Half the daily swing, °C.
        public var diurnalAmplitude: Double
        /// Hour of the day (0-24) of the warmest water.
        public var warmestHour: Double
        enum CodingKeys: String, CodingKey {
            case mean = "mean_c", diurnalAmplitude = "diurnal_amplitude_c", warmestHour = "warmest_hour"
        }
    }

    /// The raw sewage: mean flow and composition, shaped over the day by hourly factors.
    public struct Influent: Codable, Equatable, Sendable {
        /// Daily mean flow, m3/h.
        public var flow: Double
        /// 24 hourly flow factors from 00:00; rescaled to mean 1, linear between hours.
        public var diurnalFlowFactors: [Double]
        /// 24 hourly factors on every concentration but SALK; rescaled to mean 1.
        public var diurnalConcentrationFactors: [Double]
        /// pH of the raw sewage (sets its inorganic carbon from SALK).
        public var pH: Double
        /// Mean composition by ASM1 name, g/m3 (SALK mol/m3); missing names are 0.
        public var concentrations: [String: Double]
        enum CodingKeys: String, CodingKey {
            case flow = "flow_m3_per_h", diurnalFlowFactors = "diurnal_flow_factors"
            case diurnalConcentrationFactors = "diurnal_concentration_factors", pH = "ph", concentrations
        }
    }

    /// The unaerated, mixed pre-denitrification tank (constant volume: it overflows).
    public struct AnoxicTank: Codable, Equatable, Sendable {
        public var volume: Double
        enum CodingKeys: String, CodingKey { case volume = "volume_m3" }
    }

    /// The aerated basin: its level rises until a rectangular weir passes the flow.
    public struct AerobicBasin: Codable, Equatable, Sendable {
        /// Plan area, m2.
        public var area: Double
        /// Water level at the weir crest, m above the floor (volume there = area x crest).
        public var crestLevel: Double
        /// Weir crest length, m.
        public var weirLength: Double
        enum CodingKeys: String, CodingKey {
            case area = "area_m2", crestLevel = "crest_level_m", weirLength = "weir_length_m"
        }
    }

    /// The solids separator after the basin, ideal (no volume): a share of the solids reaching it
    /// is captured and returned or wasted, the rest leaves with the effluent.
    public struct Separator: Codable, Equatable, Sendable {
        /// "clarifier" or "mbr" (for reports; the behaviour is set by `solidsCapture`).
        public var kind: String
        /// Fraction of the particulates captured (MBR 1.0, a good clarifier ~0.998).
        public var solidsCapture: Double
        /// Return sludge to the anoxic tank, m3/h.
        public var returnSludge: Double
        /// Waste sludge, m3/d.
        public var wasteSludge: Double
        /// Internal (nitrate) recycle from the basin to the anoxic tank, m3/h.
        public var internalRecycle: Double
        enum CodingKeys: String, CodingKey {
            case kind, solidsCapture = "solids_capture", returnSludge = "return_sludge_m3_per_h"
            case wasteSludge = "waste_sludge_m3_per_d", internalRecycle = "internal_recycle_m3_per_h"
        }
    }

    /// The two dosing pumps into the basin.
    public struct Dosing: Codable, Equatable, Sendable {
        public var acid: DosingPumpDescription
        public var caustic: DosingPumpDescription
    }
}

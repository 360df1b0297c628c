/// Command codes of the data uploads Floc sends (HJ 212-2017 table 9/10).
public enum HJ212DataKind: String, Sendable, CaseIterable {
    case realTime = "2011"
    case minute = "2051"
    case hour = "2061"
    case day = "2031"
}

/// HJ 212-2017 data flags (table 6): N normal, F stopped, M maintenance, S set manually,
/// D fault, C calibration, T over the upper limit, B communication abnormal.
public enum HJ212DataFlag: String, Sendable, CaseIterable {
    case normal = "N", stopped = "F", maintenance = "M", manual = "S"
    case fault = "D", calibration = "C", overLimit = "T", communication = "B"
}

/// One pollutant's values in a data upload. Real-time data carries `rtd`; statistics carry
/// `min`, `avg`, `max` and (for flow-like factors) `cou`, the cumulative value.
public struct HJ212FactorValue: Sendable, Equatable {
    /// Pollutant code (HJ 212-2017 appendix B), e.g. w01018 COD, w21003 NH3-N, w01001 pH.
    public var code: String
    public var rtd: Double?
    public var min: Double?
    public var avg: Double?
    public var max: Double?
    public var cou: Double?
    public var flag: HJ212DataFlag
    /// Decimal places of Rtd/Min/Avg/Max (appendix B's format of the factor, e.g. 1 for COD's N5.1).
    public var decimals: Int
    /// Decimal places of `cou` when they differ from `decimals` (a mass in kg needs more).
    public var couDecimals: Int?

    public init(code: String, rtd: Double? = nil, min: Double? = nil, avg: Double? = nil, max: Double? = nil,
                cou: Double? = nil, flag: HJ212DataFlag = .normal, decimals: Int = 2, couDecimals: Int? = nil) {
        self.code = code
        self.rtd = rtd
        self.min = min
        self.avg = avg
        self.max = max
        self.cou = cou
        self.flag = flag
        self.decimals = decimals
        self.couDecimals = couDecimals
    }

    /// `w01018-Rtd=12.3,w01018-Flag=N` (fields of one factor joined by `,`), rounded half away from zero.
    var cpText: String {
        var parts: [String] = []
        let format = HJ212NumberFormat(integerDigits: nil, decimals: decimals)
        for (name, value) in [("Rtd", rtd), ("Min", min), ("Avg", avg), ("Max", max)] {
            if let value { parts.append("\(code)-\(name)=\(format.text(value))") }
        }
        if let cou {
            parts.append("\(code)-Cou=\(HJ212NumberFormat(integerDigits: nil, decimals: couDecimals ?? decimals).text(cou))")
        }
        parts.append("\(code)-Flag=\(flag.rawValue)")
        return parts.joined(separator: ",")
    }
}

/// Who Floc is to the platform: identity and password sent in every packet.
public struct HJ212Identity: Sendable, Equatable {
    /// System code, 32 for a surface-water pollution source.
    public var st: String
    public var pw: String
    public var mn: String

    public init(st: String = "32", pw: String, mn: String) {
        self.st = st
        self.pw = pw
        self.mn = mn
    }
}

public extension HJ212DataKind {
    /// Milliseconds added to a statistics upload's DataTime to make its QN: minute, hour and day
    /// periods that start together (00:00) then have distinct QNs, also from a real-time upload
    /// sampled at that whole second, so no acknowledgement can be taken for another's. A resent or
    /// re-made upload of the same period keeps its QN.
    var qnOffsetMilliseconds: Int64 {
        switch self {
        case .realTime: 0
        case .minute: 1
        case .hour: 2
        case .day: 3
        }
    }
}

public extension HJ212Message {
    /// A data upload: `CP=&&DataTime=yyyyMMddHHmmss;<factor>;<factor>&&`, acknowledgement requested.
    /// `timestampMilliseconds` (UTC) becomes DataTime in China Standard Time, and QN with the
    /// kind's ``HJ212DataKind/qnOffsetMilliseconds``.
    static func data(_ kind: HJ212DataKind, identity: HJ212Identity, timestampMilliseconds: Int64,
                     factors: [HJ212FactorValue], acknowledge: Bool = true) -> HJ212Message {
        let cp = (["DataTime=\(HJ212Time.dataTime(timestampMilliseconds))"] + factors.map(\.cpText))
            .joined(separator: ";")
        return HJ212Message(qn: HJ212Time.qn(timestampMilliseconds + kind.qnOffsetMilliseconds), st: identity.st, cn: kind.rawValue,
                            pw: identity.pw, mn: identity.mn,
                            flag: version2017 | (acknowledge ? acknowledgeBit : 0), cp: cp)
    }
}

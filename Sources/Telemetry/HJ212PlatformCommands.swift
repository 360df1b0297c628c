/// The reporting intervals the platform may read and change (HJ 212-2017, CN 1061-1064).
public struct HJ212Intervals: Sendable, Equatable {
    /// Real-time data (CN 2011) interval, seconds: 30...3600.
    public var realTimeSeconds: Int
    /// Minute data (CN 2051) interval, minutes: a divisor of 60.
    public var minuteMinutes: Int

    public static let realTimeRange = 30...3600
    public static let minuteChoices = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60]

    public init(realTimeSeconds: Int = 30, minuteMinutes: Int = 10) {
        self.realTimeSeconds = realTimeSeconds
        self.minuteMinutes = minuteMinutes
    }
}

/// Answers the platform's parameter commands: 1011/1012 (site time), 1061/1062 (real-time
/// interval), 1063/1064 (minute interval). Every request gets a 9011 (QnRtn); an accepted one is
/// followed by its data (for the "get" commands) and a 9012 (ExeRtn), all with the request's QN.
/// Pure: time is handed in, the caller sends the replies and applies `intervals`.
public struct HJ212PlatformResponder: Sendable {
    public static let handledCommands: Set<String> = ["1011", "1012", "1061", "1062", "1063", "1064"]

    /// QnRtn values of the 9011 request answer.
    public enum RequestAnswer: Int, Sendable {
        case ready = 1, rejected = 2, passwordError = 3, mnError = 4
    }

    /// ExeRtn value of the 9012 execution result: 1 done.
    public static let executed = 1

    public let identity: HJ212Identity
    public private(set) var intervals: HJ212Intervals

    public init(identity: HJ212Identity, intervals: HJ212Intervals = HJ212Intervals()) {
        self.identity = identity
        self.intervals = intervals
    }

    /// The replies to `request`, in sending order, and why a request was refused (nil when accepted).
    public mutating func respond(to request: HJ212Message, utcMilliseconds: Int64) -> (replies: [HJ212Message], refusal: String?) {
        if request.pw != identity.pw { return ([answer(request, .passwordError)], "wrong PW") }
        if request.mn != identity.mn { return ([answer(request, .mnError)], "MN \(request.mn) is not this unit") }
        let fields = Self.fields(request.cp)
        var data: String?
        switch request.cn {
        case "1011":
            let polId = fields["PolId"].map { "PolId=\($0);" } ?? ""
            data = "\(polId)SystemTime=\(HJ212Time.dataTime(utcMilliseconds))"
        case "1012":
            // The board's clock belongs to the operating system (NTP or an RTC set by the technician);
            // Floc runs without the right to change it, so it says no rather than pretend.
            return ([answer(request, .rejected)], "site time is set by the operating system, not by the platform")
        case "1061":
            data = "RtdInterval=\(intervals.realTimeSeconds)"
        case "1062":
            guard let text = fields["RtdInterval"], let seconds = Int(text), HJ212Intervals.realTimeRange.contains(seconds)
            else { return ([answer(request, .rejected)], "RtdInterval must be 30...3600 s") }
            intervals.realTimeSeconds = seconds
        case "1063":
            data = "MinInterval=\(intervals.minuteMinutes)"
        case "1064":
            guard let text = fields["MinInterval"], let minutes = Int(text), HJ212Intervals.minuteChoices.contains(minutes)
            else { return ([answer(request, .rejected)], "MinInterval must divide 60 minutes") }
            intervals.minuteMinutes = minutes
        default:
            return ([answer(request, .rejected)], "CN \(request.cn) is not supported")
        }
        var replies = [answer(request, .ready)]
        if let data { replies.append(reply(request, cn: request.cn, st: identity.st, cp: data)) }
        replies.append(reply(request, cn: "9012", st: "91", cp: "ExeRtn=\(Self.executed)"))
        return (replies, nil)
    }

    private func answer(_ request: HJ212Message, _ value: RequestAnswer) -> HJ212Message {
        reply(request, cn: "9011", st: "91", cp: "QnRtn=\(value.rawValue)")
    }

    private func reply(_ request: HJ212Message, cn: String, st: String, cp: String) -> HJ212Message {
        HJ212Message(qn: request.qn, st: st, cn: cn, pw: identity.pw, mn: identity.mn, flag: HJ212Message.version2017, cp: cp)
    }

    /// `a=1;b=2` (and `a=1,b=2` within one factor) as a dictionary; later keys win.
    static func fields(_ cp: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in cp.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}

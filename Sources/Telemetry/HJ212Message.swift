/// The fields of an HJ 212-2017 data segment (clause 6.3.3): `QN=;ST=;CN=;PW=;MN=;Flag=;CP=&&...&&`.
public struct HJ212Message: Equatable, Sendable {
    /// Request number: `yyyyMMddHHmmssSSS` in China Standard Time (UTC+8); echoed in the reply.
    public var qn: String
    /// System code: 32 surface-water pollution source, 91 system interaction.
    public var st: String
    /// Command code, e.g. 2011 real-time data, 9014 data response.
    public var cn: String
    public var pw: String
    /// Unit identifier (24 characters in the 2017 edition).
    public var mn: String
    /// `V5..V0 D A`: version 000001 (2017) and A = 1 when an acknowledgement is required.
    public var flag: Int
    /// The CP field's contents, between `&&` and `&&`.
    public var cp: String

    public init(qn: String, st: String, cn: String, pw: String, mn: String, flag: Int, cp: String) {
        self.qn = qn
        self.st = st
        self.cn = cn
        self.pw = pw
        self.mn = mn
        self.flag = flag
        self.cp = cp
    }

    /// Flag value of a 2017-edition packet (version bits 000001).
    public static let version2017 = 0b100
    /// Flag bit A: the receiver must answer (data: with CN 9014).
    public static let acknowledgeBit = 0b1

    public var wantsAcknowledgement: Bool { flag & Self.acknowledgeBit != 0 }

    /// The data segment text.
    public var dataSegment: String {
        "QN=\(qn);ST=\(st);CN=\(cn);PW=\(pw);MN=\(mn);Flag=\(flag);CP=&&\(cp)&&"
    }

    /// Why a data segment is not a message.
    public enum ParseError: Error, Equatable, Sendable {
        case missingField(String)
        case badFlag(String)
        case missingCP
    }

    /// Parses a data segment; fields may come in any order, CP must be last.
    public init(parsing segment: String) throws {
        guard let cpRange = segment.range(of: "CP=&&"), segment.hasSuffix("&&"),
              segment.distance(from: cpRange.upperBound, to: segment.endIndex) >= 2
        else { throw ParseError.missingCP }
        cp = String(segment[cpRange.upperBound..<segment.index(segment.endIndex, offsetBy: -2)])
        var fields: [String: String] = [:]
        for pair in segment[..<cpRange.lowerBound].split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        func field(_ name: String) throws -> String {
            guard let value = fields[name] else { throw ParseError.missingField(name) }
            return value
        }
        qn = fields["QN"] ?? ""
        st = try field("ST")
        cn = try field("CN")
        pw = fields["PW"] ?? ""
        mn = try field("MN")
        let flagText = fields["Flag"] ?? "4"
        guard let value = Int(flagText) else { throw ParseError.badFlag(flagText) }
        flag = value
    }
}

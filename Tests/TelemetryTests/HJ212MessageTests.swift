import Testing
@testable import Telemetry

@Suite struct HJ212MessageTests {
    static let identity = HJ212Identity(st: "32", pw: "123456", mn: "010000A8900016F000169DC0")

    @Test(arguments: [
        // 2016-08-01 00:58:57.223 UTC is 08:58:57.223 in China Standard Time.
        (Int64(1_470_013_137_223), "20160801085857223"),
        (Int64(0), "19700101080000000"),
        // Crossing midnight and a leap day in CST.
        (Int64(1_709_222_400_000 + 999), "20240301000000999"),
    ])
    func qnIsChinaStandardTime(utc: Int64, expected: String) {
        #expect(HJ212Time.qn(utc) == expected)
        #expect(HJ212Time.dataTime(utc) == String(expected.prefix(14)))
    }

    @Test func realTimeDataCarriesRtdAndFlag() {
        let message = HJ212Message.data(.realTime, identity: Self.identity, timestampMilliseconds: 1_470_013_137_223,
                                        factors: [HJ212FactorValue(code: "w01018", rtd: 12.345),
                                                  HJ212FactorValue(code: "w01001", rtd: 7.1, flag: .maintenance)])
        #expect(message.dataSegment == "QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=010000A8900016F000169DC0;"
            + "Flag=5;CP=&&DataTime=20160801085857;w01018-Rtd=12.35,w01018-Flag=N;w01001-Rtd=7.10,w01001-Flag=M&&")
        #expect(message.wantsAcknowledgement)
    }

    @Test(arguments: HJ212DataKind.allCases)
    func statisticsCarryMinAvgMaxCou(kind: HJ212DataKind) throws {
        let factor = HJ212FactorValue(code: "w00000", min: 1, avg: 2.5, max: -3.456, cou: 1200, decimals: 1)
        let message = HJ212Message.data(kind, identity: Self.identity, timestampMilliseconds: 0, factors: [factor],
                                        acknowledge: false)
        #expect(message.cn == kind.rawValue)
        #expect(message.flag == 4)
        #expect(message.cp.hasSuffix("w00000-Min=1.0,w00000-Avg=2.5,w00000-Max=-3.5,w00000-Cou=1200.0,w00000-Flag=N"))
        #expect(try HJ212Message(parsing: message.dataSegment) == message)
    }

    @Test func parsingRejectsSegmentsWithoutRequiredFields() {
        #expect(throws: HJ212Message.ParseError.missingCP) { try HJ212Message(parsing: "QN=1;ST=32;CN=2011") }
        #expect(throws: HJ212Message.ParseError.missingField("MN")) {
            try HJ212Message(parsing: "QN=1;ST=32;CN=2011;Flag=5;CP=&&&&")
        }
        #expect(throws: HJ212Message.ParseError.badFlag("x")) {
            try HJ212Message(parsing: "ST=32;CN=2011;MN=1;Flag=x;CP=&&&&")
        }
    }

    @Test func widthsFollowTable4() throws {
        var message = HJ212Message.data(.realTime, identity: Self.identity, timestampMilliseconds: 0, factors: [])
        try message.validateWidths()
        message.mn += "X"
        #expect(throws: HJ212WidthError(field: "MN", maximum: 24, actual: 25)) { try message.validateWidths() }
        message.mn = "1"
        message.pw = "1234567"
        #expect(throws: HJ212WidthError(field: "PW", maximum: 6, actual: 7)) { try message.validateWidths() }
    }
}

import Testing
@testable import Telemetry

/// Real-time and statistics uploads from samples, periods aligned to China Standard Time.
struct HJ212ReporterTests {
    static let identity = HJ212Identity(pw: "123456", mn: "010000A8900016F000169DC0")
    /// 2026-01-01 00:00:00 CST, in ms UTC.
    static let midnightCST: Int64 = 1_767_196_800_000

    @Test func realTimeEveryIntervalAndMinuteStatisticsWhenThePeriodEnds() {
        var reporter = HJ212Reporter(identity: Self.identity, realtimeInterval: 30, minuteInterval: 10)
        var uploads: [HJ212Message] = []
        // One sample a second for 10 minutes and 1 s: 2.0, 2.1, ... then one more in the next period.
        for second in 0...600 {
            let value = second < 600 ? 2.0 + Double(second % 3) / 10 : 9.0
            uploads += reporter.add(timestampMilliseconds: Self.midnightCST + Int64(second) * 1000,
                                    [(code: "w01009", value: value, flag: .normal)])
        }
        let realTime = uploads.filter { $0.cn == "2011" }
        #expect(realTime.count == 21)   // at 0, 30, ..., 600 s
        #expect(realTime.first?.cp == "DataTime=20260101000000;w01009-Rtd=2.0,w01009-Flag=N")
        let minute = uploads.filter { $0.cn == "2051" }
        #expect(minute.count == 1)
        #expect(minute.first?.cp == "DataTime=20260101000000;w01009-Min=2.0,w01009-Avg=2.1,w01009-Max=2.2,w01009-Flag=N")
        #expect(uploads.filter { $0.cn == "2061" || $0.cn == "2031" }.isEmpty)
        #expect(uploads.allSatisfy { $0.wantsAcknowledgement && $0.mn == Self.identity.mn })
    }

    @Test func dayStatisticsEndAtMidnightChinaStandardTime() {
        var reporter = HJ212Reporter(identity: Self.identity, realtimeInterval: 3600, minuteInterval: 60)
        let before = reporter.add(timestampMilliseconds: Self.midnightCST - 1000, [(code: "w01001", value: 7.1, flag: .normal)])
        let after = reporter.add(timestampMilliseconds: Self.midnightCST, [(code: "w01001", value: 7.3, flag: .normal)])
        #expect(before.map(\.cn) == ["2011"])
        #expect(after.map(\.cn) == ["2051", "2061", "2031"])   // the last real-time upload was under an hour ago
        #expect(after.last?.cp == "DataTime=20251231000000;w01001-Min=7.10,w01001-Avg=7.10,w01001-Max=7.10,w01001-Flag=N")
        // QN = DataTime + 1/2/3 ms by kind: no two uploads share one.
        #expect(after.map(\.qn) == ["20251231230000001", "20251231230000002", "20251231000000003"])
    }

    @Test func flagsOfAPeriod() {
        var mixed = HJ212FactorStatistics()
        mixed.add(1, flag: .communication)
        mixed.add(3, flag: .normal)
        mixed.add(5, flag: .normal)
        #expect(mixed.value(code: "w01009", decimals: 1) == HJ212FactorValue(code: "w01009", min: 3, avg: 4, max: 5, flag: .normal, decimals: 1))
        var bad = HJ212FactorStatistics()
        bad.add(1, flag: .manual)
        bad.add(2, flag: .communication)
        bad.add(3, flag: .communication)
        #expect(bad.value(code: "w01009", decimals: 1)?.flag == .communication)
        #expect(bad.value(code: "w01009", decimals: 1)?.avg == 2)
        var tie = HJ212FactorStatistics()
        tie.add(1, flag: .manual)
        tie.add(2, flag: .fault)
        #expect(tie.value(code: "w01009", decimals: 1)?.flag == .fault, "ties go to the more severe flag")
        #expect(HJ212FactorStatistics().value(code: "w01009", decimals: 1) == nil)
    }
}

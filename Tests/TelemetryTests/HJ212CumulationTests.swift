import Testing
@testable import Telemetry

/// `Cou` of minute statistics, hand-computed: flow w00000 integrated from its rate samples (rate
/// held until the next sample, at most 10 s), COD w01018 mass = mg/L x m3 / 1000 in kg, pH none.
struct HJ212CumulationTests {
    typealias Reading = (value: Double, flag: HJ212DataFlag)

    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var unit: HJ212FlowUnit = .cubicMetresPerHour
        /// Sample times (ms after 00:00 CST) in the 10-minute period; one more at 600 s closes it.
        var times: [Int64] = (0..<600).map { Int64($0) * 1000 }
        var flow: @Sendable (Int64) -> Reading
        var cod: @Sendable (Int64) -> Reading = { _ in (50, .normal) }
        /// Expected fields of the 2051 upload (`w00000-Cou` ...).
        var expected: [String: String]
    }

    static let cases: [Case] = [
        // 36 m3/h = 0.01 m3/s for 600 s = 6 m3; COD 50 mg/L x 6 m3 / 1000 = 0.3 kg.
        Case(testDescription: "constant 36 m3/h for 10 min", flow: { _ in (36, .normal) },
             expected: ["w00000-Cou": "6.00", "w00000-Avg": "36.00", "w00000-Flag": "N", "w01018-Cou": "0.300000"]),
        // 10 L/s = 0.01 m3/s: the same 6 m3.
        Case(testDescription: "constant 10 L/s for 10 min", unit: .litresPerSecond, flow: { _ in (10, .normal) },
             expected: ["w00000-Cou": "6.00", "w01018-Cou": "0.300000"]),
        // 36 m3/h for 300 s (3 m3) then 72 m3/h for 300 s (6 m3); COD 10 then 30 mg/L: 0.03 + 0.18 kg.
        Case(testDescription: "a step of flow and COD at 5 min", flow: { $0 < 300_000 ? (36, .normal) : (72, .normal) },
             cod: { $0 < 300_000 ? (10, .normal) : (30, .normal) },
             expected: ["w00000-Cou": "9.00", "w00000-Min": "36.00", "w00000-Max": "72.00", "w01018-Cou": "0.210000"]),
        // No samples from 120 s to 179 s: the rate at 119 s is held 10 s, the other 51 s count nothing.
        // 119 s + 10 s + 420 s = 549 s x 0.01 m3/s = 5.49 m3; COD 50 mg/L: 0.2745 kg.
        Case(testDescription: "a 61 s gap holds the last rate 10 s",
             times: (0..<600).filter { $0 < 120 || $0 >= 180 }.map { Int64($0) * 1000 }, flow: { _ in (36, .normal) },
             expected: ["w00000-Cou": "5.49", "w01018-Cou": "0.274500"]),
        // Samples at x.5 s: the interval 599.5 s -> 600.5 s is split at the period's end, so the
        // period holds 599.5 s of 1 m3/s (3600 m3/h) = 599.5 m3.
        Case(testDescription: "an interval across the period end is split",
             times: (0..<600).map { Int64($0) * 1000 + 500 }, flow: { _ in (3600, .normal) }, cod: { _ in (1, .normal) },
             expected: ["w00000-Cou": "599.50", "w01018-Cou": "0.599500"]),
        // Flow without communication for the first 300 s: like Min/Avg/Max, Cou is over the N samples
        // only (3 m3); COD (N throughout) counts mass only where the flow was N too (50 x 3 / 1000).
        Case(testDescription: "bad flow samples are left out while there are N ones",
             flow: { $0 < 300_000 ? (99, .communication) : (36, .normal) },
             expected: ["w00000-Cou": "3.00", "w00000-Avg": "36.00", "w00000-Flag": "N", "w01018-Cou": "0.150000",
                        "w01018-Flag": "N"]),
        // Flow in maintenance all period: Cou over all samples (6 m3), flagged M; COD's mass is then
        // not N, so with COD itself N it counts nothing.
        Case(testDescription: "all flow samples bad: Cou over all of them with their flag",
             flow: { _ in (36, .maintenance) },
             expected: ["w00000-Cou": "6.00", "w00000-Flag": "M", "w01018-Cou": "0.000000", "w01018-Flag": "N"]),
        // A negative rate (meter noise around zero) is no discharge.
        Case(testDescription: "negative rates count as zero", flow: { $0 < 300_000 ? (-3.6, .normal) : (36, .normal) },
             expected: ["w00000-Cou": "3.00", "w00000-Min": "-3.60"]),
    ]

    /// `code-Field` -> printed value of one upload's CP.
    static func fields(_ cp: String) -> [String: String] {
        var fields: [String: String] = [:]
        for group in cp.split(separator: ";") {
            for pair in group.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
        }
        return fields
    }

    @Test(arguments: cases) func minuteCou(_ test: Case) throws {
        var reporter = HJ212Reporter(identity: HJ212ReporterTests.identity, realtimeInterval: 30, minuteInterval: 10,
                                     cumulation: HJ212Cumulation(flowUnit: test.unit, massCodes: ["w01018"]))
        var uploads: [HJ212Message] = []
        for time in test.times + [600_000 + (test.times.first ?? 0)] {
            let flow = test.flow(time), cod = test.cod(time)
            uploads += reporter.add(timestampMilliseconds: HJ212ReporterTests.midnightCST + time,
                                    [(code: "w00000", value: flow.value, flag: flow.flag),
                                     (code: "w01018", value: cod.value, flag: cod.flag),
                                     (code: "w01001", value: 7, flag: .normal)])
        }
        let minute = try #require(uploads.first { $0.cn == "2051" })
        let fields = Self.fields(minute.cp)
        for (key, value) in test.expected { #expect(fields[key] == value, "\(key)") }
        #expect(fields["w01001-Cou"] == nil, "pH carries no Cou")
        #expect(fields["w01001-Avg"] == "7.00")
        #expect(uploads.filter { $0.cn == "2011" }.allSatisfy { !$0.cp.contains("Cou") }, "real-time data carries no Cou")
    }

    @Test func noFlowFactorNoCou() {
        var reporter = HJ212Reporter(identity: HJ212ReporterTests.identity, realtimeInterval: 30, minuteInterval: 1)
        var uploads: [HJ212Message] = []
        for second in 0...60 {
            uploads += reporter.add(timestampMilliseconds: HJ212ReporterTests.midnightCST + Int64(second) * 1000,
                                    [(code: "w01018", value: 20, flag: .normal)])
        }
        #expect(uploads.first { $0.cn == "2051" }?.cp == "DataTime=20260101000000;w01018-Min=20.0,w01018-Avg=20.0,w01018-Max=20.0,w01018-Flag=N")
    }

    @Test func flowUnitsAndAppendixBUnits() {
        #expect(HJ212FlowUnit(text: "m³/h") == .cubicMetresPerHour)
        #expect(HJ212FlowUnit(text: "l/s") == .litresPerSecond)
        #expect(HJ212FlowUnit(text: "Nm3/h") == nil)
        #expect(HJ212FactorCatalog.carriesMass("w21003"))
        #expect(!HJ212FactorCatalog.carriesMass("w01009"), "DO carries no Cou")
        #expect(!HJ212FactorCatalog.carriesMass("w01010"), "temperature carries no Cou")
        #expect(HJ212FactorCatalog.concentrationUnit("mg/L", matches: "w01018"))
        #expect(HJ212FactorCatalog.concentrationUnit("", matches: "w01018"))
        #expect(!HJ212FactorCatalog.concentrationUnit("ug/L", matches: "w01018"))
        #expect(HJ212FactorCatalog.concentrationUnit("µg/L", matches: "w20111"))
    }
}

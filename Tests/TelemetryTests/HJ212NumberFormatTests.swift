import Testing
@testable import Telemetry

/// Appendix B number formats: each factor printed with its own decimals, rounded half away from
/// zero, and a value too wide for its integer digits clamped and flagged.
@Suite struct HJ212NumberFormatTests {
    @Test(arguments: [
        ("N5.2", HJ212NumberFormat(integerDigits: 5, decimals: 2) as HJ212NumberFormat?),
        ("N4", HJ212NumberFormat(integerDigits: 4, decimals: 0)),
        ("N9", HJ212NumberFormat(integerDigits: 9, decimals: 0)),
        ("N2.3", HJ212NumberFormat(integerDigits: 2, decimals: 3)),
        ("N", nil), ("N0.2", nil), ("N5.", nil), ("N5.x", nil), ("C24", nil), ("N5.2.1", nil), ("", nil),
    ])
    func parsesAppendixBDataTypes(text: String, expected: HJ212NumberFormat?) {
        #expect(HJ212NumberFormat(text) == expected)
        if let expected { #expect(expected.description == text) }
    }

    @Test(arguments: [
        // Half away from zero on the value as written, not on the binary double below it.
        (2.675, 2, "2.68"), (1.005, 2, "1.01"), (0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (2.665, 2, "2.67"),
        (0.5, 0, "1"), (-0.5, 0, "-1"), (1.5, 0, "2"), (2.5, 0, "3"), (0.49, 0, "0"),
        (99.995, 2, "100.00"), (9.95, 1, "10.0"), (0, 3, "0.000"), (-0.004, 2, "0.00"), (-0.0, 1, "0.0"),
        (1e-05, 2, "0.00"), (0.000015, 5, "0.00002"), (1.5e20, 0, "150000000000000000000"), (12, 2, "12.00"),
        (123456789.4, 0, "123456789"), (0.1 + 0.2, 1, "0.3"), (Double.nan, 2, "0"),
    ])
    func roundsHalfAwayFromZero(value: Double, decimals: Int, expected: String) {
        #expect(HJ212NumberFormat(integerDigits: nil, decimals: decimals).text(value) == expected)
    }

    @Test func widthIsCheckedAfterRounding() throws {
        let nh3n = try #require(HJ212NumberFormat("N4.2"))
        #expect(nh3n.fits(9999.994))
        #expect(!nh3n.fits(9999.995), "rounds to 10000.00: five integer digits")
        #expect(nh3n.fits(-9999.99), "a sign is not a digit")
        #expect(nh3n.largest == 9999.99)
        #expect(HJ212NumberFormat("N4")?.largest == 9999)
        #expect(HJ212NumberFormat(integerDigits: nil, decimals: 2).fits(1e30))
    }

    /// One real-time upload of `code` = `value` (flag N) through the reporter: its `Rtd` and `Flag`.
    static func realTime(_ code: String, _ value: Double) -> String? {
        var reporter = HJ212Reporter(identity: HJ212ReporterTests.identity, realtimeInterval: 30, minuteInterval: 10)
        let upload = reporter.add(timestampMilliseconds: HJ212ReporterTests.midnightCST, [(code: code, value: value, flag: .normal)])
        return upload.first.map { String($0.cp.dropFirst("DataTime=20260101000000;".count)) }
    }

    @Test(arguments: [
        ("w00000", 12.345, "12.35", "N"),          // effluent flow N5.2
        ("w00000", 123456.7, "99999.99", "T"),
        ("w01001", 7.125, "7.13", "N"),            // pH N2.2
        ("w01001", 100, "99.99", "T"),
        ("w01009", 2.05, "2.1", "N"),              // DO N3.1
        ("w01010", -0.25, "-0.3", "N"),            // temperature N3.1, below zero within width
        ("w01010", -1000, "-999.9", "D"),          // far below zero: a fault, not an over-limit
        ("w01012", 12.5, "13", "N"),               // SS N4: an integer
        ("w01014", 999.94, "999.9", "N"),          // conductivity N3.1
        ("w01017", 8.25, "8.3", "N"),              // BOD5 N5.1
        ("w01018", 12.25, "12.3", "N"),            // COD N5.1
        ("w01018", 123456.7, "99999.9", "T"),
        ("w01018", 99999.95, "99999.9", "T"),      // rounds to 100000.0
        ("w02003", 123456789.4, "123456789", "N"), // fecal coliforms N9
        ("w20117", 0.0125, "0.013", "N"),          // Cr(VI) N2.3
        ("w21001", 15.555, "15.56", "N"),          // TN N4.2
        ("w21003", 1.005, "1.01", "N"),            // NH3-N N4.2
        ("w21003", 9999.994, "9999.99", "N"),
        ("w21003", 9999.995, "9999.99", "T"),
        ("w21011", 0.125, "0.13", "N"),            // TP N3.2
        ("w21038", 250.5, "251", "N"),             // sulphate N6
        ("w23002", 0.00125, "0.0013", "N"),        // volatile phenol N3.4
        ("w99999", 123456.789, "123456.79", "N"),  // not in the catalog: 2 decimals, no width
    ])
    func eachFactorIsPrintedInItsFormat(code: String, value: Double, text: String, flag: String) {
        #expect(Self.realTime(code, value) == "\(code)-Rtd=\(text),\(code)-Flag=\(flag)")
    }

    @Test func theCatalogKnowsTheFormatsOfTheUnitsEffluentFactors() {
        let expected = ["w00000": "N5.2", "w01001": "N2.2", "w01009": "N3.1", "w01010": "N3.1", "w01018": "N5.1",
                        "w21001": "N4.2", "w21003": "N4.2", "w21011": "N3.2"]
        for (code, format) in expected { #expect(HJ212FactorCatalog.formats[code]?.description == format, "\(code)") }
        #expect(Set(HJ212FactorCatalog.massConcentrationUnits.keys).isSubset(of: HJ212FactorCatalog.formats.keys),
                "every mass pollutant has a format")
    }

    @Test func overRangeSamplesAreLeftOutOfStatisticsWithNormalOnesAndReportedOnce() {
        var reporter = HJ212Reporter(identity: HJ212ReporterTests.identity, realtimeInterval: 3600, minuteInterval: 1)
        var uploads: [HJ212Message] = []
        // COD 20 mg/L with two samples beyond N5.1 in the first minute; the second minute all beyond it.
        for second in 0...120 {
            let value = second >= 60 || second == 10 || second == 20 ? 250_000 : 20.0
            uploads += reporter.add(timestampMilliseconds: HJ212ReporterTests.midnightCST + Int64(second) * 1000,
                                    [(code: "w01018", value: value, flag: .normal)])
        }
        let minutes = uploads.filter { $0.cn == "2051" }.map(\.cp)
        #expect(minutes == ["DataTime=20260101000000;w01018-Min=20.0,w01018-Avg=20.0,w01018-Max=20.0,w01018-Flag=N",
                            "DataTime=20260101000100;w01018-Min=99999.9,w01018-Avg=99999.9,w01018-Max=99999.9,w01018-Flag=T"])
        let reported = reporter.takeOverRange()
        #expect(reported == [HJ212OverRange(code: "w01018", value: 250_000, format: HJ212NumberFormat(integerDigits: 5, decimals: 1),
                                            sent: 99999.9, flag: .overLimit)])
        #expect(reporter.takeOverRange().isEmpty, "reported once, not every sample")
    }

    @Test func aSampleAlreadyFlaggedKeepsItsFlagWhenClamped() {
        var reporter = HJ212Reporter(identity: HJ212ReporterTests.identity, realtimeInterval: 30, minuteInterval: 10)
        let upload = reporter.add(timestampMilliseconds: HJ212ReporterTests.midnightCST,
                                  [(code: "w01001", value: 140, flag: .communication)])
        #expect(upload.first?.cp.hasSuffix("w01001-Rtd=99.99,w01001-Flag=B") == true)
    }
}

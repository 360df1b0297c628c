import Testing
@testable import Telemetry

@Suite struct SparkplugDeadbandTests {
    @Test(arguments: [
        (SparkplugValue.double(2.0), SparkplugValue.double(2.5), 0.5, false),  // exactly the deadband: no report
        (.double(2.0), .double(2.51), 0.5, true),
        (.double(2.0), .double(1.49), 0.5, true),
        (.float(1.0), .float(1.0), 0, false),
        (.int16(-3), .int16(-2), 0, true),
        (.uint64(10), .uint64(12), 5, false),
        (.boolean(false), .boolean(true), 10, true),                          // booleans ignore the deadband
        (.string("auto"), .string("auto"), 0, false),
        (.string("auto"), .string("manual"), 100, true),
        (.int32(1), .double(1), 0, true),                                      // another datatype always differs
    ])
    func reportsOnlyMovesPastTheDeadband(last: SparkplugValue, new: SparkplugValue, deadband: Double, reported: Bool) {
        #expect(new.differs(from: last, deadband: deadband) == reported)
    }
}

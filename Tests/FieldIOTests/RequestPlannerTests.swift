import Config
import FieldIO
import Testing

@Suite struct RequestPlannerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var points: [PointSpec]
        var maxRegisters = 125
        var maxBits = 2000
        var maxGap = 0
        /// Expected requests as (table, address, count, point names).
        var expected: [Span]
        var testDescription: String { name }
    }

    struct Span: Equatable, Sendable, CustomStringConvertible {
        var table: RegisterTable
        var address: UInt16
        var count: Int
        var points: [String]
        init(_ table: RegisterTable, _ address: UInt16, _ count: Int, _ points: [String]) {
            self.table = table
            self.address = address
            self.count = count
            self.points = points
        }
        var description: String { "\(table.rawValue) \(address)+\(count) \(points)" }
    }

    static func point(_ name: String, _ address: UInt16, _ type: ValueType = .uint16,
                      table: RegisterTable = .holding, access: Access = .read) -> PointSpec {
        PointSpec(name: name, table: table, address: address, type: table.isBit ? .bool : type, access: access)
    }

    static let cases: [Case] = [
        Case(name: "contiguous points make one request",
             points: [point("a", 0, .float32), point("b", 2, .float32), point("c", 4)],
             expected: [Span(.holding, 0, 5, ["a", "b", "c"])]),
        Case(name: "unsorted input is read in address order",
             points: [point("c", 4), point("a", 0, .float32), point("b", 2, .float32)],
             expected: [Span(.holding, 0, 5, ["a", "b", "c"])]),
        Case(name: "a gap splits when max_gap is 0",
             points: [point("a", 0), point("b", 3)],
             expected: [Span(.holding, 0, 1, ["a"]), Span(.holding, 3, 1, ["b"])]),
        Case(name: "a gap up to max_gap is read over",
             points: [point("a", 0), point("b", 3)], maxGap: 2,
             expected: [Span(.holding, 0, 4, ["a", "b"])]),
        Case(name: "a gap beyond max_gap splits",
             points: [point("a", 0), point("b", 4)], maxGap: 2,
             expected: [Span(.holding, 0, 1, ["a"]), Span(.holding, 4, 1, ["b"])]),
        Case(name: "the register limit splits",
             points: [point("a", 0, .float32), point("b", 2, .float32), point("c", 4, .float32)], maxRegisters: 4,
             expected: [Span(.holding, 0, 4, ["a", "b"]), Span(.holding, 4, 2, ["c"])]),
        Case(name: "a point is never split across requests",
             points: [point("a", 0, .float32), point("b", 2, .float32)], maxRegisters: 3,
             expected: [Span(.holding, 0, 2, ["a"]), Span(.holding, 2, 2, ["b"])]),
        Case(name: "a point longer than the limit gets its own request",
             points: [point("a", 0, .float64), point("b", 4)], maxRegisters: 2,
             expected: [Span(.holding, 0, 4, ["a"]), Span(.holding, 4, 1, ["b"])]),
        Case(name: "tables are never mixed, input first, then holding, discrete, coil",
             points: [point("h", 0, table: .holding), point("c", 1, table: .coil), point("i", 1, table: .input),
                      point("d", 2, table: .discrete)],
             expected: [Span(.input, 1, 1, ["i"]), Span(.holding, 0, 1, ["h"]),
                        Span(.discrete, 2, 1, ["d"]), Span(.coil, 1, 1, ["c"])]),
        Case(name: "bits use the bit limit",
             points: [point("c0", 0, table: .coil), point("c1", 1, table: .coil), point("c2", 2, table: .coil)], maxRegisters: 1,
             maxBits: 2,
             expected: [Span(.coil, 0, 2, ["c0", "c1"]), Span(.coil, 2, 1, ["c2"])]),
        Case(name: "write-only points are not read",
             points: [point("a", 0), point("w", 1, access: .write), point("b", 2)], maxGap: 0,
             expected: [Span(.holding, 0, 1, ["a"]), Span(.holding, 2, 1, ["b"])]),
        Case(name: "no points, no requests", points: [], expected: []),
    ]

    @Test(arguments: cases)
    func plans(_ testCase: Case) {
        let requests = RequestPlanner.plan(testCase.points, maxRegisters: testCase.maxRegisters,
                                           maxBits: testCase.maxBits, maxGap: testCase.maxGap)
        let spans = requests.map { Span($0.table, $0.address, $0.count, $0.points.map(\.name)) }
        #expect(spans == testCase.expected)
        // Every request covers its points and stays within the limit unless a lone point is larger.
        for request in requests {
            let limit = request.table.isBit ? testCase.maxBits : testCase.maxRegisters
            #expect(request.count <= limit || request.points.count == 1)
            for point in request.points {
                #expect(point.address >= request.address && point.endAddress <= request.endAddress)
            }
        }
    }

    @Test func usesTheProfileLimits() {
        let profile = Fixtures.profile([Self.point("a", 0), Self.point("b", 1), Self.point("c", 2)], maxRegisters: 2)
        let requests = RequestPlanner.plan(profile.points, profile: profile)
        #expect(requests.map(\.count) == [2, 1])
        #expect(requests.first?.operation == "read holding 0..1")
    }
}

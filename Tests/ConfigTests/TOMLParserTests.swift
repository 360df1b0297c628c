import Testing
@testable import Config

@Suite struct TOMLParserTests {
    func parse(_ text: String) throws -> TOMLTable {
        let result = TOMLParser.parse(text)
        try #require(result.errors.isEmpty, "\(result.errors)")
        return result.table
    }

    func firstError(_ text: String) -> TOMLError? { TOMLParser.parse(text).errors.first }

    @Test func stringsOfEveryKind() throws {
        let table = try parse(#"""
        basic = "tab\there \"q\" \u00e9 \U0001F600"
        literal = 'C:\path\n'
        multi = """
        one
        two \
            three"""
        multiLiteral = '''
        raw \n
        line'''
        quotes = """a ""quoted"" word"""""
        """#)
        #expect(table["basic"]?.string == "tab\there \"q\" é 😀")
        #expect(table["literal"]?.string == #"C:\path\n"#)
        #expect(table["multi"]?.string == "one\ntwo three")
        #expect(table["multiLiteral"]?.string == "raw \\n\nline")
        #expect(table["quotes"]?.string == #"a ""quoted"" word"""#)
    }

    @Test(arguments: [
        ("42", TOMLValue.integer(42)), ("+17", .integer(17)), ("-1_000", .integer(-1000)), ("0", .integer(0)),
        ("0xDEAD_beef", .integer(0xDEADBEEF)), ("0o755", .integer(0o755)), ("0b1101", .integer(13)),
        ("3.25", .float(3.25)), ("-0.5e-3", .float(-0.0005)), ("6E2", .float(600)), ("1_000.5", .float(1000.5)),
        ("inf", .float(.infinity)), ("-inf", .float(-.infinity)), ("true", .boolean(true)), ("false", .boolean(false)),
        ("1979-05-27T07:32:00Z", .dateTime("1979-05-27T07:32:00Z")), ("1979-05-27 07:32:00.5-07:00", .dateTime("1979-05-27 07:32:00.5-07:00")),
        ("1979-05-27", .dateTime("1979-05-27")), ("07:32:00", .dateTime("07:32:00")),
    ])
    func scalars(text: String, expected: TOMLValue) throws {
        let table = try parse("v = \(text)")
        #expect(table["v"]?.value == expected)
    }

    @Test func nanIsAFloat() throws {
        let value = try #require(try parse("v = nan")["v"]?.float)
        #expect(value.isNaN)
    }

    @Test(arguments: ["01", "1__0", "_1", "1_", "0x", "+0x10", "1.", ".5", "1e", "9223372036854775808", "hello", "1979-05-27T25"])
    func invalidNumbers(text: String) {
        #expect(firstError("v = \(text)")?.message.hasPrefix("invalid value") == true)
    }

    @Test func tablesDottedKeysAndLines() throws {
        let table = try parse("""
        title = "x"
        # comment
        [buses.field]
        type = "rtu"   # trailing comment
        serial.baud = 9600
        "quoted key" = 1
        [buses.plant]
        host = "h"
        """)
        let field = try #require(table["buses"]?.table?["field"])
        #expect(field.line == 3)
        #expect(field.table?["type"]?.line == 4)
        #expect(field.table?["serial"]?.table?["baud"]?.integer == 9600)
        #expect(field.table?["serial"]?.table?["baud"]?.line == 5)
        #expect(field.table?["quoted key"]?.integer == 1)
        #expect(table["buses"]?.table?.keys == ["field", "plant"])
        #expect(table["buses"]?.table?["plant"]?.table?["host"]?.line == 8)
    }

    @Test func arraysInlineTablesAndArraysOfTables() throws {
        let table = try parse("""
        ports = [
          1,   # first
          2,
        ]
        pin = { chip = "main", line = 17, opts.bias = "pull-up" }
        [[step]]
        name = "a"
        [[step]]
        name = "b"
        [step.detail]
        x = 1
        """)
        let ports = try #require(table["ports"]?.array)
        #expect(ports.map(\.integer) == [1, 2])
        #expect(ports.map(\.line) == [2, 3])
        #expect(table["pin"]?.table?["opts"]?.table?["bias"]?.string == "pull-up")
        let steps = try #require(table["step"]?.array)
        #expect(steps.map { $0.table?["name"]?.string } == ["a", "b"])
        #expect(steps[1].table?["detail"]?.table?["x"]?.integer == 1)
        #expect(steps[1].line == 8)
    }

    @Test func duplicateKeyIsReportedAtTheSecondLine() {
        let error = firstError("a = 1\nb = 2\na = 3\n")
        #expect(error == TOMLError(line: 3, key: "a", message: "key defined twice (first at line 1)"))
    }

    @Test func duplicateTableIsReportedAndParsingGoesOn() {
        let result = TOMLParser.parse("[x]\na = 1\n[x]\nb = 2\n[y]\nc = 1\nc = 2\n")
        #expect(result.errors == [
            TOMLError(line: 3, key: "x", message: "table defined twice (first at line 1)"),
            TOMLError(line: 7, key: "y.c", message: "key defined twice (first at line 6)"),
        ])
        #expect(result.complete)
    }

    @Test(arguments: [
        ("a = 1\nb = \n", 2, "expected a value, found end of line"),
        ("a = \"open\n", 1, "unterminated string"),
        ("\n\na = 1 2\n", 3, "expected end of line, found '2'"),
        ("[t\n", 1, "expected ']' to close table header, found end of line"),
        ("a = { b = 1, }\n", 1, "expected a key, found '}'"),
        ("a = [1 2]\n", 1, "expected ',' or ']' in array, found '2]'"),
        ("a = \"\\q\"\n", 1, "invalid escape '\\q'"),
        ("x\n", 1, "expected '=' after key 'x', found end of line"),
    ])
    func syntaxErrorsCarryTheirLine(text: String, line: Int, message: String) {
        let result = TOMLParser.parse(text)
        #expect(result.errors == [TOMLError(line: line, message: message)])
        #expect(!result.complete)
    }

    @Test func structureErrors() {
        #expect(firstError("a = 1\n[a.b]\n") == TOMLError(line: 2, key: "a", message: "cannot add to integer defined at line 1"))
        #expect(firstError("a = { b = 1 }\na.c = 2\n")?.message == "cannot add keys to table defined at line 1")
        #expect(firstError("[a]\nb.c = 1\n[a.b]\n")?.message == "table defined twice (first at line 2)")
        #expect(firstError("a = [1]\n[[a]]\n")?.message == "already defined as array at line 1")
    }

    @Test func valueAndKeyForOverrides() {
        #expect(TOMLParser.parseValue("1502") == .integer(1502))
        #expect(TOMLParser.parseValue("[1, 2]")?.typeName == "array")
        #expect(TOMLParser.parseValue("/dev/ttyUSB0") == nil)
        #expect(TOMLParser.parseValue("1 2") == nil)
        #expect(TOMLParser.parseKey(#"pins."P1-11".chip"#) == ["pins", "P1-11", "chip"])
        #expect(TOMLParser.parseKey("a b") == nil)
    }
}

import Testing
@testable import Console

@Suite struct LineEditorTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var input: String
        var line: String
        var cursor: Int
        var echo: String
        var description: String { name }
    }

    static let esc = "\u{1B}"
    static let cases: [Case] = [
        Case(name: "typing", input: "abc", line: "abc", cursor: 3, echo: "abc"),
        Case(name: "backspace DEL", input: "abc\u{7F}", line: "ab", cursor: 2, echo: "abc\u{8}\(esc)[K"),
        Case(name: "backspace BS", input: "abc\u{8}", line: "ab", cursor: 2, echo: "abc\u{8}\(esc)[K"),
        Case(name: "left then insert", input: "ac\(esc)[Db", line: "abc", cursor: 2, echo: "ac\u{8}bc\u{8}"),
        Case(name: "home CSI H", input: "bc\(esc)[Ha", line: "abc", cursor: 1, echo: "bc\(esc)[2Dabc\(esc)[2D"),
        Case(name: "home 1~ end 4~", input: "ab\(esc)[1~\(esc)[4~c", line: "abc", cursor: 3, echo: "ab\(esc)[2Dabc"),
        Case(name: "home SS3 end SS3", input: "ab\(esc)OH\(esc)OFc", line: "abc", cursor: 3, echo: "ab\(esc)[2Dabc"),
        Case(name: "delete 3~", input: "abc\u{1}\(esc)[3~", line: "bc", cursor: 0, echo: "abc\(esc)[3Dbc\(esc)[K\(esc)[2D"),
        Case(name: "ctrl-A ctrl-E", input: "bc\u{1}a\u{5}d", line: "abcd", cursor: 4, echo: "bc\(esc)[2Dabc\(esc)[2Dbcd"),
        Case(name: "ctrl-K", input: "abcd\u{2}\u{2}\u{B}", line: "ab", cursor: 2, echo: "abcd\u{8}\u{8}\(esc)[K"),
        Case(name: "ctrl-U", input: "abcd\u{2}\u{15}", line: "d", cursor: 0, echo: "abcd\u{8}\(esc)[3Dd\(esc)[K\u{8}"),
        Case(name: "ctrl-W", input: "set sp do1\u{17}", line: "set sp ", cursor: 7,
             echo: "set sp do1\(esc)[3D\(esc)[K"),
        Case(name: "ctrl-D deletes under cursor", input: "ab\u{2}\u{4}", line: "a", cursor: 1, echo: "ab\u{8}\(esc)[K"),
        Case(name: "right at end does nothing", input: "a\(esc)[C", line: "a", cursor: 1, echo: "a"),
        Case(name: "unknown CSI dropped", input: "a\(esc)[99Zb", line: "ab", cursor: 2, echo: "ab"),
        Case(name: "overlong CSI dropped", input: "a\(esc)[1234567890b", line: "a90b", cursor: 4, echo: "a90b"),
        Case(name: "alt-key dropped", input: "a\(esc)xb", line: "ab", cursor: 2, echo: "ab"),
        Case(name: "non-printable ignored", input: "a\u{0}\u{7}\u{1F}\u{200B}é b", line: "aé b", cursor: 4, echo: "aé b"),
    ]

    @Test(arguments: cases)
    func keys(_ item: Case) {
        var editor = LineEditor()
        for byte in item.input.utf8 { #expect(editor.feed(byte) == nil) }
        #expect(editor.line == item.line)
        #expect(editor.cursor == item.cursor)
        #expect(String(decoding: editor.takeOutput(), as: UTF8.self) == item.echo)
    }

    static func feed(_ editor: inout LineEditor, _ text: String, complete: LineCompleter? = nil) -> [LineEditorEvent] {
        text.utf8.compactMap { editor.feed($0, complete: complete) }
    }

    @Test func lineEndsCountOnce() {
        var editor = LineEditor()
        #expect(Self.feed(&editor, "a\rb\nc\r\nd\n\re\r\r") ==
                [.line("a"), .line("b"), .line("c"), .line("d"), .line(""), .line("e"), .line("")])
    }

    @Test func limitRingsTheBellOnceAndKeepsTheLine() {
        var editor = LineEditor(limit: 4)
        _ = Self.feed(&editor, "abcdefgh")
        #expect(editor.line == "abcd")
        #expect(editor.takeOutput() == Array("abcd".utf8) + [LineEditor.bell])
    }

    @Test func historyRecallsOlderAndNewerAndKeepsTheDraft() {
        var editor = LineEditor()
        _ = Self.feed(&editor, "status\rshow loop\rdra")
        _ = Self.feed(&editor, "\u{1B}[A")
        #expect(editor.line == "show loop")
        _ = Self.feed(&editor, "\u{1B}[A\u{1B}[A")
        #expect(editor.line == "status")
        _ = Self.feed(&editor, "\u{1B}[B\u{1B}[B")
        #expect(editor.line == "dra")
        #expect(editor.history == ["status", "show loop"])
    }

    @Test func secretLinesAreNotEchoedNorKept() {
        var editor = LineEditor()
        editor.begin(prompt: "password: ", secret: true)
        _ = editor.takeOutput()
        #expect(Self.feed(&editor, "hunter22\u{7F}2\r") == [.line("hunter22")])
        #expect(editor.takeOutput() == [0x0D, 0x0A])
        #expect(editor.history.isEmpty)
    }

    @Test func completionCompletesExtendsAndLists() {
        let words = ["status", "show", "set"]
        let complete: LineCompleter = { _ in words }
        var editor = LineEditor()
        _ = Self.feed(&editor, "st\t", complete: complete)
        #expect(editor.line == "status ")
        var second = LineEditor()
        _ = Self.feed(&second, "s\t", complete: complete)
        #expect(second.line == "s")
        #expect(String(decoding: second.takeOutput(), as: UTF8.self).contains("set  show  status"))
        var third = LineEditor()
        _ = Self.feed(&third, "x\t", complete: complete)
        #expect(third.takeOutput().last == LineEditor.bell)
    }

    @Test func dumbModeNeverWritesEscape() {
        var editor = LineEditor(style: .dumb)
        editor.begin(prompt: "> ")
        _ = Self.feed(&editor, "abcdef\u{1B}[D\u{1B}[D\u{7F}X\u{1}\u{1B}[3~\u{B}q\u{15}hello\rst\u{1B}[A\u{17}")
        let output = editor.takeOutput()
        #expect(!output.contains(0x1B))
        #expect(editor.line == "")
    }

    @Test func dumbModeRedrawsByRetyping() {
        var editor = LineEditor(style: .dumb)
        _ = Self.feed(&editor, "ac\u{2}b")
        #expect(editor.line == "abc")
        #expect(String(decoding: editor.takeOutput(), as: UTF8.self) == "ac\u{8}bc\u{8}")
    }
}

import Testing
@testable import Console

/// UTF-8 input: characters, not bytes, under the cursor; two columns for CJK; broken input dropped.
@Suite struct LineEditorUTF8Tests {
    static let esc = "\u{1B}"

    static func type(_ bytes: [UInt8], into editor: inout LineEditor) -> [LineEditorEvent] {
        bytes.compactMap { editor.feed($0) }
    }

    @Test func chineseCharactersAreOneCharacterAndTwoColumnsEach() {
        var editor = LineEditor()
        _ = Self.type(Array("用户王".utf8), into: &editor)
        #expect(editor.line == "用户王")
        #expect(editor.cursor == 3)
        #expect(editor.buffer.count == 9)
        _ = editor.takeOutput()
        // Left moves over one character: two columns back.
        _ = Self.type(Array("\(Self.esc)[D".utf8), into: &editor)
        #expect(editor.cursor == 2)
        #expect(String(decoding: editor.takeOutput(), as: UTF8.self) == "\(Self.esc)[2D")
        // Backspace removes 户 whole, moves two columns and redraws 王 with the line erased after it.
        _ = Self.type([0x7F], into: &editor)
        #expect(editor.line == "用王")
        #expect(String(decoding: editor.takeOutput(), as: UTF8.self) == "\(Self.esc)[2D王\(Self.esc)[K\(Self.esc)[2D")
        // Inserting ASCII before a wide character redraws it and steps back its two columns.
        _ = Self.type(Array("a".utf8), into: &editor)
        #expect(editor.line == "用a王")
        #expect(String(decoding: editor.takeOutput(), as: UTF8.self) == "a王\(Self.esc)[2D")
    }

    @Test func homeAndDeleteOnMixedTextCountColumns() {
        var editor = LineEditor(style: .dumb)
        _ = Self.type(Array("x名字".utf8), into: &editor)
        _ = editor.takeOutput()
        _ = Self.type([0x01, 0x04], into: &editor)  // Ctrl-A, then Ctrl-D deletes x
        #expect(editor.line == "名字")
        #expect(editor.cursor == 0)
        // Dumb terminal: five backspaces to column 0, retype, blank the one stale column, back again.
        let back5 = String(repeating: "\u{8}", count: 5)
        #expect(String(decoding: editor.takeOutput(), as: UTF8.self) == back5 + "名字 " + back5)
    }

    @Test(arguments: [
        ("stray continuation", [0x61, 0x80, 0x62] as [UInt8], "ab"),
        ("overlong slash", [0x61, 0xC0, 0xAF, 0x62], "ab"),
        ("overlong three bytes", [0xE0, 0x80, 0xAF, 0x62], "b"),
        ("surrogate", [0xED, 0xA0, 0x80, 0x62], "b"),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80, 0x62], "b"),
        ("truncated then ASCII", [0xE4, 0xB8, 0x61], "a"),
        ("truncated then Enter ends the line", [0xE4, 0x0D], ""),
        ("C1 control", [0xC2, 0x85, 0x61], "a"),
        ("invalid lead bytes", [0xF5, 0xFF, 0xFE, 0x61], "a"),
        ("valid after invalid", [0xFF, 0xE4, 0xB8, 0xAD], "中"),
    ])
    func invalidUTF8IsDropped(name: String, bytes: [UInt8], line: String) {
        var editor = LineEditor()
        let events = Self.type(bytes, into: &editor)
        let typed = events.first.map { event -> String in
            if case .line(let text) = event { return text }
            return "?"
        } ?? editor.line
        #expect(typed == line, "\(name)")
    }

    @Test func limitCountsBytesNotCharacters() {
        var editor = LineEditor(limit: 7)
        _ = Self.type(Array("中文字a".utf8), into: &editor)
        // 中文 take 6 bytes; 字 (3 more) does not fit and rings, a (1) still does.
        #expect(editor.line == "中文a")
        #expect(editor.buffer.count == 7)
    }

    @Test func historyRecallsChineseLines() {
        var editor = LineEditor()
        #expect(Self.type(Array("users add 王伟 operator\r".utf8), into: &editor) == [.line("users add 王伟 operator")])
        _ = editor.takeOutput()
        _ = Self.type(Array("\(Self.esc)[A".utf8), into: &editor)
        #expect(editor.line == "users add 王伟 operator")
        #expect(editor.cursor == 21)
    }

    @Test(arguments: [("a", 1), ("é", 1), ("中", 2), ("한", 2), ("ｶ", 1), ("Ａ", 2), ("😀", 2)] as [(String, Int)])
    func displayWidth(text: String, width: Int) {
        #expect(LineEditor.displayWidth(text.unicodeScalars.first!) == width)
    }
}

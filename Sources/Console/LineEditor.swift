/// How a terminal is driven: VT100 escape sequences, or none at all.
public enum TerminalStyle: String, Sendable, CaseIterable {
    /// Cursor movement and erase-line escape sequences (VT100 and every terminal emulator since).
    case vt100
    /// No escape sequences are ever written: edits are redrawn by retyping, backspace and spaces.
    case dumb
}

/// What feeding bytes to the editor produced, besides echo.
public enum LineEditorEvent: Sendable, Equatable {
    /// Enter: the finished line (already added to history unless secret or blank).
    case line(String)
    /// Ctrl-C: the line was abandoned.
    case interrupt
    /// Ctrl-D on an empty line.
    case endOfInput
}

/// Offers completions for the word ending at the cursor: given the text before the cursor,
/// returns the full candidate words for its last (possibly empty) word.
public typealias LineCompleter = (_ textBeforeCursor: String) -> [String]

/// A line editor as a pure state machine: bytes in, events and terminal output bytes out.
///
/// The line is kept as Unicode scalars: the cursor moves by character and the terminal cursor by
/// display columns (two for CJK and other wide characters, `displayWidth`). Bytes that are neither
/// printable UTF-8 nor editing keys are ignored. A line never exceeds `limit` UTF-8 bytes; excess
/// typing rings the bell once per burst.
public struct LineEditor: Sendable {
    public static let bell: UInt8 = 0x07

    public var style: TerminalStyle
    /// Longest line accepted, in bytes.
    public let limit: Int
    /// Lines kept for up/down recall.
    public let historyLimit: Int

    /// The line, one scalar a character.
    public internal(set) var characters: [Unicode.Scalar] = []
    /// Cursor position, in characters from the start of the line.
    public internal(set) var cursor = 0
    public internal(set) var history: [String] = []
    /// Bytes to send to the terminal; the owner takes them with `takeOutput()`.
    public internal(set) var output: [UInt8] = []
    /// The prompt drawn before the line (may be non-ASCII: it is only ever redrawn whole).
    public private(set) var prompt = ""
    /// Secret entry: nothing is echoed and the line is not kept in history.
    public private(set) var isSecret = false

    private var decoder = KeyDecoder()
    var historyIndex: Int?
    var draft: [Unicode.Scalar] = []
    private var rangBell = false

    public init(style: TerminalStyle = .vt100, limit: Int = 256, historyLimit: Int = 100) {
        self.style = style
        self.limit = max(1, limit)
        self.historyLimit = max(0, historyLimit)
    }

    /// The current line as text.
    public var line: String { Self.text(characters) }
    /// The current line as UTF-8 bytes.
    public var buffer: [UInt8] { Array(line.utf8) }

    /// Starts a new line with `prompt` and draws it.
    public mutating func begin(prompt: String, secret: Bool = false) {
        self.prompt = prompt
        isSecret = secret
        characters.removeAll(keepingCapacity: true)
        cursor = 0
        historyIndex = nil
        rangBell = false
        output.append(contentsOf: Array(prompt.utf8))
    }

    /// Redraws prompt and line after other output was written (e.g. completion lists).
    public mutating func redrawAfterOutput() {
        output.append(contentsOf: Array(prompt.utf8))
        if !isSecret {
            output.append(contentsOf: buffer)
            moveLeft(Self.columns(characters[cursor...]))
        }
    }

    /// Takes the pending terminal output.
    public mutating func takeOutput() -> [UInt8] {
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    /// Feeds one byte. `complete` is asked on Tab.
    public mutating func feed(_ byte: UInt8, complete: LineCompleter? = nil) -> LineEditorEvent? {
        guard let key = decoder.decode(byte) else { return nil }
        return apply(key, complete: complete)
    }

    /// Applies one decoded key.
    public mutating func apply(_ key: TerminalKey, complete: LineCompleter? = nil) -> LineEditorEvent? {
        if case .character = key {} else { rangBell = false }
        switch key {
        case .character(let scalar): insert([scalar])
        case .enter: return finishLine()
        case .backspace:
            guard cursor > 0 else { return nil }
            remove(cursor - 1 ..< cursor)
        case .delete:
            guard cursor < characters.count else { return nil }
            remove(cursor ..< cursor + 1)
        case .endOfInput:
            if characters.isEmpty { return .endOfInput }
            guard cursor < characters.count else { return nil }
            remove(cursor ..< cursor + 1)
        case .left: moveCursor(to: cursor - 1)
        case .right: moveCursor(to: cursor + 1)
        case .home: moveCursor(to: 0)
        case .end: moveCursor(to: characters.count)
        case .up: recall(older: true)
        case .down: recall(older: false)
        case .killToEnd: remove(cursor ..< characters.count)
        case .killToStart: remove(0 ..< cursor)
        case .deleteWord:
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            remove(start ..< cursor)
        case .tab:
            guard !isSecret, let complete else { ringBell(); return nil }
            completeWord(complete)
        case .interrupt:
            output.append(contentsOf: Array("^C\r\n".utf8))
            characters.removeAll(keepingCapacity: true)
            cursor = 0
            historyIndex = nil
            return .interrupt
        }
        return nil
    }

    private mutating func finishLine() -> LineEditorEvent {
        let text = line
        output.append(contentsOf: [0x0D, 0x0A])
        if !isSecret, !text.allSatisfy({ $0 == " " }), history.last != text, historyLimit > 0 {
            history.append(text)
            if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        }
        characters.removeAll(keepingCapacity: true)
        cursor = 0
        historyIndex = nil
        return .line(text)
    }

    mutating func appendOutput(_ bytes: [UInt8]) { output.append(contentsOf: bytes) }

    mutating func ringBell() {
        guard !rangBell else { return }
        rangBell = true
        output.append(Self.bell)
    }

    mutating func insert(_ scalars: [Unicode.Scalar]) {
        guard !scalars.isEmpty else { return }
        guard Self.byteCount(characters) + Self.byteCount(scalars) <= limit else { ringBell(); return }
        rangBell = false
        let atEnd = cursor == characters.count
        characters.insert(contentsOf: scalars, at: cursor)
        cursor += scalars.count
        guard !isSecret else { return }
        if atEnd {
            output.append(contentsOf: Array(Self.text(scalars).utf8))
        } else {
            redrawTail(erasing: 0, from: cursor - scalars.count)
        }
    }

    private mutating func remove(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let back = Self.columns(characters[range.lowerBound ..< cursor])
        let erased = Self.columns(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
        guard !isSecret else { return }
        moveLeft(back)
        redrawTail(erasing: erased, from: cursor)
    }

    private mutating func moveCursor(to position: Int) {
        let target = min(max(0, position), characters.count)
        guard target != cursor else { return }
        if !isSecret {
            if target < cursor {
                moveLeft(Self.columns(characters[target ..< cursor]))
            } else {
                output.append(contentsOf: Array(Self.text(characters[cursor ..< target]).utf8))
            }
        }
        cursor = target
    }
}

extension LineEditor {
    /// Rewrites the line from `position` (where the terminal cursor is) to its end, blanks
    /// `erasing` stale columns after it, then puts the terminal cursor back on `cursor`.
    mutating func redrawTail(erasing: Int, from position: Int) {
        var bytes = Array(Self.text(characters[position...]).utf8)
        var back = Self.columns(characters[cursor...])
        switch style {
        case .vt100:
            if erasing > 0 { bytes += Array("\u{1B}[K".utf8) }
        case .dumb:
            bytes += [UInt8](repeating: 0x20, count: erasing)
            back += erasing
        }
        appendOutput(bytes)
        moveLeft(back)
    }

    /// Moves the terminal cursor left by `count` columns: `ESC [ n D`, or backspaces on a dumb terminal.
    mutating func moveLeft(_ count: Int) {
        guard count > 0 else { return }
        switch style {
        case .vt100:
            appendOutput(count == 1 ? [0x08] : Array("\u{1B}[\(count)D".utf8))
        case .dumb:
            appendOutput([UInt8](repeating: 0x08, count: count))
        }
    }

    /// Replaces the whole line (history recall) and redraws it.
    mutating func replaceLine(with scalars: [Unicode.Scalar]) {
        let old = Self.columns(characters[...])
        moveLeft(Self.columns(characters[..<cursor]))
        var kept: [Unicode.Scalar] = []
        var bytes = 0
        for scalar in scalars {
            bytes += Self.byteCount([scalar])
            guard bytes <= limit else { break }
            kept.append(scalar)
        }
        characters = kept
        cursor = characters.count
        redrawTail(erasing: max(0, old - Self.columns(characters[...])), from: 0)
    }

    mutating func recall(older: Bool) {
        guard !isSecret, !history.isEmpty else { return }
        let current = historyIndex ?? history.count
        let next = older ? current - 1 : current + 1
        guard next >= 0, next <= history.count else { return }
        if historyIndex == nil { draft = characters }
        historyIndex = next == history.count ? nil : next
        replaceLine(with: next == history.count ? draft : Array(history[next].unicodeScalars))
    }

    /// Tab: one candidate completes the word (and a space); several extend it to their common
    /// prefix, or are listed when there is nothing to extend; none rings the bell.
    mutating func completeWord(_ complete: LineCompleter) {
        let before = Self.text(characters[..<cursor])
        let wordStart = characters[..<cursor].lastIndex(of: " ").map { $0 + 1 } ?? 0
        let word = Array(characters[wordStart ..< cursor])
        let candidates = complete(before).map { Array($0.unicodeScalars) }.filter { $0.starts(with: word) }
        guard let first = candidates.first else { ringBell(); return }
        if candidates.count == 1 {
            let atEnd = cursor == characters.count
            insert(Array(first[word.count...]) + (atEnd ? [" "] : []))
            return
        }
        var common = first
        for candidate in candidates.dropFirst() {
            common = Array(zip(common, candidate).prefix(while: { $0 == $1 }).map(\.0))
        }
        if common.count > word.count {
            insert(Array(common[word.count...]))
            return
        }
        let list = candidates.map { Self.text($0) }.sorted().joined(separator: "  ")
        appendOutput(Array("\r\n\(list)\r\n".utf8))
        redrawAfterOutput()
    }
}

extension LineEditor {
    /// Terminal columns a character takes: 2 for East Asian wide and fullwidth characters (CJK,
    /// Hangul, kana, fullwidth forms, most emoji), 1 otherwise. Ranges after Markus Kuhn's wcwidth.
    public static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            2
        default:
            1
        }
    }

    static func columns(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        scalars.reduce(0) { $0 + displayWidth($1) }
    }

    static func byteCount(_ scalars: some Sequence<Unicode.Scalar>) -> Int {
        scalars.reduce(0) { $0 + UTF8.width($1) }
    }

    static func text(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

extension LineEditor {
    /// Rewrites the line from `position` (where the terminal cursor is) to its end, blanks
    /// `erasing` stale columns after it, then puts the terminal cursor back on `cursor`.
    mutating func redrawTail(erasing: Int, from position: Int) {
        var bytes = Array(buffer[position...])
        var back = bytes.count - (cursor - position)
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
    mutating func replaceLine(with bytes: [UInt8]) {
        let old = buffer.count
        moveLeft(cursor)
        buffer = Array(bytes.prefix(limit))
        cursor = buffer.count
        redrawTail(erasing: max(0, old - buffer.count), from: 0)
    }

    mutating func recall(older: Bool) {
        guard !isSecret, !history.isEmpty else { return }
        let current = historyIndex ?? history.count
        let next = older ? current - 1 : current + 1
        guard next >= 0, next <= history.count else { return }
        if historyIndex == nil { draft = buffer }
        historyIndex = next == history.count ? nil : next
        replaceLine(with: next == history.count ? draft : Array(history[next].utf8))
    }

    /// Tab: one candidate completes the word (and a space); several extend it to their common
    /// prefix, or are listed when there is nothing to extend; none rings the bell.
    mutating func completeWord(_ complete: LineCompleter) {
        let before = String(decoding: buffer[..<cursor], as: UTF8.self)
        let wordStart = buffer[..<cursor].lastIndex(of: 0x20).map { $0 + 1 } ?? 0
        let word = Array(buffer[wordStart ..< cursor])
        let candidates = complete(before).map { Array($0.utf8) }.filter { $0.starts(with: word) }
        guard let first = candidates.first else { ringBell(); return }
        if candidates.count == 1 {
            let atEnd = cursor == buffer.count
            insert(Array(first[word.count...]) + (atEnd ? [0x20] : []))
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
        let list = candidates.map { String(decoding: $0, as: UTF8.self) }.sorted().joined(separator: "  ")
        appendOutput(Array("\r\n\(list)\r\n".utf8))
        redrawAfterOutput()
    }
}

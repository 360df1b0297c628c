/// Splits a typed line into words: blanks separate, `"..."` and `'...'` quote, `\` escapes the
/// next character outside single quotes.
public enum CommandLineParser {
    public enum Failure: Error, Equatable, Sendable {
        case unterminatedQuote
        case danglingEscape
    }

    public static func words(_ line: String) throws(Failure) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        for character in line {
            if escaping {
                current.append(character)
                escaping = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaping = true
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            case "\"", "'":
                quote = character
                inWord = true
            case "\\":
                escaping = true
                inWord = true
            default:
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw .unterminatedQuote }
        if escaping { throw .danglingEscape }
        if inWord { words.append(current) }
        return words
    }
}

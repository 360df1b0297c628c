import CGPIOD

#if canImport(Glibc)
import Glibc
#endif

/// The GPIO chips of this machine, for diagnostics (`floc probe`) and error messages.
public enum GPIOChips {
    /// Every `/dev/gpiochip*` with its label and line count, sorted by name. A chip
    /// that cannot be opened (permissions) is listed with label `?` and 0 lines.
    public static func list() -> [(name: String, label: String, lines: Int)] {
        guard let directory = opendir("/dev") else { return [] }
        defer { closedir(directory) }
        var chips: [(name: String, label: String, lines: Int)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix("gpiochip") else { continue }
            guard let chip = gpiod_chip_open("/dev/\(name)") else {
                chips.append((name, "?", 0))
                continue
            }
            let label = gpiod_chip_label(chip).map { String(cString: $0) } ?? ""
            chips.append((name, label, Int(gpiod_chip_num_lines(chip))))
            gpiod_chip_close(chip)
        }
        return chips.sorted { $0.name.localizedStandardLess($1.name) }
    }

    /// Why a chip label was not found, with the chips that do exist.
    public static func missingChipDetail(label: String, chips: [(name: String, label: String, lines: Int)]) -> String {
        let found = chips.isEmpty
            ? "no GPIO chips on this machine"
            : "chips here: " + chips.map { "\($0.name) '\($0.label)' (\($0.lines) lines)" }.joined(separator: ", ")
        return "no GPIO chip labelled '\(label)'; \(found)"
    }
}

private extension String {
    /// `gpiochip2` before `gpiochip10`.
    func localizedStandardLess(_ other: String) -> Bool {
        let lhs = Int(drop { !$0.isNumber }) ?? 0
        let rhs = Int(other.drop { !$0.isNumber }) ?? 0
        return lhs == rhs ? self < other : lhs < rhs
    }
}

import Config
import Crypto
import Foundation

/// SHA-256 fingerprints of the loaded configuration, stored with the retained state so that
/// a changed unit (or board, or profile, or `--set`) is noticed at start.
public enum ConfigFingerprint {
    /// The whole unit as loaded: board, devices with their profiles, control, overrides.
    public static func unit(_ unit: UnitConfig) -> String {
        var canonical = unit
        canonical.file = ""
        return hex(Self.canonical(canonical))
    }

    /// One loop's definition, ignoring its line in the file: saved items of a loop whose
    /// fingerprint changed follow `[retain] changed_loops`.
    public static func loop(_ loop: LoopConfig) -> String {
        var canonical = loop
        canonical.line = 0
        return hex(Self.canonical(canonical))
    }

    /// A text form of `value` that is the same in every process and across additive model
    /// changes: dictionary and set entries sorted (Swift seeds its hashing per process, so
    /// `String(reflecting:)` lists them in a different order at each start), and fields that are
    /// unset (nil) or empty left out, so a new optional key does not change existing fingerprints.
    static func canonical(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { canonical($0.value) } ?? "nil"
        case .struct, .class:
            let fields = mirror.children.compactMap { child -> String? in
                guard !isUnset(child.value) else { return nil }
                return "\(child.label ?? "_"): \(canonical(child.value))"
            }
            return "\(type(of: value))(\(fields.joined(separator: ", ")))"
        case .enum:
            guard let payload = mirror.children.first else { return String(reflecting: value) }
            return "\(type(of: value)).\(payload.label ?? "_")(\(canonical(payload.value)))"
        case .tuple:
            let items = mirror.children.map { ($0.label.map { "\($0): " } ?? "") + canonical($0.value) }
            return "(\(items.joined(separator: ", ")))"
        case .collection:
            return "[\(mirror.children.map { canonical($0.value) }.joined(separator: ", "))]"
        case .dictionary, .set:
            return "[\(mirror.children.map { canonical($0.value) }.sorted().joined(separator: ", "))]"
        default:
            return String(reflecting: value)
        }
    }

    private static func isUnset(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return mirror.children.isEmpty
        case .collection, .dictionary, .set: return mirror.children.isEmpty
        default: return false
        }
    }

    static func hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

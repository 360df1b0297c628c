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
        return hex(String(reflecting: canonical))
    }

    /// One loop's definition, ignoring its line in the file: saved items of a loop whose
    /// fingerprint changed follow `[retain] changed_loops`.
    public static func loop(_ loop: LoopConfig) -> String {
        var canonical = loop
        canonical.line = 0
        return hex(String(reflecting: canonical))
    }

    static func hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

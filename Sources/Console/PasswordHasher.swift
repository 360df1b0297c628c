import Crypto
import _CryptoExtras

/// A salted, slow password hash: PBKDF2-HMAC-SHA256, 32-byte key, random 16-byte salt.
public struct PasswordHash: Sendable, Equatable, Codable {
    public var salt: [UInt8]
    public var hash: [UInt8]
    public var iterations: Int

    public init(salt: [UInt8], hash: [UInt8], iterations: Int) {
        self.salt = salt
        self.hash = hash
        self.iterations = iterations
    }
}

/// Derives and checks `PasswordHash`es.
public struct PasswordHasher: Sendable {
    /// About 50 ms on a Raspberry Pi 4 (Cortex-A72 without SHA extensions); see docs/console.md.
    public static let defaultIterations = 40_000
    /// Below this a hash is too cheap to slow down an offline guesser at all.
    public static let minimumIterations = 1_000

    public let iterations: Int

    /// `iterations` is clamped to at least `minimumIterations`.
    public init(iterations: Int = defaultIterations) {
        self.iterations = max(Self.minimumIterations, iterations)
    }

    /// Hashes `password` with a fresh random salt.
    public func hash(_ password: String) -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return PasswordHash(salt: salt, hash: Self.derive(password, salt: salt, iterations: iterations),
                            iterations: iterations)
    }

    /// Whether `password` matches `stored`, compared in constant time.
    public static func verify(_ password: String, against stored: PasswordHash) -> Bool {
        // An empty or short stored hash (damaged file) must never match an empty derivation.
        guard stored.hash.count >= 16 else { return false }
        let candidate = derive(password, salt: stored.salt, iterations: stored.iterations)
        guard candidate.count == stored.hash.count else { return false }
        return zip(candidate, stored.hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func derive(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        // The checked variant refuses fewer than 210,000 rounds; ours are sized for the board instead.
        let key = try? KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256,
                                                     outputByteCount: 32,
                                                     unsafeUncheckedRounds: max(minimumIterations, iterations))
        return key?.withUnsafeBytes { Array($0) } ?? []
    }
}

import ArgumentParser
import Console
import Foundation

/// `floc-bench login`: what one console login costs in password hashing (PBKDF2-HMAC-SHA256) at the
/// configured iterations, on this machine. The console answers a login only after this, so it sets
/// both the technician's wait and the cost of each guess.
struct LoginBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Password hash time per console login at the configured PBKDF2 iterations."
    )

    @Option(help: "PBKDF2 iterations (default: Floc's, \(PasswordHasher.defaultIterations)).")
    var iterations: Int = PasswordHasher.defaultIterations

    @Option(help: "Logins measured (1...1000).")
    var logins: Int = 20

    func validate() throws {
        guard (1...1000).contains(logins) else { throw ValidationError("--logins must be 1...1000") }
        guard iterations >= PasswordHasher.minimumIterations, iterations <= 10_000_000 else {
            throw ValidationError("--iterations must be \(PasswordHasher.minimumIterations)...10000000")
        }
    }

    func run() throws {
        let hasher = PasswordHasher(iterations: iterations)
        let stored = hasher.hash("correct horse")
        var nanoseconds: [UInt64] = []
        for index in 0..<logins {
            let start = DispatchTime.now().uptimeNanoseconds
            // Half right, half wrong: both cost the same full derivation.
            _ = PasswordHasher.verify(index % 2 == 0 ? "correct horse" : "wrong horse", against: stored)
            nanoseconds.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        let stats = LatencyStats(nanoseconds, elapsed: Double(nanoseconds.reduce(0, +)) / 1e9)
        print("floc-bench login: PBKDF2-HMAC-SHA256, \(iterations) iterations, \(logins) logins")
        print(String(format: "per login: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.2f µs per iteration",
                     stats.p50 / 1000, stats.p99 / 1000, stats.max / 1000, stats.p50 / Double(iterations)))
    }
}

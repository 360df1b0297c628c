import Foundation

/// Throughput and latency percentiles of one side of the benchmark.
struct LatencyStats {
    var polls: Int
    /// Seconds measured.
    var elapsed: Double
    /// Per-poll latency percentiles, in microseconds.
    var p50: Double
    var p99: Double
    var max: Double
    /// Per-poll latencies, in nanoseconds, to merge rounds.
    let samples: [UInt64]

    init(_ nanoseconds: [UInt64], elapsed: Double) {
        samples = nanoseconds
        let sorted = nanoseconds.sorted()
        polls = sorted.count
        self.elapsed = elapsed
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Swift.min(sorted.count - 1, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)
            return Double(sorted[Swift.max(0, index)]) / 1000
        }
        p50 = percentile(0.50)
        p99 = percentile(0.99)
        max = Double(sorted.last ?? 0) / 1000
    }

    /// The statistics of two runs taken together.
    func merged(with other: LatencyStats) -> LatencyStats {
        LatencyStats(samples + other.samples, elapsed: elapsed + other.elapsed)
    }

    var pollsPerSecond: Double { elapsed > 0 ? Double(polls) / elapsed : 0 }

    static let header = "side                  polls/s     p50 µs    p99 µs    max µs    polls"

    func row(_ name: String) -> String {
        name.padding(toLength: 20, withPad: " ", startingAt: 0)
            + String(format: "  %8.0f  %9.1f  %8.1f  %8.1f  %7d", pollsPerSecond, p50, p99, max, polls)
    }
}

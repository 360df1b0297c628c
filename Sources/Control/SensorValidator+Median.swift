extension SensorValidator {
    /// A running median over the last `size` new measurements: removes spikes shorter than
    /// half the window while passing a step after `(size + 1) / 2` samples, which a
    /// first-order filter cannot (it smears a spike instead). Fixed storage: no allocation
    /// after the first sample.
    public struct MedianWindow: Sendable, Equatable {
        /// Window length in samples: odd, 3...9.
        public let size: Int
        private var ring: [Double] = []
        private var scratch: [Double] = []
        private var next = 0

        /// - Precondition: `size` is odd and within 3...9 (the loader checks it).
        public init(size: Int) {
            precondition(size % 2 == 1 && (3...9).contains(size), "median window must be odd, 3...9")
            self.size = size
        }

        /// Adds a new finite measurement and returns the median of the window. Until the
        /// window is full, the median of what it holds (the upper middle of an even count).
        public mutating func push(_ value: Double) -> Double {
            if ring.count < size {
                ring.append(value)
                scratch.append(value)
            } else {
                ring[next] = value
            }
            next = (next + 1) % size
            return median()
        }

        /// The median of the window (NaN while empty). Mutating: it sorts in reused storage.
        public mutating func median() -> Double {
            guard !ring.isEmpty else { return .nan }
            // Insertion sort of at most 9 values into reused storage.
            for index in ring.indices {
                let value = ring[index]
                var position = index
                while position > 0, scratch[position - 1] > value {
                    scratch[position] = scratch[position - 1]
                    position -= 1
                }
                scratch[position] = value
            }
            return scratch[ring.count / 2]
        }
    }
}

import Foundation

/// Mass balances of the layered Takács settler, as in the BSM1 reference code
/// (Jeppsson's `settler1d.c`, model type 0: the soluble components are carried
/// through the layers by the bulk flow, without reaction).
///
/// States, relative to the settler's offset in the plant state: TSS of each layer from
/// top to bottom, then for each of `ASM1Component.solubles` its concentration in each
/// layer from top to bottom. Particulate ASM1 components leave the settler in the
/// proportions of the feed, scaled by the TSS of the top (effluent) or bottom (underflow) layer.
public struct TakacsSettler: Sendable {
    public let description: SettlerDescription

    public init(_ description: SettlerDescription) {
        self.description = description
    }

    /// Number of states: TSS plus the soluble components, in every layer.
    public var stateCount: Int { description.layers * (1 + ASM1Component.solubles.count) }

    /// Index (relative to the settler's offset) of the TSS of `layer`, 0 at the top.
    public func tssIndex(layer: Int) -> Int { layer }

    /// Index (relative to the settler's offset) of soluble number `soluble` (in
    /// `ASM1Component.solubles`) in `layer`, 0 at the top.
    public func solubleIndex(_ soluble: Int, layer: Int) -> Int {
        description.layers * (1 + soluble) + layer
    }

    /// Takács settling velocity, m/d, of solids at concentration `x` (g SS/m3) when the
    /// non-settleable concentration is `xMin`; clipped to [0, maximum settling velocity].
    public func settlingVelocity(_ x: Double, nonSettleable xMin: Double) -> Double {
        let s = description
        let v = s.vesilindVelocity * (exp(-s.hinderedSettling * (x - xMin)) - exp(-s.flocculantSettling * (x - xMin)))
        return min(max(v, 0), s.maximumSettlingVelocity)
    }

    /// min(a, b) rounded over `width`, exact at a == b and for width 0.
    static func smoothMinimum(_ a: Double, _ b: Double, width: Double) -> Double {
        let d = a - b
        return 0.5 * (a + b - (d * d + width * width).squareRoot() + width)
    }

    /// Writes the settler's derivatives (1/d scaled, g/(m3 d)) into `dydt` at `offset`.
    /// - Parameters:
    ///   - y: plant state; the settler's states start at `offset`.
    ///   - feed: the feed's 13 ASM1 concentrations are at `feedOffset` in `y`; its TSS is `feedTSS`.
    ///   - feedFlow: Qf, m3/d. underflow: Qu = Qr + Qw, m3/d (Qe = Qf - Qu leaves at the top).
    public func writeDerivatives(_ y: [Double], at offset: Int, feedOffset: Int, feedTSS: Double,
                                 feedFlow: Double, underflow: Double, into dydt: inout [Double]) {
        y.withUnsafeBufferPointer { source in
            dydt.withUnsafeMutableBufferPointer { target in
                writeDerivatives(source.baseAddress!, at: offset, feedOffset: feedOffset, feedTSS: feedTSS,
                                 feedFlow: feedFlow, underflow: underflow, into: target.baseAddress!)
            }
        }
    }

    /// Pointer form of `writeDerivatives`, allocation-free (flux buffers live on the stack).
    func writeDerivatives(_ y: UnsafePointer<Double>, at offset: Int, feedOffset: Int, feedTSS: Double,
                          feedFlow: Double, underflow: Double, into dydt: UnsafeMutablePointer<Double>) {
        let s = description
        let n = s.layers, feed = s.feedLayerIndex, h = s.layerHeight
        let flow = BulkFlow(up: (feedFlow - underflow) / s.area, down: underflow / s.area,
                            in: feedFlow / s.area, feedLayer: feed)
        let xMin = s.nonSettleableFraction * feedTSS
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n + 1) { buffer in
            let settlingFlux = buffer.baseAddress!
            // Flux across the boundary above layer i (index i), 0 at the surface and the floor.
            let boundaryFlux = settlingFlux + n
            for i in 0..<n {
                let x = y[offset + i]
                settlingFlux[i] = settlingVelocity(x, nonSettleable: xMin) * x
            }
            boundaryFlux[0] = 0
            boundaryFlux[n] = 0
            for i in 0..<(n - 1) {
                // Above the feed, a layer below the threshold does not limit the flux into it.
                if i < feed && y[offset + i + 1] <= s.thresholdConcentration {
                    boundaryFlux[i + 1] = settlingFlux[i]
                } else {
                    boundaryFlux[i + 1] = Self.smoothMinimum(settlingFlux[i], settlingFlux[i + 1],
                                                             width: s.fluxLimiterSmoothing)
                }
            }
            for i in 0..<n {
                let settling = boundaryFlux[i] - boundaryFlux[i + 1]
                dydt[offset + i] = (flow.netFlux(y, base: offset, layer: i, fed: feedTSS) + settling) / h
            }
        }
        for k in 0..<ASM1Component.solubles.count {
            let base = offset + solubleIndex(k, layer: 0)
            let fed = y[feedOffset + ASM1Component.solubles[k].rawValue]
            for i in 0..<n { dydt[base + i] = flow.netFlux(y, base: base, layer: i, fed: fed) / h }
        }
    }

    /// Water velocities through the layers: upward above the feed, downward below it.
    private struct BulkFlow {
        let up: Double, down: Double, `in`: Double, feedLayer: Int

        /// Net flux, g/(m2 d), carried into layer i of the profile stored from `base` in `y`;
        /// `fed` is the feed's concentration.
        @inline(__always)
        func netFlux(_ y: UnsafePointer<Double>, base: Int, layer i: Int, fed: Double) -> Double {
            let c = y[base + i]
            if i < feedLayer { return up * (y[base + i + 1] - c) }
            if i > feedLayer { return down * (y[base + i - 1] - c) }
            return `in` * fed - (up + down) * c
        }
    }
}

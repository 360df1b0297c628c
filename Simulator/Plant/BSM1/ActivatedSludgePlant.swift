/// The BSM1 activated-sludge plant as an ODE system: ASM1 in each reactor of a series,
/// internal recycle from the last reactor to the first, and a ten-layer Takács settler
/// whose underflow is returned (Qr) or wasted (Qw).
///
/// Follows J. Alex et al., "Benchmark Simulation Model no. 1 (BSM1)", Lund University, 2008,
/// and its reference implementation; ideal, instantaneous mixing of the streams entering
/// reactor 1. Time in days, flows in m3/d, concentrations in g/m3 (SALK mol/m3).
///
/// State layout: 13 ASM1 states per reactor (reactor after reactor), then the settler's
/// states (see `TakacsSettler`). Reactor TSS is not a state: it is 0.75 x particulate COD.
public struct ActivatedSludgePlant: ODESystem, Sendable {
    /// Volumes, aeration, recycles and settler; change KLa or flows between integrations.
    public var description: PlantDescription
    /// The stream entering the plant, held constant during one integration.
    public var influent: PlantStream

    /// The ASM1 model of `description` (derived, so changing the description takes effect).
    public var kinetics: ASM1Kinetics { ASM1Kinetics(parameters: description.asm1) }
    /// The settler model of `description`.
    public var settler: TakacsSettler { TakacsSettler(description.settler) }

    public init(_ description: PlantDescription, influent: PlantStream) {
        self.description = description
        self.influent = influent
    }

    public var dimension: Int { settlerOffset + settler.stateCount }

    /// Offset of the first state of reactor `index` (0-based).
    public func reactorOffset(_ index: Int) -> Int { index * ASM1Component.count }

    /// Offset of the settler's first state.
    public var settlerOffset: Int { description.reactors.count * ASM1Component.count }

    private var lastReactorOffset: Int { reactorOffset(description.reactors.count - 1) }

    /// Flow through the reactors: influent plus both recycles, m3/d.
    public var reactorFlow: Double { influent.flow + description.internalRecycle + description.returnSludge }

    public func derivatives(of y: [Double], into dydt: inout [Double]) {
        y.withUnsafeBufferPointer { source in
            dydt.withUnsafeMutableBufferPointer { target in
                writeDerivatives(source.baseAddress!, into: target.baseAddress!,
                                 internalRecycle: description.internalRecycle, aeration: nil)
            }
        }
    }

    /// The right-hand side without allocating. `internalRecycle` (m3/d) replaces the described Qa
    /// and `aeration` the described KLa of one reactor, so a wrapper can drive both from actuator
    /// states that change within an integration step.
    func writeDerivatives(_ y: UnsafePointer<Double>, into dydt: UnsafeMutablePointer<Double>,
                          internalRecycle qa: Double, aeration: (reactor: Int, kLa: Double)?) {
        let d = description
        let count = ASM1Component.count
        let q = influent.flow + qa + d.returnSludge
        let kinetics = kinetics
        let settler = settler
        let last = lastReactorOffset
        let feedTSS = kinetics.totalSuspendedSolids(y + last)
        let bottomTSS = y[settlerOffset + settler.tssIndex(layer: d.settler.layers - 1)]
        // Particulates leave the settler floor in the feed's proportions (see `settlerOutlet`).
        let ratio = feedTSS > 0 ? bottomTSS / feedTSS : 0
        let oxygen = ASM1Component.SO.rawValue
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { buffer in
            let inlet = buffer.baseAddress!
            for j in 0..<count { inlet[j] = y[last + j] * ratio }
            for (k, component) in ASM1Component.solubles.enumerated() {
                inlet[component.rawValue] = y[settlerOffset + settler.solubleIndex(k, layer: d.settler.layers - 1)]
            }
            influent.concentrations.withUnsafeBufferPointer { c in
                for j in 0..<count {
                    inlet[j] = (influent.flow * c[j] + qa * y[last + j] + d.returnSludge * inlet[j]) / q
                }
            }
            for k in 0..<d.reactors.count {
                let offset = reactorOffset(k)
                let dilution = q / d.reactors[k].volume
                for j in 0..<count {
                    let entering = k == 0 ? inlet[j] : y[offset - count + j]
                    dydt[offset + j] = dilution * (entering - y[offset + j])
                }
                let kLa = aeration.flatMap { $0.reactor == k ? $0.kLa : nil } ?? d.reactors[k].kLa
                dydt[offset + oxygen] += kLa * (d.oxygenSaturation - y[offset + oxygen])
                kinetics.addConversionRates(y + offset, to: dydt + offset)
            }
        }
        settler.writeDerivatives(y, at: settlerOffset, feedOffset: last, feedTSS: feedTSS,
                                 feedFlow: influent.flow + d.returnSludge,
                                 underflow: d.returnSludge + d.wasteSludge, into: dydt)
    }

    /// The contents (and outflow) of reactor `index`, 0-based.
    public func reactor(_ index: Int, in y: [Double]) -> PlantStream {
        let offset = reactorOffset(index)
        return PlantStream(concentrations: Array(y[offset..<offset + ASM1Component.count]),
                           tss: kinetics.totalSuspendedSolids(y, at: offset), flow: reactorFlow)
    }

    /// The mixture of influent, internal recycle and return sludge entering the first reactor.
    public func activatedSludgeInput(_ y: [Double]) -> PlantStream {
        let d = description
        let last = reactor(d.reactors.count - 1, in: y)
        let returned = underflow(y)
        let q = reactorFlow
        let mixed = (0..<ASM1Component.count).map { j in
            (influent.flow * influent.concentrations[j] + d.internalRecycle * last.concentrations[j]
                + d.returnSludge * returned.concentrations[j]) / q
        }
        let tss = (influent.flow * influent.tss + d.internalRecycle * last.tss + d.returnSludge * returned.tss) / q
        return PlantStream(concentrations: mixed, tss: tss, flow: q)
    }

    /// TSS of each settler layer from top to bottom, g SS/m3.
    public func settlerTSS(_ y: [Double]) -> [Double] {
        (0..<description.settler.layers).map { y[settlerOffset + settler.tssIndex(layer: $0)] }
    }

    /// The settler underflow (Qr + Qw), drawn from the bottom layer.
    public func underflow(_ y: [Double]) -> PlantStream {
        settlerOutlet(y, layer: description.settler.layers - 1,
                      flow: description.returnSludge + description.wasteSludge)
    }

    /// The clarified effluent (Qin - Qw), drawn from the top layer.
    public func effluent(_ y: [Double]) -> PlantStream {
        settlerOutlet(y, layer: 0, flow: influent.flow - description.wasteSludge)
    }

    private func settlerOutlet(_ y: [Double], layer: Int, flow: Double) -> PlantStream {
        let tss = y[settlerOffset + settler.tssIndex(layer: layer)]
        let feedTSS = kinetics.totalSuspendedSolids(y, at: lastReactorOffset)
        // Particulates keep the feed's proportions: the layer's TSS carries them in the feed's ratio.
        let ratio = feedTSS > 0 ? tss / feedTSS : 0
        var concentrations = Array(y[lastReactorOffset..<lastReactorOffset + ASM1Component.count])
        for component in ASM1Component.particulates { concentrations[component.rawValue] *= ratio }
        for (k, component) in ASM1Component.solubles.enumerated() {
            concentrations[component.rawValue] = y[settlerOffset + settler.solubleIndex(k, layer: layer)]
        }
        return PlantStream(concentrations: concentrations, tss: tss, flow: flow)
    }

    /// A neutral starting state: every reactor at `seed` (a mixed liquor with some nitrifiers),
    /// the settler's layers at the seed's TSS and solubles. Steady state does not depend on it.
    public func initialState(seed: PlantStream? = nil) -> [Double] {
        let liquor = seed ?? PlantStream(
            concentrations: [30, 5, 1000, 100, 2000, 100, 400, 1, 5, 5, 1, 5, 5], tss: 0, flow: 0)
        var y = [Double](repeating: 0, count: dimension)
        for k in 0..<description.reactors.count {
            for j in 0..<ASM1Component.count { y[reactorOffset(k) + j] = liquor.concentrations[j] }
        }
        let tss = kinetics.totalSuspendedSolids(liquor.concentrations)
        for layer in 0..<description.settler.layers {
            y[settlerOffset + settler.tssIndex(layer: layer)] = tss
            for (k, component) in ASM1Component.solubles.enumerated() {
                y[settlerOffset + settler.solubleIndex(k, layer: layer)] = liquor[component]
            }
        }
        return y
    }
}

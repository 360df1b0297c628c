extension ActivatedSludgePlant {
    /// Structure of df/dy: each reactor's rates read 9 of its states and change 11; each reactor
    /// is fed component by component from the one upstream; the first also from the last (internal
    /// recycle) and from the settler floor, whose particulates take the feed's proportions, so they
    /// depend on the feed's TSS; each settler layer depends on its neighbours in its own profile,
    /// every TSS layer on the feed's TSS (non-settleable solids) and the feed layer on the feed.
    public var jacobianSparsity: SparsityPattern? {
        var pattern = SparsityPattern(dimension: dimension)
        let count = ASM1Component.count
        let reactors = description.reactors.count
        func state(_ k: Int, _ component: ASM1Component) -> Int { reactorOffset(k) + component.rawValue }
        for k in 0..<reactors {
            let block = reactorOffset(k)..<reactorOffset(k) + count
            pattern.insertDiagonal(rows: block, columns: block)
            if k > 0 { pattern.insertDiagonal(rows: block, columns: reactorOffset(k - 1)..<reactorOffset(k - 1) + count) }
            for row in ASM1Kinetics.rateOutputs {
                for column in ASM1Kinetics.rateInputs { pattern.insert(row: state(k, row), column: state(k, column)) }
            }
        }
        let last = reactors - 1
        let layers = description.settler.layers
        let settler = settler
        let bottomTSS = settlerOffset + settler.tssIndex(layer: layers - 1)
        for component in ASM1Component.allCases {
            pattern.insert(row: state(0, component), column: state(last, component))
        }
        for component in ASM1Component.particulates {
            pattern.insert(row: state(0, component), column: bottomTSS)
            for solid in ASM1Kinetics.suspendedSolids { pattern.insert(row: state(0, component), column: state(last, solid)) }
        }
        func profile(_ index: (Int) -> Int) {
            for layer in 0..<layers {
                for neighbour in max(layer - 1, 0)..<min(layer + 2, layers) {
                    pattern.insert(row: settlerOffset + index(layer), column: settlerOffset + index(neighbour))
                }
            }
        }
        profile { settler.tssIndex(layer: $0) }
        for layer in 0..<layers {
            for solid in ASM1Kinetics.suspendedSolids {
                pattern.insert(row: settlerOffset + settler.tssIndex(layer: layer), column: state(last, solid))
            }
        }
        let feedLayer = description.settler.feedLayerIndex
        for (k, component) in ASM1Component.solubles.enumerated() {
            profile { settler.solubleIndex(k, layer: $0) }
            pattern.insert(row: state(0, component), column: settlerOffset + settler.solubleIndex(k, layer: layers - 1))
            pattern.insert(row: settlerOffset + settler.solubleIndex(k, layer: feedLayer), column: state(last, component))
        }
        return pattern
    }
}

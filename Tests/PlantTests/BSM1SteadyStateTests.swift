import Foundation
import Plant
import Testing

/// BSM1 open loop with constant influent against the published steady state of the
/// reference implementation (Jeppsson, IEA Lund; `iwa_matlab_openloop_steadystate*.csv`).
@Suite struct BSM1SteadyStateTests {
    struct Deviation: CustomStringConvertible {
        let location: String, variable: String, ours: Double, reference: Double
        var absolute: Double { abs(ours - reference) }
        var relative: Double { reference == 0 ? (ours == 0 ? 0 : .infinity) : absolute / abs(reference) }
        /// Within 1 % relative, or 0.01 g/m3 absolute for values near zero.
        var passes: Bool { relative <= 0.01 || absolute <= 0.01 }
        var description: String {
            "\(location) \(variable): ours \(ours), reference \(reference), "
                + "rel \(String(format: "%.3g", relative)), abs \(String(format: "%.3g", absolute))"
        }
    }

    @Test func openLoopSteadyStateMatchesTheReference() throws {
        let rows = try ReferenceData.csv("iwa_matlab_openloop_steadystate.csv")
        let layerRows = try ReferenceData.csv("iwa_matlab_openloop_steadystate_settler_layers.csv")
        let influentRow = try ReferenceData.csv("bsm1_constinfluent.csv")[1].dropFirst().map { Double($0)! }
        let influent = PlantStream(concentrations: Array(influentRow[0..<13]), tss: influentRow[13], flow: influentRow[14])

        let plant = ActivatedSludgePlant(.bsm1OpenLoop, influent: influent)
        let started = ContinuousClock.now
        let result = try plant.steadyState(approachDays: 150)
        let state = result.state
        let elapsed = ContinuousClock.now - started
        let stats = result.statistics
        print("BSM1 steady state: \(elapsed), \(stats.acceptedSteps) steps accepted, \(stats.rejectedSteps) rejected, "
            + "\(stats.jacobianEvaluations) Jacobians, \(stats.functionEvaluations) f evaluations, "
            + "\(result.newtonIterations) Newton iterations")

        // Reference columns: variable, unit, influent, input to AS, reactors 1-5, underflow, effluent.
        let header = rows[0]
        var streams: [(String, PlantStream)] = [("Input to AS", plant.activatedSludgeInput(state))]
        for k in 0..<5 { streams.append(("Reactor \(k + 1)", plant.reactor(k, in: state))) }
        streams += [("Settler underflow", plant.underflow(state)), ("Settler effluent", plant.effluent(state))]
        var deviations: [Deviation] = []
        for (location, stream) in streams {
            let column = try #require(header.firstIndex(of: location), "column \(location)")
            for row in rows.dropFirst() {
                let reference = try #require(Double(row[column]))
                let ours: Double
                if row[0] == "TSS" {
                    ours = stream.tss
                } else {
                    let component = try #require(ASM1Component(name: row[0]), "\(row[0])")
                    ours = stream[component]
                }
                deviations.append(Deviation(location: location, variable: row[0], ours: ours, reference: reference))
            }
        }
        let layers = plant.settlerTSS(state)
        for row in layerRows.dropFirst() {
            let layer = try #require(Int(row[0]))
            deviations.append(Deviation(location: "Settler layer \(layer) from top", variable: "TSS",
                                        ours: layers[layer - 1], reference: try #require(Double(row[1]))))
        }
        #expect(deviations.count == 8 * 14 + 10)
        let worstRelative = deviations.filter { $0.absolute > 0.01 }.max { $0.relative < $1.relative }
        let worstAbsolute = deviations.max { $0.absolute < $1.absolute }
        print("worst relative deviation (of those above 0.01 g/m3): \(worstRelative.map(String.init(describing:)) ?? "none")")
        print("worst absolute deviation: \(worstAbsolute.map(String.init(describing:)) ?? "none")")
        for deviation in deviations where !deviation.passes { Issue.record("outside 1 % / 0.01: \(deviation)") }
        #expect(elapsed < .seconds(60))
    }
}

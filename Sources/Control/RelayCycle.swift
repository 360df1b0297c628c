import Foundation

/// One scan of a relay experiment: PV at `time`, and the output held from `time` to the next sample.
struct CycleSample: Sendable, Equatable {
    var time: Double
    var pv: Double
    var output: Double
}

/// Ultimate point estimated from one full relay cycle (switch up to switch up).
///
/// The relay output is a square wave; comparing the first harmonics of PV and output gives
/// |G(jω)| and arg G(jω) at the cycle's frequency without assuming the PV is a sine. The
/// textbook peak amplitude is kept for comparison: on lag-dominant plants the PV is nearly
/// triangular and 4d/(π·peak) underestimates Ku by up to 20 %.
struct CycleMeasurement: Sendable, Equatable {
    var period: Double
    var ultimateGain: Double
    var amplitude: Double
    var peakAmplitude: Double
    var phaseDegrees: Double

    /// Nil when the cycle is degenerate (too few samples, no PV swing).
    init?(samples: [CycleSample], sign: Double) {
        guard samples.count >= 4, let first = samples.first, let last = samples.last else { return nil }
        let period = last.time - first.time
        guard period > 0 else { return nil }
        let omega = 2 * Double.pi / period

        // Mean PV (trapezoid), removed so the integration error of the DC part does not leak in.
        var area = 0.0
        for k in 0..<(samples.count - 1) {
            area += (samples[k].pv + samples[k + 1].pv) / 2 * (samples[k + 1].time - samples[k].time)
        }
        let mean = area / period

        var pvCos = 0.0, pvSin = 0.0, outCos = 0.0, outSin = 0.0
        for k in 0..<(samples.count - 1) {
            let a = samples[k], b = samples[k + 1]
            let phaseA = omega * (a.time - first.time), phaseB = omega * (b.time - first.time)
            let h = b.time - a.time
            // PV is sampled: trapezoid. Output is held between samples: integrate it exactly.
            pvCos += h / 2 * ((a.pv - mean) * cos(phaseA) + (b.pv - mean) * cos(phaseB))
            pvSin += h / 2 * ((a.pv - mean) * sin(phaseA) + (b.pv - mean) * sin(phaseB))
            outCos += a.output * (sin(phaseB) - sin(phaseA)) / omega
            outSin += a.output * (cos(phaseA) - cos(phaseB)) / omega
        }
        let pvMagnitude = (pvCos * pvCos + pvSin * pvSin).squareRoot()
        let outMagnitude = (outCos * outCos + outSin * outSin).squareRoot()
        guard pvMagnitude > 0, outMagnitude > 0 else { return nil }

        // Phasor X = ∫x·e^{-iωt}: its angle is atan2(-∫x sin, ∫x cos).
        var phase = atan2(-pvSin, pvCos) - atan2(-outSin, outCos) + (sign < 0 ? Double.pi : 0)
        while phase > 0 { phase -= 2 * Double.pi }
        while phase <= -2 * Double.pi { phase += 2 * Double.pi }

        let pvs = samples.map(\.pv)
        self.period = period
        self.ultimateGain = outMagnitude / pvMagnitude
        self.amplitude = 2 / period * pvMagnitude
        self.peakAmplitude = (pvs.max()! - pvs.min()!) / 2
        self.phaseDegrees = phase * 180 / Double.pi
    }
}

import Control
import Foundation
import Testing

/// The PID closing loops around the plant models, against results derived by hand.
@Suite struct ClosedLoopTests {
    /// FOPDT K = 2, T = 20 s, L = 4 s, sampled every 0.05 s.
    private let k = 2.0, t = 20.0, l = 4.0, h = 0.05

    /// Lambda tuning with Ti = T cancels the plant lag exactly: the loop is e^{-Ls}/(τ s) with
    /// τ = Kc·K/T inverted = λ + L, and the set-point response is the exact series
    /// y(t) = Σ_{k≥1} (−1)^{k−1} ((t − kL)₊)^k / (k! τ^k) (invert Y = e^{−Ls}/(s(τs + e^{−Ls})) term by term).
    private func lambdaResponse(_ time: Double, tau: Double) -> Double {
        var sum = 0.0, factorial = 1.0
        for n in 1...60 {
            let shifted = time - Double(n) * l
            if shifted <= 0 { break }
            factorial *= Double(n)
            sum += (n % 2 == 1 ? 1 : -1) * pow(shifted / tau, Double(n)) / factorial
        }
        return sum
    }

    @Test(arguments: [4.0, 8.0, 16.0])
    func lambdaTunedPIFollowsTheAnalyticSetpointResponse(lambda: Double) throws {
        let tau = lambda + l
        var plant = FirstOrderDeadTimePlant(gain: k, timeConstant: t, deadTime: l, dt: h)
        var pid = try makePID(PIDGains(gain: t / (k * tau), integralTime: t))
        var worst = 0.0
        for step in 0..<Int(12 * tau / h) {
            let output = pid.update(setpoint: 1, pv: good(plant.pv), dt: h).output
            _ = plant.step(output: output)
            worst = max(worst, abs(plant.pv - lambdaResponse(Double(step + 1) * h, tau: tau)))
        }
        // Sampling and the hold add about h/2 of delay: a deviation of order h/τ, well under 2 %.
        #expect(worst < 0.02)
        #expect(abs(plant.pv - 1) < 0.01)
    }

    @Test(arguments: [0.25, 0.5, 1.0, 2.0])
    func proportionalOnlyLeavesTheTextbookOffset(kc: Double) throws {
        // Ku of this plant is about 4.25 (see the relay tests), so every Kc here is stable;
        // the final value of a P loop is Kc·K/(1 + Kc·K).
        var plant = FirstOrderDeadTimePlant(gain: k, timeConstant: t, deadTime: l, dt: h)
        var pid = try makePID(PIDGains(gain: kc))
        for _ in 0..<Int(1500 / h) {
            _ = plant.step(output: pid.update(setpoint: 1, pv: good(plant.pv), dt: h).output)
        }
        #expect(abs(plant.pv - kc * k / (1 + kc * k)) < 1e-3)
    }

    @Test func integratingPlantRejectsALoadDisturbanceWithoutOffset() throws {
        // G = k e^{-Ls}/s with k = 0.05 /s, L = 5 s; SIMC: τc = L, Kc = 1/(k(τc + L)), Ti = 4(τc + L).
        // With the delay approximated the closed loop has a double pole at −1/(2(τc + L)) = −1/20 s,
        // so the disturbance response decays as (1 + t/20)e^{−t/20}: under 1 % of its scale in ~180 s.
        let k = 0.05, l = 5.0, tau = 10.0, h = 0.1
        var plant = IntegratingPlant(gain: k, deadTime: l, dt: h)
        var pid = try makePID(PIDGains(gain: 1 / (k * tau), integralTime: 4 * tau))
        var peak = 0.0
        for step in 0..<Int(400 / h) {
            let output = pid.update(setpoint: 0, pv: good(plant.pv), dt: h).output
            // A step load of −1 output unit at t = 10 s (more uptake).
            _ = plant.step(output: output, disturbance: Double(step) * h >= 10 ? -1 : 0)
            peak = max(peak, abs(plant.pv))
            if Double(step) * h > 10 + 200 { #expect(abs(plant.pv) < 0.02 * peak) }
        }
        // Without the delay the response to an input step d is y(t) = d·k·t·e^{−t/(2τ)}, peaking at
        // 2·d·k·τ/e ≈ 0.37; the 5 s delay lets it run on for about L longer, d·k·L = 0.25 more at most.
        #expect(peak > 2 * k * tau / exp(1) && peak < 2 * k * tau / exp(1) + k * l)
        #expect(abs(plant.pv) < 1e-3)
    }

    @Test func saturatedLoopRecoversWithoutOvershootFromWindup() throws {
        // A DO-like loop: the aerator cannot reach the setpoint for 10 minutes (limit 0...10),
        // then the load drops. Back-calculation lets it return with a small overshoot; a loop
        // that wound up would overshoot by far more.
        var plant = FirstOrderDeadTimePlant(gain: k, timeConstant: t, deadTime: l, dt: h)
        var naivePlant = plant
        var pid = try makePID(PIDGains(gain: 1.25, integralTime: 20), limits: 0...10)
        var naive = NaivePI(kc: 1.25, ti: 20, limits: 0...10)
        var overshoot = 0.0, naiveOvershoot = 0.0
        for step in 0..<Int(1200 / h) {
            let load = Double(step) * h < 600 ? -5.0 : 0
            let output = pid.update(setpoint: 15, pv: good(plant.pv), dt: h).output
            _ = plant.step(output: output, disturbance: load)
            _ = naivePlant.step(output: naive.update(error: 15 - naivePlant.pv, dt: h), disturbance: load)
            if load == 0 {
                overshoot = max(overshoot, plant.pv - 15)
                naiveOvershoot = max(naiveOvershoot, naivePlant.pv - 15)
            }
        }
        #expect(overshoot < 0.5)
        #expect(naiveOvershoot > 10 * overshoot)
        #expect(abs(plant.pv - 15) < 0.05)
    }
}

import Foundation
import Plant
import Testing

@Suite struct AerationTests {
    @Test func oxygenSaturationAt20CelsiusIsTheStandardMethodsValue() {
        #expect(abs(OxygenSaturation.concentration(celsius: 20) - 9.092) < 0.002)
        // APHA Table 4500-O:I: 11.29 mg/L at 10 °C, 7.56 at 30 °C.
        #expect(abs(OxygenSaturation.concentration(celsius: 10) - 11.29) < 0.01)
        #expect(abs(OxygenSaturation.concentration(celsius: 30) - 7.56) < 0.01)
        // Half the pressure, roughly half the saturation (vapour makes it slightly less).
        let half = OxygenSaturation.concentration(celsius: 20, pressure: OxygenSaturation.standardPressure / 2)
        #expect(half < 9.092 / 2 && half > 9.092 / 2 * 0.97)
    }

    @Test func barometricPressureFallsWithAltitude() {
        #expect(abs(OxygenSaturation.atmosphericPressure(altitude: 0) - 101.325) < 1e-9)
        #expect(abs(OxygenSaturation.atmosphericPressure(altitude: 1000) - 89.87) < 0.05)
    }

    @Test func kLaFollowsThePowerLawOfAirflow() {
        let diffusers = DiffuserAeration()
        let low = diffusers.kLa(airflow: 20, volume: 35, celsius: 20)
        let high = diffusers.kLa(airflow: 40, volume: 35, celsius: 20)
        #expect(high > low)
        #expect(abs(high / low - pow(2, diffusers.exponent)) < 1e-12)
        #expect(diffusers.kLa(airflow: 0, volume: 35, celsius: 20) == 0)
        // At the reference airflow the clean-water SOTR is SSOTE x h x Qair x 0.2995 kg/Nm3.
        let standard = diffusers.standardKLa(airflow: 40, volume: 35)
        let sotr = standard * diffusers.saturation(celsius: 20) * 35 / 1000 / 24
        #expect(abs(sotr - 0.06 * 2.8 * 40 * 0.2095 * 1.429) < 1e-9)
        // Warmer water transfers faster (theta 1.024).
        #expect(abs(diffusers.kLa(airflow: 40, volume: 35, celsius: 25) / high - pow(1.024, 5)) < 1e-12)
    }

    @Test func saturationAtDepthExceedsTheSurfaceValue() {
        let diffusers = DiffuserAeration(submergence: 4, saturationDepthFraction: 0.4)
        let surface = OxygenSaturation.concentration(celsius: 20)
        // 1.6 m of water adds ~15.7 kPa: about 15 % more.
        #expect(abs(diffusers.saturation(celsius: 20) / surface - 1.155) < 0.005)
    }

    @Test func dissolvedOxygenSettlesAtSaturationLessUptakeOverKLa() throws {
        let (kLa, saturation, uptake) = (120.0, 10.2, 600.0)
        let system = FunctionSystem(dimension: 1) { y, dydt in
            dydt[0] = DiffuserAeration.transfer(kLa: kLa, saturation: saturation, concentration: y[0]) - uptake
        }
        var y = [0.0]
        var integrator = RosenbrockIntegrator()
        try integrator.integrate(system, state: &y, from: 0, to: 0.5)
        let expected = DiffuserAeration.steadyConcentration(kLa: kLa, saturation: saturation, uptake: uptake)
        #expect(abs(expected - 5.2) < 1e-12)
        #expect(abs(y[0] - expected) < 1e-4)
    }

    @Test func blowerFollowsItsCurveAndTheCubicPowerLaw() {
        let curve = BlowerDescription(minimumSpeed: 25, curveSpeed: [25, 50, 100], curveAirflow: [18, 39, 80])
        #expect(curve.airflow(atSpeed: 20) == 0)
        #expect(abs(curve.airflow(atSpeed: 75) - 59.5) < 1e-12)
        let affinity = BlowerDescription(ratedAirflow: 80, minimumSpeed: 25, ratedPower: 1.5, basePower: 0.15)
        #expect(abs(affinity.airflow(atSpeed: 50) - 40) < 1e-12)
        #expect(abs(affinity.power(atSpeed: 50) - (0.15 + 1.35 / 8)) < 1e-12)
        #expect(abs(affinity.power(atSpeed: 100) - 1.5) < 1e-12)
    }

    @Test func blowerRampsIntegratesEnergyAndTrips() {
        var blower = Blower(BlowerDescription(ratedAirflow: 80, minimumSpeed: 25, ratedPower: 1.5, basePower: 0.15, ramp: 5))
        blower.command(speed: 100)
        blower.command(run: true)
        blower.advance(by: 10)
        #expect(abs(blower.speed - 50) < 1e-9)
        blower.advance(by: 10)
        #expect(blower.speed == 100 && blower.airflow == 80)
        let before = blower.energy
        blower.advance(by: 3600)
        #expect(abs(blower.energy - before - 1.5) < 1e-9)
        blower.trip()
        #expect(blower.speed == 0 && blower.airflow == 0 && blower.power == 0 && !blower.running)
        blower.advance(by: 60)
        #expect(blower.speed == 0)
        blower.resetTrip()
        blower.advance(by: 4)
        #expect(blower.running && abs(blower.speed - 20) < 1e-9)
    }
}

import Foundation
import Plant
import Testing

@Suite struct CarbonateSystemTests {
    @Test func pureWaterIsNeutralAt25Celsius() {
        let water = CarbonateSystem(celsius: 25)
        #expect(abs(water.pH(alkalinity: 0, inorganicCarbon: 0) - 7.0) < 0.01)
        // Kw grows with temperature: neutral water is below 7 when warm.
        #expect(CarbonateSystem(celsius: 40).pH(alkalinity: 0, inorganicCarbon: 0) < 6.85)
    }

    @Test func constantsMatchTheTabulatedValuesAt25Celsius() {
        let c = CarbonateConstants(celsius: 25)
        #expect(abs(c.pK1 - 6.35) < 0.01)
        #expect(abs(c.pK2 - 10.33) < 0.01)
        #expect(abs(-log10(c.kw) - 14.00) < 0.01)
        #expect(abs(-log10(c.kAmmonium) - 9.25) < 0.01)
        #expect(abs(c.henryCO2 - 0.0339) < 0.0005)
    }

    /// Below pH ~7.4 carbonate and hydroxide are negligible, so C_T = HCO3- + CO2 = Alk + CO2.
    @Test(arguments: [(5.0, 0.5), (5.0, 5.0), (2.0, 1.0), (3.0, 1.5)])
    func carbonateBufferFollowsHendersonHasselbalch(alkalinity: Double, co2: Double) {
        let system = CarbonateSystem(celsius: 25)
        let expected = system.constants.pK1 + log10(alkalinity / co2)
        let pH = system.pH(alkalinity: alkalinity, inorganicCarbon: alkalinity + co2)
        #expect(abs(pH - expected) < 0.01, "alk \(alkalinity) CO2 \(co2): \(pH) vs \(expected)")
    }

    @Test func inorganicCarbonInvertsThePHSolution() {
        let system = CarbonateSystem(celsius: 12)
        for pH in stride(from: 4.0, through: 11.0, by: 0.5) {
            let carbon = system.inorganicCarbon(alkalinity: 6, pH: pH, ammonia: 2)
            guard carbon > 0 else { continue }
            #expect(abs(system.pH(alkalinity: 6, inorganicCarbon: carbon, ammonia: 2) - pH) < 1e-8)
        }
    }

    @Test func strongAcidLowersAndStrongBaseRaisesThePH() {
        let system = CarbonateSystem(celsius: 15)
        let neutral = system.pH(alkalinity: 5, inorganicCarbon: 6)
        #expect(system.pH(alkalinity: 3, inorganicCarbon: 6) < neutral - 0.3)
        #expect(system.pH(alkalinity: 5.9, inorganicCarbon: 6) > neutral + 0.5)
        // More acid than alkalinity: a mineral-acid water, pH below 4.5, still solved.
        let mineral = system.pH(alkalinity: -1, inorganicCarbon: 6)
        #expect(mineral < 3.1 && mineral > 2.9)
    }

    @Test func losingCO2AtConstantAlkalinityRaisesThePH() {
        let system = CarbonateSystem(celsius: 15)
        #expect(system.pH(alkalinity: 5, inorganicCarbon: 5.2) > system.pH(alkalinity: 5, inorganicCarbon: 7) + 0.8)
    }

    @Test func dosingPumpDeliversItsNormality() {
        let pump = DosingPumpDescription(maximumFlow: 4, normality: 2)
        #expect(pump.flow(percent: 50) == 2)
        #expect(pump.flow(percent: 150) == 4)
        #expect(pump.equivalentsPerDay(percent: 50) == 96)
    }
}

import Config
import Testing

/// `[uplinks.hj212.units]` and the unit rule of the flow factor w00000, which is integrated into `Cou`.
struct HJ212UnitsConfigTests {
    static func uplink(_ extra: String) -> String {
        """
        [uplinks.hj212]
        host = "platform.local"
        port = 9000
        mn = "010000A8900016F000169DC0"
        password_file = "\(UplinkConfigTests.secret(mode: 0o400))"
        [uplinks.hj212.factors]
        w00000 = "airflow1.flow"
        w01009 = "do1.oxygen"
        """ + extra
    }

    @Test func flowInAnotherUnitIsAnError() {
        let errors = UplinkConfigTests.errors(Self.uplink(""))
        #expect(errors.count == 1)
        #expect(errors.first?.contains("uplinks.hj212.factors.w00000: w00000 (effluent flow) is integrated into its discharged volume: "
            + "its unit must be m3/h or L/s, not 'Nm3/h'") == true, "\(errors)")
    }

    @Test func unitsTableOverridesTheProfile() throws {
        let unit = try UplinkConfigTests.load(Self.uplink("\n[uplinks.hj212.units]\nw00000 = \"L/s\"\n"))
        #expect(unit.uplinks.hj212?.units == ["w00000": "L/s", "w01009": "mg/L"], "w01009 keeps its profile's unit")
    }

    @Test func unitsOfNoFactorAreAnError() {
        let errors = UplinkConfigTests.errors(Self.uplink("\n[uplinks.hj212.units]\nw00000 = \"m3/h\"\nw21003 = \"mg/L\"\n"))
        #expect(errors.count == 1)
        #expect(errors.first?.contains("uplinks.hj212.units.w21003: not a factor of [uplinks.hj212.factors]") == true, "\(errors)")
    }
}

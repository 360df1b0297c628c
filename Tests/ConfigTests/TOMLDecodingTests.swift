import Config
import Testing

@Suite struct TOMLDecodingTests {
    struct Blower: Codable, Equatable {
        var name: String
        var maxSpeed: Double
        var curve: [Double]?

        enum CodingKeys: String, CodingKey {
            case name
            case maxSpeed = "max_speed"
            case curve
        }
    }

    struct Plant: Codable, Equatable {
        var volume: Double
        var blowers: [Blower]
    }

    @Test func decodesNestedTablesAndArraysOfTables() throws {
        let text = """
        volume = 35
        [[blowers]]
        name = "b1"
        max_speed = 100
        curve = [0, 50.5, 100]
        """
        let plant = try TOMLDecoding.decode(Plant.self, text: text, file: "p.toml")
        #expect(plant == Plant(volume: 35, blowers: [Blower(name: "b1", maxSpeed: 100, curve: [0, 50.5, 100])]))
    }

    @Test func aKeyTheTypeNeverReadsIsATypoWithItsLine() {
        let text = "volume = 35\n[[blowers]]\nname = \"b1\"\nmax_sped = 100\nmax_speed = 90\n"
        let errors = #expect(throws: ConfigErrors.self) { try TOMLDecoding.decode(Plant.self, text: text, file: "p.toml") }
        #expect(errors?.description == "p.toml:4: blowers[0].max_sped: unknown key (did you mean 'max_speed'?)")
    }

    @Test func aWrongTypeAndAMissingKeyNameTheirPlace() {
        let wrong = #expect(throws: ConfigErrors.self) {
            try TOMLDecoding.decode(Plant.self, text: "volume = \"big\"\nblowers = []\n", file: "p.toml")
        }
        #expect(wrong?.description == "p.toml:1: volume: expected a number")
        let missing = #expect(throws: ConfigErrors.self) {
            try TOMLDecoding.decode(Plant.self, text: "volume = 1\n[[blowers]]\nname = \"b\"\n", file: "p.toml")
        }
        #expect(missing?.description == "p.toml:2: blowers[0].max_speed: missing required key")
    }

    @Test func syntaxErrorsKeepTheirLine() {
        let errors = #expect(throws: ConfigErrors.self) {
            try TOMLDecoding.decode(Plant.self, text: "volume = 1\nblowers = [\n", file: "p.toml")
        }
        #expect(errors?.errors.first?.file == "p.toml")
        #expect((errors?.errors.first?.line ?? 0) >= 2)
    }
}

import Foundation
import Plant
import Testing

@Suite struct ContainerPlantTests {
    static let contract = [
        "basin.do", "basin.temperature", "basin.ph", "basin.orp", "basin.level", "basin.nh4", "basin.no3",
        "blower1.airflow", "blower1.speed", "blower1.running", "blower1.power", "blower1.energy",
        "blower1.fault", "influent.flow",
    ]
    static let commanded = ["blower1.speed_command", "blower1.run_command", "dosing.acid_pump", "dosing.caustic_pump"]

    func plant(seed: UInt64 = 7) throws -> ContainerPlant {
        ContainerPlant(try PlantFile.container(), seed: seed)
    }

    func running(_ plant: ContainerPlant, speed: Double) {
        plant.command("blower1.speed_command", to: speed)
        plant.command("blower1.run_command", to: 1)
    }

    @Test func plantFileDecodesCompletely() throws {
        let description = try PlantFile.container()
        #expect(description.name == "container-50")
        #expect(description.unknownComponentNames.isEmpty)
        #expect(description.anoxic.volume == 15 && description.aerobic.area * description.aerobic.crestLevel > 35)
        #expect(description.blower.curveSpeed.count == 4)
        let sensorNames = Set(description.sensors?.keys.map { $0 } ?? [])
        #expect(sensorNames.isSubset(of: Set(ContainerPlant.signals.map(\.name))))
        #expect(description.sensors?["basin.do"]?.t90 == 60)
    }

    @Test func signalsHonourTheContract() throws {
        let plant = try plant()
        let measured = Set(plant.signals.filter { $0.direction == .measured }.map(\.name))
        let commanded = Set(plant.signals.filter { $0.direction == .commanded }.map(\.name))
        #expect(Set(Self.contract).isSubset(of: measured))
        #expect(Set(Self.commanded).isSubset(of: commanded))
        for name in Self.contract + Self.commanded { #expect(plant.value(of: name)?.isFinite == true, "\(name)") }
        #expect(plant.value(of: "basin.nothing") == nil)
        #expect(!plant.command("basin.do", to: 1))
        #expect(!plant.command("blower1.speed_command", to: .nan))
        #expect(plant.command("blower1.speed_command", to: 60) && plant.value(of: "blower1.speed_command") == 60)
    }

    @Test func oneDayStaysPhysicalAndIsFast() throws {
        let plant = try plant()
        running(plant, speed: 55)
        let start = Date()
        for _ in 0..<1440 { plant.advance(by: 60) }
        let wall = Date().timeIntervalSince(start)
        print("container-50: 1 simulated day in \(String(format: "%.2f", wall)) s (\(String(format: "%.2f", 1 / wall)) d/s)")
        #expect(wall < 10)
        #expect(plant.integrationFailures == 0)
        #expect(abs(plant.time - 86_400) < 1e-6)
        for component in ASM1Component.allCases { #expect(plant.basin(component) > -1e-3, "\(component)") }
        let oxygen = plant.basin(.SO)
        #expect(oxygen >= 0 && oxygen <= plant.oxygenSaturation)
        let pH = try #require(plant.value(of: "basin.ph"))
        #expect(pH > 6 && pH < 8.5)
        let level = try #require(plant.value(of: "basin.level"))
        #expect(level > 3.0 && level < 3.1)
        // Energy is the integral of power: 24 h near a steady speed.
        let energy = try #require(plant.value(of: "blower1.energy"))
        #expect(abs(energy - 24 * plant.blower.description.power(atSpeed: 55)) < 0.01)
    }

    @Test func sameSeedSameTrajectory() throws {
        func trajectory(seed: UInt64) throws -> [Double] {
            let plant = try plant(seed: seed)
            running(plant, speed: 50)
            var values: [Double] = []
            for _ in 0..<120 {
                plant.advance(by: 30)
                values += ["basin.do", "basin.ph", "basin.level", "basin.nh4"].map { plant.value(of: $0)! }
            }
            return values
        }
        let first = try trajectory(seed: 3)
        #expect(try trajectory(seed: 3) == first)
        #expect(try trajectory(seed: 4) != first)
    }

    @Test func shortAdvancesFollowTheSameLiquidAsLongOnes() throws {
        func run(step: Double) throws -> ContainerPlant {
            let plant = try plant()
            running(plant, speed: 45)
            for _ in 0..<Int(3600 / step) { plant.advance(by: step) }
            return plant
        }
        let (short, long) = (try run(step: 0.5), try run(step: 60))
        #expect(abs(short.time - long.time) < 1e-6)
        for component in [ASM1Component.SO, .SNH, .SNO, .SALK] {
            #expect(abs(short.basin(component) - long.basin(component)) < 0.02, "\(component)")
        }
        #expect(abs(short.value(of: "blower1.energy")! - long.value(of: "blower1.energy")!) < 1e-5)
    }

    @Test func blowerTripStopsTheAirAndDissolvedOxygenFalls() throws {
        let plant = try plant()
        running(plant, speed: 60)
        plant.advance(by: 3600)
        let oxygenBefore = plant.basin(.SO)
        #expect(plant.value(of: "blower1.airflow")! > 30)
        #expect(plant.inject(fault: "blower1.trip", at: 3600 + 600))
        #expect(!plant.inject(fault: "blower1.explodes", at: 0))
        plant.advance(by: 599)
        #expect(plant.value(of: "blower1.fault") == 0)
        plant.advance(by: 2)
        #expect(plant.value(of: "blower1.fault") == 1 && plant.value(of: "blower1.speed") == 0)
        #expect(plant.value(of: "blower1.running") == 0 && plant.value(of: "blower1.power") == 0)
        plant.advance(by: 1800)
        #expect(plant.blower.airflow == 0 && plant.value(of: "blower1.airflow")! < 1)
        #expect(plant.basin(.SO) < oxygenBefore / 4)
        plant.command("blower1.fault_reset", to: 1)
        plant.advance(by: 60)
        #expect(plant.value(of: "blower1.fault") == 0 && plant.value(of: "blower1.running") == 1)
    }

    @Test func acidDosingLowersThePHAndPumpFailureStopsIt() throws {
        func pH(acid: Double, failure: Bool) throws -> Double {
            let plant = try plant()
            running(plant, speed: 50)
            plant.command("dosing.acid_pump", to: acid)
            if failure { plant.inject(fault: "dosing.acid_pump.failure", at: 0) }
            plant.advance(by: 2 * 3600)
            #expect(plant.value(of: "dosing.acid_flow") == (failure ? 0 : 2 * acid / 100))
            return plant.value(of: "basin.ph")!
        }
        let reference = try pH(acid: 0, failure: false)
        #expect(try pH(acid: 100, failure: false) < reference - 0.03)
        #expect(abs(try pH(acid: 100, failure: true) - reference) < 0.005)
    }

    @Test func aerationStripsCO2AndRaisesThePH() throws {
        // No biology and no flow: only CO2 exchange with the air changes the basin.
        var network = ContainerReactorNetwork(try PlantFile.container())
        network.inputs.carbonate = CarbonateSystem(celsius: 20)
        var y = [Double](repeating: 0, count: network.dimension)
        let alkalinity = 5.0, carbon = network.inputs.carbonate.inorganicCarbon(alkalinity: 5, pH: 6.8)
        y[ContainerReactorNetwork.basinOffset + ASM1Component.SALK.rawValue] = alkalinity
        y[ContainerReactorNetwork.basinCarbon] = carbon
        y[ContainerReactorNetwork.basinVolume] = 35
        let start = network.basinPH(y)
        network.inputs.kLa = 100
        var integrator = RosenbrockIntegrator()
        try integrator.integrate(network, state: &y, from: 0, to: 0.05)
        #expect(y[ContainerReactorNetwork.basinCarbon] < carbon)
        #expect(network.basinPH(y) > start + 0.3)
        #expect(abs(y[ContainerReactorNetwork.basinOffset + ASM1Component.SALK.rawValue] - alkalinity) < 1e-9)
    }
}

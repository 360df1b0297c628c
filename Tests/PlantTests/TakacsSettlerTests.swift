import Foundation
import Plant
import Testing

@Suite struct TakacsSettlerTests {
    let settler = TakacsSettler(SettlerDescription())

    @Test(arguments: [
        // (X, Xmin, expected velocity m/d): no settling at the non-settleable level, the practical
        // maximum (250) near the peak of the double exponential (about 253 at 700 g/m3).
        (10.0, 10.0, 0.0),
        (1000.0, 7.0, 474 * (exp(-0.000576 * 993.0) - exp(-0.00286 * 993.0))),
        (700.0, 0.0, 250.0),
        (3.0, 7.0, 0.0),
    ])
    func settlingVelocity(x: Double, xMin: Double, expected: Double) {
        #expect(abs(settler.settlingVelocity(x, nonSettleable: xMin) - expected) < 1e-9)
    }

    @Test func feedEntersTheSixthLayerFromTheBottom() {
        #expect(SettlerDescription().feedLayerIndex == 4)
        #expect(abs(SettlerDescription().layerHeight - 0.4) < 1e-12)
    }

    @Test func missingReferenceDataFailsWithItsPath() {
        #expect(throws: ReferenceData.MissingFolder.self) {
            try ReferenceData.folder(filePath: "/nonexistent/repo/Tests/PlantTests/X.swift")
        }
    }
}

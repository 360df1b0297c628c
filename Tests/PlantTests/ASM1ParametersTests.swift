import Foundation
import Plant
import Testing

@Suite struct ASM1ParametersTests {
    /// The built-in defaults must be the reference implementation's values, key by key.
    @Test func defaultsEqualTheReferenceParameterFile() throws {
        let json = try ReferenceData.json("bsm1_parameters_iwa_matlab.json")
        let asm1 = try #require(json["asm1"] as? [String: Double])
        let p = ASM1Parameters.bsm1
        let ours: [String: Double] = [
            "mu_H": p.muH, "K_S": p.KS, "K_OH": p.KOH, "K_NO": p.KNO, "b_H": p.bH, "mu_A": p.muA,
            "K_NH": p.KNH, "K_OA": p.KOA, "b_A": p.bA, "ny_g": p.etaG, "k_a": p.ka, "k_h": p.kh,
            "K_X": p.KX, "ny_h": p.etaH, "Y_H": p.YH, "Y_A": p.YA, "f_P": p.fP, "i_XB": p.iXB,
            "i_XP": p.iXP, "X_I2TSS": p.codToTSS, "X_S2TSS": p.codToTSS, "X_BH2TSS": p.codToTSS,
            "X_BA2TSS": p.codToTSS, "X_P2TSS": p.codToTSS,
        ]
        #expect(Set(ours.keys) == Set(asm1.keys))
        for (key, value) in asm1 { #expect(ours[key] == value, "\(key)") }
        let constants = try #require(json["asm1_stoichiometric_constants_in_asm1_c"] as? [String: Any])
        #expect(constants["O2_per_N_nitrified_in_autotroph_growth"] as? Double == p.oxygenPerNitrogenNitrified)
        #expect(constants["denitrification_factor"] as? Double == p.denitrificationOxygenEquivalent)
    }

    @Test func plantAndSettlerDefaultsEqualTheReferenceParameterFile() throws {
        let json = try ReferenceData.json("bsm1_parameters_iwa_matlab.json")
        let plant = PlantDescription.bsm1OpenLoop
        let reactors = try #require(json["reactors"] as? [String: Any])
        #expect(reactors["volumes_m3"] as? [Double] == plant.reactors.map(\.volume))
        #expect(reactors["KLa_openloop_per_d"] as? [Double] == plant.reactors.map(\.kLa))
        #expect(reactors["SO_sat_gO2_per_m3"] as? Double == plant.oxygenSaturation)
        let flows = try #require(json["flows_m3_per_d"] as? [String: Double])
        #expect(flows["Q_intr_openloop"] == plant.internalRecycle)
        #expect(flows["Q_r"] == plant.returnSludge)
        #expect(flows["Q_w"] == plant.wasteSludge)
        let settler = try #require(json["settler"] as? [String: Any])
        let s = plant.settler
        let expected: [(String, Double)] = [
            ("area_m2", s.area), ("height_m", s.height), ("v0_max_m_per_d", s.maximumSettlingVelocity),
            ("v0_m_per_d", s.vesilindVelocity), ("r_h_m3_per_g", s.hinderedSettling),
            ("r_p_m3_per_g", s.flocculantSettling), ("f_ns", s.nonSettleableFraction),
            ("X_t_g_per_m3", s.thresholdConcentration), ("layers", Double(s.layers)),
        ]
        for (key, value) in expected { #expect(settler[key] as? Double == value, "\(key)") }
        // The file's "feed_layer_from_bottom: 5" is the reference code's `feedlayer = 5`, counted from the top.
        #expect(s.feedLayerIndex == 4)
    }

    @Test func constantInfluentEqualsTheReferenceFile() throws {
        let rows = try ReferenceData.csv("bsm1_constinfluent.csv")
        let values = rows[1].dropFirst().map { Double($0)! }
        let influent = PlantStream.bsm1ConstantInfluent
        #expect(Array(values[0..<13]) == influent.concentrations)
        #expect(values[13] == influent.tss)
        #expect(values[14] == influent.flow)
    }

    /// Mass conservation of the Gujer matrix: COD (with oxygen as negative COD and nitrate's
    /// oxygen equivalent) and nitrogen balance across all processes.
    @Test func processesConserveNitrogen() {
        let kinetics = ASM1Kinetics()
        let state: [Double] = [30, 5, 1000, 100, 2000, 100, 400, 1, 5, 5, 1, 5, 5]
        var rates = [Double](repeating: 0, count: 13)
        kinetics.addConversionRates(state, at: 0, to: &rates, at: 0)
        let p = kinetics.parameters
        // Nitrogen in biomass (iXB), products (iXP), SNO, SNH, SND, XND; nitrified N leaves SNH and enters SNO.
        let nitrogen = p.iXB * (rates[4] + rates[5]) + p.iXP * rates[6] + rates[9] + rates[10] + rates[11]
        let denitrified = (1 - p.YH) / (p.denitrificationOxygenEquivalent * p.YH) * kinetics.processRates(state)[1]
        #expect(abs(nitrogen + rates[8] + denitrified) < 1e-9)
    }
}

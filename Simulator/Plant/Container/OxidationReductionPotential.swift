/// Oxidation-reduction potential of mixed liquor, mV against Ag/AgCl, as a fixed empirical
/// function of DO and nitrate, not an electrochemical model.
///
/// ORP = -200 + 300 s_O + 150 s_N (1 - s_O), s_O = DO/(DO + 0.5), s_N = NO3/(NO3 + 1):
/// chosen so the three regimes fall in the ranges usually reported for activated sludge
/// (aerobic about +50...+150 mV, anoxic with nitrate about -100...0 mV, anaerobic about
/// -200 mV) and ORP rises monotonically with both DO and nitrate, which is what ORP-based
/// control relies on. pH and probe poisoning are not modelled.
public enum OxidationReductionPotential {
    /// ORP, mV, for `oxygen` g O2/m3 and `nitrate` g N/m3 (negative inputs count as zero).
    public static func millivolts(oxygen: Double, nitrate: Double) -> Double {
        let o = max(oxygen, 0), n = max(nitrate, 0)
        let sO = o / (o + 0.5), sN = n / (n + 1)
        return -200 + 300 * sO + 150 * sN * (1 - sO)
    }
}

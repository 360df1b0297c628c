/// A pH buffer whose value depends on temperature, as its certificate tabulates it; the
/// calibration must use the buffer's pH at the temperature it is measured at.
public struct PHBuffer: Sendable, Equatable {
    /// Nominal pH at 25 °C, as printed on the bottle.
    public var nominal: Double
    /// (°C, pH) points in ascending temperature.
    public var table: [TablePoint]

    public struct TablePoint: Sendable, Equatable {
        public var celsius: Double
        public var pH: Double

        public init(_ celsius: Double, _ pH: Double) {
            self.celsius = celsius
            self.pH = pH
        }
    }

    public init(nominal: Double, table: [TablePoint]) {
        precondition(!table.isEmpty, "a buffer table needs at least one point")
        self.nominal = nominal
        self.table = table.sorted { $0.celsius < $1.celsius }
    }

    /// The buffer's pH at `celsius`, linearly interpolated; held at the end values outside
    /// the table (buffers are not certified there: the calibration range should not go there).
    public func pH(celsius: Double) -> Double {
        guard let upper = table.firstIndex(where: { $0.celsius >= celsius }) else { return table[table.count - 1].pH }
        guard upper > 0 else { return table[0].pH }
        let a = table[upper - 1], b = table[upper]
        return a.pH + (b.pH - a.pH) * (celsius - a.celsius) / (b.celsius - a.celsius)
    }

    /// The reading at `celsius` for a calibration point, with this buffer's pH.
    public func reading(millivolts: Double, celsius: Double) -> PHBufferReading {
        PHBufferReading(bufferPH: pH(celsius: celsius), millivolts: millivolts, celsius: celsius)
    }
}

extension PHBuffer {
    // Technical ("American") buffers, 0–50 °C: Foxboro PH10 instruction MI 611-211
    // (October 2005), Table 7, "American Buffer Tables".
    private static func technical(_ nominal: Double, _ values: [Double]) -> PHBuffer {
        PHBuffer(nominal: nominal, table: values.enumerated().map { TablePoint(Double($0.offset) * 5, $0.element) })
    }

    /// Potassium hydrogen phthalate, pH 4.00 at 25 °C.
    public static let technical4 = technical(4.00, [4.00, 4.00, 4.00, 4.00, 4.00, 4.00, 4.01, 4.02, 4.03, 4.04, 4.06])
    /// Phosphate, pH 7.00 at 25 °C.
    public static let technical7 = technical(7.00, [7.12, 7.09, 7.06, 7.04, 7.02, 7.00, 6.99, 6.99, 6.98, 6.98, 6.97])
    /// Carbonate, pH 10.01 at 25 °C.
    public static let technical10 = technical(10.01, [10.32, 10.25, 10.18, 10.12, 10.06, 10.01, 9.97, 9.93, 9.89,
                                                      9.86, 9.83])
}

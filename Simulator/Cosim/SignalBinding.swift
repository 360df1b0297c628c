/// `"<device>.<point>[.<bit>]" = "<signal>"` or `{ signal = "...", scale = 1, offset = 0 }` in a
/// plant or scenario file: the point shows the plant signal (engineering value = signal x scale
/// + offset) or, when writable, commands it (signal = (value - offset) / scale).
public struct SignalBinding: Codable, Sendable, Equatable {
    public var signal: String
    public var scale: Double
    public var offset: Double

    public init(signal: String, scale: Double = 1, offset: Double = 0) {
        self.signal = signal
        self.scale = scale
        self.offset = offset
    }

    private enum CodingKeys: String, CodingKey { case signal, scale, offset }

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self.init(signal: name)
            return
        }
        let table = try decoder.container(keyedBy: CodingKeys.self)
        self.init(signal: try table.decode(String.self, forKey: .signal),
                  scale: try table.decodeIfPresent(Double.self, forKey: .scale) ?? 1,
                  offset: try table.decodeIfPresent(Double.self, forKey: .offset) ?? 0)
        guard scale != 0, scale.isFinite, offset.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .scale, in: table, debugDescription: "scale must be finite and not 0")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var table = encoder.container(keyedBy: CodingKeys.self)
        try table.encode(signal, forKey: .signal)
        try table.encode(scale, forKey: .scale)
        try table.encode(offset, forKey: .offset)
    }

    /// The point's engineering value for a signal value.
    public func pointValue(_ signalValue: Double) -> Double { signalValue * scale + offset }
    /// The signal value a written point value commands.
    public func signalValue(_ pointValue: Double) -> Double { (pointValue - offset) / scale }
}

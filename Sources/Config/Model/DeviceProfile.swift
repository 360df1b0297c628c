/// What kind of instrument or actuator a profile describes.
public enum DeviceKind: String, Sendable, CaseIterable {
    case dissolvedOxygen = "do"
    case ph
    case orp
    case phOrp = "ph-orp"
    case airflow
    case vfd
    case level
    case remoteIO = "remote-io"
    case ammonium
    case other
}

/// An instrument's register map: data, not code (`Boards/devices/<model>.toml`).
public struct DeviceProfile: Sendable, Equatable {
    /// The file's base name, e.g. `aqualabo-podoxy`.
    public var id: String
    public var manufacturer: String
    public var model: String
    public var kind: DeviceKind
    /// Where the register map comes from (manual title, revision, section).
    public var source: String
    /// Largest register count the device accepts in one read (Modbus allows 125).
    public var maxRegistersPerRequest: Int
    /// Largest bit count in one read (Modbus allows 2000).
    public var maxBitsPerRequest: Int
    /// Largest gap of unused registers that may be read over to merge two requests.
    /// 0 = only contiguous points are merged (some devices reject unmapped addresses).
    public var maxGap: Int
    /// Use function 6/5 (single write) for one-register writes; some devices only accept 16/15.
    public var singleWrite: Bool
    /// Pause between the end of a response and the next request to this device, in seconds
    /// (slow instruments need it on top of the Modbus RTU 3.5-character gap).
    public var interRequestDelay: Double
    public var points: [PointSpec]
    public var file: String

    public init(id: String, manufacturer: String, model: String, kind: DeviceKind, source: String = "",
                maxRegistersPerRequest: Int = 125, maxBitsPerRequest: Int = 2000, maxGap: Int = 0,
                singleWrite: Bool = true, interRequestDelay: Double = 0, points: [PointSpec], file: String = "") {
        self.id = id
        self.manufacturer = manufacturer
        self.model = model
        self.kind = kind
        self.source = source
        self.maxRegistersPerRequest = maxRegistersPerRequest
        self.maxBitsPerRequest = maxBitsPerRequest
        self.maxGap = maxGap
        self.singleWrite = singleWrite
        self.interRequestDelay = interRequestDelay
        self.points = points
        self.file = file
    }

    public func point(named name: String) -> PointSpec? { points.first { $0.name == name } }
}

import Config
import HAL

/// A value that cannot be written to a point: the point, the value and why.
public struct CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// NaN or infinity.
        case notFinite
        /// The raw value (after removing offset and scale) does not fit the type.
        case doesNotFit
        /// `scale` is 0 or not finite, so no raw value gives the engineering value.
        case badScale
    }

    public var reason: Reason
    public var point: String
    /// The engineering value asked for.
    public var value: Double
    public var type: ValueType

    public var description: String {
        switch reason {
        case .notFinite: "point \(point): cannot write \(value): not a finite number"
        case .doesNotFit: "point \(point): \(value) does not fit \(type.rawValue) after scale and offset"
        case .badScale: "point \(point): scale must be finite and non-zero to write"
        }
    }
}

public extension RegisterCodec {
    /// Registers (in wire order) that hold `value` (engineering units) for a register point.
    ///
    /// raw = (value - offset) / scale, rounded to nearest (ties away from zero) for
    /// integer types. Fails with ``CodecError`` for NaN/infinity, a zero scale, or a raw
    /// value outside the type (float32 included: no silent infinity).
    static func encode(_ value: Double, spec: PointSpec) throws(CodecError) -> [UInt16] {
        let raw = try rawValue(value, spec: spec)
        func error(_ reason: CodecError.Reason) -> CodecError {
            CodecError(reason: reason, point: spec.name, value: value, type: spec.type)
        }
        let bits: UInt64
        switch spec.type {
        case .bool:
            bits = raw != 0 ? 1 : 0
        case .int16, .int32, .int64:
            guard let integer = Int64(exactly: raw.rounded(.toNearestOrAwayFromZero)),
                  fits(integer, width: spec.type.registerCount * 16) else { throw error(.doesNotFit) }
            bits = UInt64(bitPattern: integer)
        case .uint16, .uint32, .uint64:
            let width = spec.type.registerCount * 16
            guard let integer = UInt64(exactly: raw.rounded(.toNearestOrAwayFromZero)),
                  width == 64 || integer >> UInt64(width) == 0 else { throw error(.doesNotFit) }
            bits = integer
        case .float32:
            let single = Float(raw)
            guard single.isFinite else { throw error(.doesNotFit) }
            bits = UInt64(single.bitPattern)
        case .float64:
            bits = raw.bitPattern
        }
        return words(bits, count: spec.type.registerCount, order: spec.order)
    }

    /// The coil state that holds `value` for a bit point: raw != 0. Fails for NaN/infinity.
    static func encodeBit(_ value: Double, spec: PointSpec) throws(CodecError) -> Bool {
        try rawValue(value, spec: spec) != 0
    }

    /// Registers in wire order for an unsigned value of `count` words.
    static func words(_ bits: UInt64, count: Int, order: WordOrder) -> [UInt16] {
        let bigEndian = (0..<count).map { index in
            UInt16(truncatingIfNeeded: bits >> UInt64(16 * (count - 1 - index)))
        }
        return reorder(bigEndian, order: order)
    }

    private static func rawValue(_ value: Double, spec: PointSpec) throws(CodecError) -> Double {
        guard value.isFinite else {
            throw CodecError(reason: .notFinite, point: spec.name, value: value, type: spec.type)
        }
        guard spec.scale.isFinite, spec.scale != 0, spec.offset.isFinite else {
            throw CodecError(reason: .badScale, point: spec.name, value: value, type: spec.type)
        }
        let raw = (value - spec.offset) / spec.scale
        guard raw.isFinite else {
            throw CodecError(reason: .doesNotFit, point: spec.name, value: value, type: spec.type)
        }
        return raw
    }

    private static func fits(_ value: Int64, width: Int) -> Bool {
        guard width < 64 else { return true }
        let limit = Int64(1) << Int64(width - 1)
        return value >= -limit && value < limit
    }
}

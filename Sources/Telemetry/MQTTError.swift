import CMosquitto

/// A libmosquitto call that failed: the `MOSQ_ERR_*` code, its text and the operation.
/// The only place a libmosquitto return code becomes a Swift error.
public struct MQTTError: Error, CustomStringConvertible {
    public let code: Int32
    public let operation: String

    public var description: String {
        "MQTT \(operation) failed: \(String(cString: mosquitto_strerror(code))) (MOSQ_ERR \(code))"
    }

    /// Throws unless `rc` is `MOSQ_ERR_SUCCESS`.
    static func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws(MQTTError) {
        guard rc == Int32(MOSQ_ERR_SUCCESS.rawValue) else { throw MQTTError(code: rc, operation: operation()) }
    }
}

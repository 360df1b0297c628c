/// What a broker's CONNACK said, in words an operator can act on. MQTT 3.1.1 return codes (1-5)
/// and MQTT 5 reason codes (0x80 and up) do not overlap, so the code alone tells which it is.
public struct MQTTConnectResult: Sendable, Equatable, CustomStringConvertible {
    /// The CONNACK return code (3.1.1) or reason code (5); 0 is success in both.
    public let code: Int32

    public init(code: Int32) { self.code = code }

    public var accepted: Bool { code == 0 }

    public var description: String {
        let text: String
        switch code {
        case 0: text = "accepted"
        case 1, 0x84: text = "unsupported protocol version: set mqtt_version to what the broker speaks"
        case 2, 0x85: text = "client identifier refused"
        case 3, 0x88: text = "server unavailable"
        case 0x89: text = "server busy"
        case 4, 0x86: text = "bad user name or password: check username and password_file"
        case 5, 0x87: text = "not authorized: check username and password_file (mosquitto refuses a wrong password this way) or the broker's access control"
        case 0x8A: text = "banned by the broker"
        case 0x8C: text = "bad authentication method"
        case 0x80: text = "unspecified error"
        case 0x81: text = "malformed packet"
        case 0x82: text = "protocol error"
        case 0x83: text = "implementation-specific error"
        case 0x95: text = "packet too large"
        case 0x97: text = "quota exceeded"
        case 0x99: text = "payload format invalid"
        case 0x9A: text = "retain not supported by the broker"
        case 0x9B: text = "QoS not supported by the broker"
        case 0x9C: text = "use another server"
        case 0x9D: text = "server moved"
        case 0x9F: text = "connection rate exceeded: the broker throttles reconnects"
        default: text = "refused"
        }
        return "\(text) (CONNACK \(code))"
    }
}

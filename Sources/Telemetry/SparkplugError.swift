/// Why a Sparkplug B payload or topic was refused. Malformed input from the broker is
/// logged and rejected; it never stops the node.
public enum SparkplugError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a valid `Payload` protobuf (truncated, bad wire type, bad UTF-8).
    case malformed(String)
    /// A metric carries a datatype Floc does not handle (DataSet, Template, arrays...).
    case unsupportedDataType(UInt32)
    /// A topic outside `spBv1.0/<group>/<TYPE>/<edge_node>[/<device>]`.
    case badTopic(String)

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed Sparkplug payload: \(reason)"
        case .unsupportedDataType(let code): "unsupported Sparkplug datatype \(code)"
        case .badTopic(let topic): "not a Sparkplug B topic: \(topic)"
        }
    }
}

/// A Sparkplug B topic: `spBv1.0/<group>/<TYPE>/<edge_node>[/<device>]`.
public struct SparkplugTopic: Sendable, Equatable {
    public enum MessageType: String, Sendable {
        case nbirth = "NBIRTH", ndeath = "NDEATH", dbirth = "DBIRTH", ddeath = "DDEATH"
        case ndata = "NDATA", ddata = "DDATA", ncmd = "NCMD", dcmd = "DCMD"
    }

    public static let namespace = "spBv1.0"

    public var group: String
    public var type: MessageType
    public var node: String
    public var device: String?

    public init(group: String, type: MessageType, node: String, device: String? = nil) {
        self.group = group
        self.type = type
        self.node = node
        self.device = device
    }

    public init(parsing topic: String) throws(SparkplugError) {
        let parts = topic.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4 || parts.count == 5, parts[0] == Self.namespace,
              let type = MessageType(rawValue: parts[2]), !parts[1].isEmpty, !parts[3].isEmpty
        else { throw .badTopic(topic) }
        self.init(group: parts[1], type: type, node: parts[3], device: parts.count == 5 ? parts[4] : nil)
    }

    public var string: String {
        [Self.namespace, group, type.rawValue, node, device].compactMap { $0 }.joined(separator: "/")
    }
}

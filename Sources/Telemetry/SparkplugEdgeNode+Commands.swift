import Logging

extension SparkplugEdgeNode {
    /// NCMD/DCMD: decoded, each metric resolved by name or alias; `Node Control/Rebirth`
    /// triggers a rebirth, other writes go to `onCommand`. Malformed messages are logged and counted.
    func received(_ message: MQTTClient.Message) {
        if let host = primaryHost, message.topic == Self.stateTopic(host) {
            receivedState(message.payload)
            return
        }
        let topic: SparkplugTopic
        let payload: SparkplugPayload
        do {
            topic = try SparkplugTopic(parsing: message.topic)
            payload = try SparkplugPayload(decoding: message.payload)
        } catch {
            reject("\(message.topic): \(error)")
            return
        }
        for metric in payload.metrics {
            guard let name = resolve(metric, device: topic.device), let value = metric.value else {
                reject("\(message.topic): unknown or null metric \(metric.name ?? "alias \(metric.alias ?? 0)")")
                continue
            }
            if topic.type == .ncmd, name == Self.rebirthMetric {
                if value == .boolean(true) { rebirth() }
                continue
            }
            let command = SparkplugCommand(device: topic.device, metric: name, value: value)
            switch onCommand(command) {
            case .accepted:
                logger.info("sparkplug: command \(message.topic) \(name) accepted")
            case .rejected(let reason):
                reject("\(message.topic) \(name): \(reason)")
            }
        }
    }
}

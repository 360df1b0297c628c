import FieldIO
import HAL

/// The scan's view of the field image: the program's inputs and outputs as arrays in the
/// order the program declared them, filled and drained by the engine through pre-resolved
/// image handles. Built once; each scan reuses its storage, so the scan path neither hashes
/// keys nor allocates for I/O.
public struct ScanFrame: Sendable {
    /// Image keys of `inputs`, in order.
    public let inputKeys: [String]
    /// Image keys of `outputs`, in order.
    public let outputKeys: [String]
    /// This scan's samples of `inputKeys` (staleness applied; an unknown point reads `notYetRead`).
    public internal(set) var inputs: [PointSample]
    /// The values to drive this scan, in `outputKeys` order; nil leaves an output as it was,
    /// unrefreshed, so its maximum age runs on. Cleared before every scan.
    public var outputs: [Double?]

    public init(inputKeys: [String], outputKeys: [String]) {
        self.inputKeys = inputKeys
        self.outputKeys = outputKeys
        inputs = Array(repeating: .notYetRead(at: .zero), count: inputKeys.count)
        outputs = Array(repeating: nil, count: outputKeys.count)
    }

    /// The sample of input `key` (a linear search: for tests and set-up, not per scan).
    public func input(_ key: String) -> PointSample? {
        inputKeys.firstIndex(of: key).map { inputs[$0] }
    }

    /// Sets output `key` (a linear search: for tests and set-up; nil when not declared).
    @discardableResult
    public mutating func setOutput(_ key: String, _ value: Double) -> Bool {
        guard let index = outputKeys.firstIndex(of: key) else { return false }
        outputs[index] = value
        return true
    }

    mutating func clearOutputs() {
        for index in outputs.indices { outputs[index] = nil }
    }
}

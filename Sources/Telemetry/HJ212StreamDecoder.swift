/// Splits a TCP byte stream into HJ 212 packets. Garbage before `##` is skipped; a frame with a
/// bad CRC or length is reported as an error and skipped, so one bad frame never stalls the stream.
public struct HJ212StreamDecoder: Sendable {
    private var buffer: [UInt8] = []
    /// Bytes kept at most while waiting for a CR LF (a frame is at most 1036 bytes).
    private static let maxBuffered = 4096

    public init() {}

    /// Appends received bytes.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count > Self.maxBuffered { buffer.removeFirst(buffer.count - Self.maxBuffered) }
    }

    /// The next complete frame: a packet, an error for a malformed frame, or `nil` until more bytes arrive.
    public mutating func next() -> Result<HJ212Packet, HJ212PacketError>? {
        guard let start = headerIndex() else {
            // Keep a trailing '#' in case it is the first half of a header.
            buffer = buffer.last == 0x23 ? [0x23] : []
            return nil
        }
        if start > 0 { buffer.removeFirst(start) }
        guard let end = terminatorIndex() else { return nil }
        let frame = Array(buffer[...end])
        buffer.removeFirst(end + 1)
        do { return .success(try HJ212Packet.decode(frame)) } catch let error as HJ212PacketError {
            return .failure(error)
        } catch {
            return nil
        }
    }

    private func headerIndex() -> Int? {
        var index = 0
        while index + 1 < buffer.count {
            // In a run of '#', the header is the last two (garbage may end in '#').
            if buffer[index] == 0x23, buffer[index + 1] == 0x23,
               index + 2 >= buffer.count || buffer[index + 2] != 0x23 { return index }
            index += 1
        }
        return nil
    }

    private func terminatorIndex() -> Int? {
        var index = 1
        while index < buffer.count {
            if buffer[index - 1] == 0x0D, buffer[index] == 0x0A { return index }
            index += 1
        }
        return nil
    }
}

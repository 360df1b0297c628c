import HAL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one `ConsoleSession` over a pair of file descriptors (often one socket or TTY twice) with
/// non-blocking I/O and `poll`: input is read as it comes, output drains as fast as the peer takes it,
/// and what it cannot take is dropped by the session's bounded buffer. Never blocks on the peer.
public enum ConsoleTransport {
    /// Why a session's transport ended.
    public enum Ending: Sendable, Equatable {
        /// The user left (Ctrl-D before login) and the output was flushed.
        case finished
        /// End of file: the peer closed its side.
        case peerClosed
        /// A read or write failed (EIO when a USB adapter is pulled, EPIPE, ECONNRESET).
        case failed(HALError)
        /// The server or console was stopped.
        case stopped
    }

    static let readChunk = 4096
    /// A finished session gets this long to flush its goodbye to a slow peer.
    static let flushGrace = Duration.seconds(2)

    /// Runs `session` over `input`/`output` (may be the same descriptor, set non-blocking here) on the
    /// calling thread until the session finishes, the peer goes or an I/O error. The caller closes the descriptors.
    public static func run(_ session: ConsoleSession, input: Int32, output: Int32, context: String) -> Ending {
        run(session, input: input, output: output, stop: nil, context: context)
    }

    /// Runs until the session finishes, the peer goes, an I/O error, or `stop` is signalled.
    static func run(_ session: ConsoleSession, input: Int32, output: Int32, stop: StopSignal?,
                    context: String) -> Ending {
        do {
            try Descriptor.setNonBlocking(input, context)
            if output != input { try Descriptor.setNonBlocking(output, context) }
        } catch {
            return .failed(error)
        }
        let socket = Descriptor.isSocket(output)
        let clock = session.environment.clock
        var chunk = [UInt8](repeating: 0, count: readChunk)
        var finishedAt: MonotonicInstant?
        session.start()
        while true {
            if !session.output.isEmpty {
                guard let written = Descriptor.writeSome(output, session.output.bytes, socket: socket) else {
                    return .failed(Descriptor.error("write", context))
                }
                session.consumeOutput(written)
            }
            if session.isFinished {
                let now = clock.now
                if finishedAt == nil { finishedAt = now }
                if session.output.isEmpty || now - finishedAt! >= flushGrace { return .finished }
            }
            var entries = [pollfd(fd: input, events: Int16(POLLIN), revents: 0)]
            if !session.output.isEmpty {
                if output == input { entries[0].events |= Int16(POLLOUT) } else {
                    entries.append(pollfd(fd: output, events: Int16(POLLOUT), revents: 0))
                }
            }
            if let stop { entries.append(pollfd(fd: stop.readEnd, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&entries, nfds_t(entries.count), timeoutMilliseconds(session, clock))
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed(Descriptor.error("poll", context))
            }
            if stop?.isSignalled == true { return .stopped }
            if entries[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                let count = read(input, &chunk, chunk.count)
                if count > 0 {
                    session.receive(chunk[0 ..< count])
                } else if count == 0 {
                    return .peerClosed
                } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                    return .failed(Descriptor.error("read", context))
                }
            }
            session.tick()
        }
    }

    /// Sleep until the session's next deadline, at most a second (to notice a finished flush), never negative.
    private static func timeoutMilliseconds(_ session: ConsoleSession, _ clock: any MonotonicClock) -> Int32 {
        if session.isFinished { return 50 }
        guard let deadline = session.nextDeadline else { return 1000 }
        let milliseconds = (deadline - clock.now).nanosecondsClamped / 1_000_000
        return Int32(min(max(milliseconds, 0), 1000))
    }
}

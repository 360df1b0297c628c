import ArgumentParser
import Foundation
import Glibc

/// `floc console`: the local terminal attached to a running `floc run`'s console socket.
struct AttachConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Attach this terminal to the console of the running floc (for SSH users).",
        discussion: """
        The terminal is put in raw mode (keys go to the console's line editor) and restored on exit; \
        floc console exits when the session ends (`logout`, then Ctrl-D at the login prompt).
        """
    )

    @Option(help: "The console socket (default: where `floc run` puts it: /run/floc/console.sock, else $XDG_RUNTIME_DIR or /tmp).")
    var socket: String?

    func run() throws {
        let path = socket ?? ConsoleService.defaultSocketPath()
        let fd = try connect(path)
        defer { close(fd) }
        var saved = termios()
        let raw = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        if raw {
            var options = saved
            cfmakeraw(&options)
            tcsetattr(STDIN_FILENO, TCSANOW, &options)
        }
        defer { if raw { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
        relay(fd)
    }

    private func connect(_ path: String) throws -> Int32 {
        switch ConsoleSocketClient.connect(path) {
        case .success(let fd): return fd
        case .failure(let error):
            throw fail("cannot attach to \(path): \(error.reason) (is `floc run` running, and may you open its socket?)")
        }
    }

    /// Copies stdin to the socket and the socket to stdout until the socket closes. At the end of stdin
    /// (a pipe) the socket's write side is shut so the session sees its peer leave.
    private func relay(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var inputOpen = true
        while true {
            var entries = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: inputOpen ? STDIN_FILENO : -1, events: Int16(POLLIN), revents: 0)]
            guard poll(&entries, 2, -1) >= 0 || errno == EINTR else { return }
            if entries[0].revents != 0 {
                let count = read(fd, &buffer, buffer.count)
                guard count > 0 else { return }
                guard writeAll(STDOUT_FILENO, buffer, count) else { return }
            }
            if inputOpen, entries[1].revents != 0 {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count > 0 {
                    guard writeAll(fd, buffer, count) else { return }
                } else if count == 0 || errno != EINTR {
                    inputOpen = false
                    shutdown(fd, Int32(SHUT_WR))
                }
            }
        }
    }

    private func writeAll(_ fd: Int32, _ buffer: [UInt8], _ count: Int) -> Bool {
        var offset = 0
        while offset < count {
            let written = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}

/// A client connection to a console socket (`floc console`, and `floc run` checking that no other
/// floc already serves the path).
enum ConsoleSocketClient {
    struct Failure: Error {
        var reason: String
    }

    /// A connected descriptor (the caller closes it), or why not.
    static func connect(_ path: String) -> Result<Int32, Failure> {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return .failure(Failure(reason: "path too long")) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(Failure(reason: String(cString: strerror(errno)))) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            return .failure(Failure(reason: reason))
        }
        return .success(fd)
    }
}

import Foundation
import Glibc

extension Process {
    /// Starts the process with no signal blocked. Threads of the Dispatch pool (Swift concurrency,
    /// Swift Testing) block every asynchronous signal, and a child inherits the mask of the thread
    /// that spawns it: socat or a test peer started from one would ignore the SIGTERM that should
    /// stop it. The mask is cleared on this thread only for the spawn, then restored.
    public func runWithSignalsUnblocked() throws {
        var empty = sigset_t()
        var previous = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}

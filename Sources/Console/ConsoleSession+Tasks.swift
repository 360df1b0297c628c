import HAL

/// Requests that take a while (a calibration point waiting for a stable reading): the session polls
/// the task at the `watch` interval, shows one progress line, and any key cancels it. The scan never
/// waits: the task only reads snapshots.
extension ConsoleSession {
    struct RunningTask {
        var task: any ConsolePendingTask
        var next: MonotonicInstant
        /// The command line that started it, for the audit record of its end.
        var detail: String
        /// The progress line last drawn (a dumb terminal gets a new line only when it changes).
        var shown: String?
    }

    func startTask(_ task: any ConsolePendingTask) {
        self.task = RunningTask(task: task, next: environment.clock.now, detail: currentDetail)
        pollTask()
    }

    /// Polls the running task once: draws its progress, or ends it with its reply (the caller shows the prompt).
    func pollTask() {
        guard var current = task else { return }
        switch current.task.poll() {
        case .waiting(let line):
            if editor.style == .vt100 {
                output.append(Array("\r\u{1B}[K".utf8) + sanitized(line))
            } else if line != current.shown {
                writeLine(line)
            }
            current.shown = line
            current.next = environment.clock.now + environment.settings.watchInterval
            task = current
        case .finished(let reply):
            endTask(current, reply: reply)
        }
    }

    /// Cancels the running task (a key, an idle logout) and prints why.
    func cancelTask() {
        guard let current = task else { return }
        endTask(current, reply: current.task.cancel(), cancelled: true)
    }

    private func endTask(_ current: RunningTask, reply: ConsoleReply, cancelled: Bool = false) {
        task = nil
        if editor.style == .vt100, current.shown != nil { output.append(Array("\r\u{1B}[K".utf8)) }
        if cancelled { say(ConsoleText.cancelled) }
        switch reply {
        case .done(let lines):
            lines.forEach(writeLine)
            audit(.command, detail: current.detail, result: cancelled ? "cancelled" : "ok")
        case .refused(let reason):
            say(ConsoleText.refused(reason))
            audit(.command, detail: current.detail, result: "refused: \(reason)")
        case .pending(let next):
            // A task that hands over to another keeps the session waiting.
            task = RunningTask(task: next.task, next: environment.clock.now, detail: current.detail)
        }
    }
}

import HAL

/// One console session: login state, language, line editor, pending prompts and `watch`, driven by
/// the bytes typed and by time. It writes to a bounded `output` that its transport drains.
///
/// Not thread-safe: a session belongs to the one thread that runs its transport. Backend reads come
/// from snapshots and requests wait only on this thread, never on the scan's.
public final class ConsoleSession {
    struct PendingPrompt {
        var text: LocalizedText
        var secret: Bool
        var onLine: (ConsoleSession, String) -> Void
    }

    struct Watch {
        var tags: [String]
        var next: MonotonicInstant
    }

    public let environment: ConsoleEnvironment
    /// Where this session runs, for the audit log: `socket#3`, `tty:/dev/ttyS0`.
    public let origin: String
    public internal(set) var user: ConsoleUser?
    public var language: ConsoleLanguage
    public internal(set) var output: OutputBuffer
    /// Set when the peer asked to leave; the transport flushes and closes.
    public private(set) var isFinished = false
    public private(set) var editor: LineEditor

    var pendingPrompt: PendingPrompt?
    var watch: Watch?
    var task: RunningTask?
    /// The command line being run, as audited: a task that ends later is audited under it.
    var currentDetail = ""
    private var lastInput: MonotonicInstant

    public init(environment: ConsoleEnvironment, origin: String, style: TerminalStyle = .vt100) {
        self.environment = environment
        self.origin = origin
        language = environment.settings.language
        output = OutputBuffer(capacity: environment.settings.outputCapacity)
        editor = LineEditor(style: style, limit: environment.settings.lineLimit)
        lastInput = environment.clock.now
    }

    /// VT100 or dumb, for this session only.
    public var terminalStyle: TerminalStyle {
        get { editor.style }
        set { editor.style = newValue }
    }

    /// The role commands are checked against: the user's, or viewer before login.
    public var role: ConsoleRole { user?.role ?? .viewer }
    /// Whether unit data may be read: someone is logged in, or anonymous viewing is allowed.
    var mayRead: Bool { user != nil || environment.settings.allowsAnonymousViewer }

    /// Writes the banner and the first prompt.
    public func start() {
        say(ConsoleText.banner(environment.backend.unitName))
        showPrompt()
    }

    /// Feeds bytes from the terminal. While `watch` runs, a chunk of input only stops it.
    public func receive(_ bytes: some Sequence<UInt8>) {
        guard !isFinished else { return }
        lastInput = environment.clock.now
        if watch != nil {
            stopWatch()
            showPrompt()
            return
        }
        if task != nil {
            // The LF of a CR LF that ended the command may come on its own (a serial line): not a key.
            guard !bytes.allSatisfy({ $0 == 0x0A || $0 == 0x00 }) else { return }
            cancelTask()
            showPrompt()
            return
        }
        for byte in bytes {
            // Keys typed ahead of a task's end are dropped: they were typed blind.
            guard !isFinished, task == nil else { break }
            let completer: LineCompleter? = pendingPrompt == nil ? { [unowned self] text in
                environment.registry.completions(text, role: role, backend: environment.backend)
            } : nil
            let event = editor.feed(byte, complete: completer)
            // The line's own echo (its CR LF) goes out before whatever the line makes the session write.
            flushEditor()
            if let event { handle(event) }
        }
    }

    /// Time-driven work: idle logout and `watch` frames. Call it at `nextDeadline` (or sooner).
    public func tick() {
        guard !isFinished else { return }
        let now = environment.clock.now
        if user != nil, now - lastInput >= environment.settings.idleTimeout {
            stopWatch()
            cancelTask()
            pendingPrompt = nil
            logout(idle: true)
            showPrompt()
            return
        }
        if var current = watch, now >= current.next {
            // A peer that has not taken the last frame gets no new one: frames are skipped, not queued.
            if output.isEmpty { drawWatchFrame(current.tags) }
            current.next = now + environment.settings.watchInterval
            watch = current
        }
        if let current = task, now >= current.next {
            pollTask()
            if task == nil { showPrompt() }
        }
    }

    /// When `tick()` has work next: idle logout or the next `watch` frame.
    public var nextDeadline: MonotonicInstant? {
        var deadlines: [MonotonicInstant] = []
        if user != nil { deadlines.append(lastInput + environment.settings.idleTimeout) }
        if let watch { deadlines.append(watch.next) }
        if let task { deadlines.append(task.next) }
        return deadlines.min()
    }

    private func handle(_ event: LineEditorEvent) {
        switch event {
        case .line(let text):
            if let prompt = pendingPrompt {
                pendingPrompt = nil
                prompt.onLine(self, text)
            } else {
                execute(text)
            }
        case .interrupt:
            pendingPrompt = nil
        case .endOfInput:
            if user == nil {
                say(ConsoleText.bye)
                isFinished = true
                return
            }
            if pendingPrompt != nil { pendingPrompt = nil } else { logout(idle: false) }
        }
        showPrompt()
    }

    /// Starts the next line: a pending prompt, the login prompt, or the command prompt.
    func showPrompt() {
        guard !isFinished, watch == nil, task == nil else { return }
        if pendingPrompt == nil, !mayRead { beginLogin(name: nil) }
        if let prompt = pendingPrompt {
            editor.begin(prompt: prompt.text(language), secret: prompt.secret)
        } else {
            editor.begin(prompt: "\(environment.backend.unitName) \(user?.name ?? "-")> ")
        }
        flushEditor()
    }

    private func flushEditor() {
        let bytes = editor.takeOutput()
        if !bytes.isEmpty { output.append(bytes) }
    }

    /// Writes one line, made safe for any terminal: control characters become `?`.
    func writeLine(_ text: String) {
        output.append(sanitized(text) + [0x0D, 0x0A])
    }

    /// The text's bytes with control characters replaced by `?`.
    func sanitized(_ text: String) -> [UInt8] {
        Array(text.utf8).map { $0 < 0x20 || $0 == 0x7F ? UInt8(ascii: "?") : $0 }
    }

    func say(_ text: LocalizedText) { writeLine(text(language)) }

    /// Removes the first `count` output bytes once the transport wrote them.
    public func consumeOutput(_ count: Int) { output.consume(count) }
}

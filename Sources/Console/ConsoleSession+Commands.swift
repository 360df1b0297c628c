import HAL

extension ConsoleSession {
    /// Parses and runs one command line, checking the role and auditing the outcome.
    func execute(_ line: String) {
        let words: [String]
        do {
            words = try CommandLineParser.words(line)
        } catch {
            say(ConsoleText.badQuote)
            return
        }
        guard let typed = words.first else { return }
        let name = typed.lowercased()
        guard let command = environment.registry.command(named: name) else {
            say(ConsoleText.unknownCommand(typed, environment.registry.suggestions(for: name)))
            // The text is not recorded: a password typed at the wrong prompt must not reach the log.
            audit(.command, detail: "(unknown command)", result: "unknown")
            return
        }
        let arguments = Array(words.dropFirst())
        let detail = command.auditsArguments ? ([name] + arguments).joined(separator: " ") : name
        guard command.minimumRole <= role, mayRead || name == "login" || name == "help" else {
            let needed = max(command.minimumRole, .viewer)
            say(ConsoleText.needsRole(name, needed, role))
            audit(.command, detail: detail, result: "refused: needs \(needed)")
            return
        }
        currentDetail = detail
        let outcome = command.run(self, arguments)
        switch outcome {
        case .ok:
            audit(.command, detail: detail, result: "ok")
        case .refused(let reason):
            say(ConsoleText.refused(reason))
            audit(.command, detail: detail, result: "refused: \(reason)")
        case .usage:
            say(ConsoleText.usage(command.name, command.usage))
            audit(.command, detail: detail, result: "usage")
        }
    }

    /// Prints a backend reply; refusals become the command's outcome.
    func show(_ reply: ConsoleReply) -> ConsoleOutcome {
        switch reply {
        case .done(let lines):
            lines.forEach(writeLine)
            return .ok
        case .refused(let reason):
            return .refused(reason)
        case .pending(let work):
            startTask(work.task)
            return .ok
        }
    }

    /// Submits a change as the current user.
    func perform(_ request: ConsoleRequest) -> ConsoleOutcome {
        show(environment.backend.perform(request, by: user ?? .anonymousViewer))
    }

    func audit(_ action: AuditEvent.Action, user name: String? = nil, detail: String = "", result: String) {
        environment.audit.record(AuditEvent(time: environment.wallClock(), user: name ?? user?.name ?? "-",
                                            origin: origin, action: action, detail: detail, result: result))
    }

    func startWatch(_ tags: [String]) {
        watch = Watch(tags: tags, next: environment.clock.now + environment.settings.watchInterval)
        drawWatchFrame(tags)
    }

    func stopWatch() {
        guard watch != nil else { return }
        watch = nil
        output.append([0x0D, 0x0A])
    }

    func drawWatchFrame(_ tags: [String]) {
        if editor.style == .vt100 { output.append(Array("\u{1B}[H\u{1B}[2J".utf8)) } else { output.append([0x0D, 0x0A]) }
        writeLine("watch \(tags.joined(separator: " "))  \(ConsoleText.watchHint(language))")
        environment.backend.watchLines(tags: tags).forEach(writeLine)
    }
}

/// Commands that need no unit program: help, identity, login, language, users.
enum BuiltinCommands {
    static let all: [ConsoleCommand] = [help, whoami, login, logout, passwd, lang, term, users]

    static let help = ConsoleCommand(
        name: "help", usage: "[command]", minimumRole: .viewer,
        summary: LocalizedText("List commands, or explain one", zh: "列出命令，或说明某个命令"),
        arguments: [.value]
    ) { session, arguments in
        let registry = session.environment.registry
        let language = session.language
        guard let name = arguments.first else {
            session.say(ConsoleText.helpHeader)
            for command in registry.commands {
                let synopsis = command.usage.isEmpty ? command.name : "\(command.name) \(command.usage)"
                var line = "  " + synopsis.padding(to: 34) + command.summary(language)
                if command.minimumRole > session.role { line += " " + ConsoleText.helpNeeds(command.minimumRole)(language) }
                session.writeLine(line)
            }
            return .ok
        }
        guard arguments.count == 1 else { return .usage }
        guard let command = registry.command(named: name.lowercased()) else {
            session.say(ConsoleText.unknownCommand(name, registry.suggestions(for: name.lowercased())))
            return .ok
        }
        session.say(ConsoleText.usage(command.name, command.usage))
        session.writeLine("  " + command.summary(language))
        if let details = command.details { details(language).split(separator: "\n").forEach { session.writeLine("  \($0)") } }
        session.say(ConsoleText.helpRole(command.minimumRole))
        return .ok
    }

    static let whoami = ConsoleCommand(
        name: "whoami", minimumRole: .viewer,
        summary: LocalizedText("Show who is logged in here", zh: "显示当前登录的用户")
    ) { session, arguments in
        guard arguments.isEmpty else { return .usage }
        session.say(ConsoleText.whoami(session.user, session.origin))
        return .ok
    }

    static let login = ConsoleCommand(
        name: "login", usage: "[user]", minimumRole: .viewer,
        summary: LocalizedText("Log in (the password is asked, never echoed)", zh: "登录（密码不回显）"),
        arguments: [.value], auditsArguments: false
    ) { session, arguments in
        guard arguments.count <= 1 else { return .usage }
        session.beginLogin(name: arguments.first)
        return .ok
    }

    static let logout = ConsoleCommand(
        name: "logout", minimumRole: .viewer,
        summary: LocalizedText("Log out", zh: "退出登录")
    ) { session, arguments in
        guard arguments.isEmpty else { return .usage }
        session.logout(idle: false)
        return .ok
    }

    static let passwd = ConsoleCommand(
        name: "passwd", minimumRole: .viewer,
        summary: LocalizedText("Change your password", zh: "修改自己的密码"),
        auditsArguments: false
    ) { session, arguments in
        guard arguments.isEmpty else { return .usage }
        guard session.user != nil else { return .refused(ConsoleText.notLoggedIn(session.language)) }
        session.beginPasswordChange()
        return .ok
    }

    static let lang = ConsoleCommand(
        name: "lang", usage: "[en|zh]", minimumRole: .viewer,
        summary: LocalizedText("Show or switch the language of this console", zh: "显示或切换本控制台的语言"),
        arguments: [.keyword(ConsoleLanguage.allCases.map(\.rawValue))]
    ) { session, arguments in
        guard arguments.count <= 1 else { return .usage }
        if let code = arguments.first {
            guard let language = ConsoleLanguage(rawValue: code.lowercased()) else { return .usage }
            session.language = language
        }
        session.say(ConsoleText.language)
        return .ok
    }

    static let term = ConsoleCommand(
        name: "term", usage: "[vt100|dumb]", minimumRole: .viewer,
        summary: LocalizedText("Show or set the terminal type (dumb: no escape sequences)",
                               zh: "显示或设置终端类型（dumb：不发送转义序列）"),
        arguments: [.keyword(TerminalStyle.allCases.map(\.rawValue))]
    ) { session, arguments in
        guard arguments.count <= 1 else { return .usage }
        if let name = arguments.first {
            guard let style = TerminalStyle(rawValue: name.lowercased()) else { return .usage }
            session.terminalStyle = style
        }
        session.writeLine("term \(session.terminalStyle.rawValue)")
        return .ok
    }

    static let users = ConsoleCommand(
        name: "users", usage: "[add <name> <role> | remove <name> | role <name> <role>]", minimumRole: .engineer,
        summary: LocalizedText("List, add or remove console users", zh: "列出、添加或删除控制台用户"),
        details: LocalizedText("Roles: viewer, operator, technician, engineer. 'add' asks the password twice.",
                               zh: "权限：viewer、operator、technician、engineer。'add' 会要求输入两次密码。"),
        arguments: [.keyword(["add", "remove", "role"]), .value, .keyword(ConsoleRole.allCases.map(\.description))]
    ) { session, arguments in
        let store = session.environment.users
        do {
            switch (arguments.first, arguments.count) {
            case (nil, _):
                for user in try store.list() { session.writeLine("  \(user.name.padding(to: 20))\(user.role)") }
            case ("add", 3):
                guard let role = ConsoleRole(name: arguments[2]) else { return .usage }
                let name = arguments[1]
                try UserStore.check(name: name)
                session.askNewPassword { session, password in
                    do {
                        try store.add(name: name, role: role, password: password)
                        session.say(ConsoleText.userAdded(name))
                        session.audit(.command, detail: "users add \(name) \(role)", result: "ok")
                    } catch {
                        session.say(ConsoleText.refused("\(error)"))
                    }
                }
            case ("remove", 2):
                guard arguments[1] != session.user?.name else { return .refused("cannot remove yourself") }
                try store.remove(name: arguments[1])
                session.say(ConsoleText.done)
            case ("role", 3):
                guard let role = ConsoleRole(name: arguments[2]) else { return .usage }
                try store.setRole(name: arguments[1], role: role)
                session.say(ConsoleText.done)
            default:
                return .usage
            }
        } catch {
            return .refused("\(error)")
        }
        return .ok
    }
}

extension String {
    /// Pads with spaces to `width` characters (never truncates), for help columns.
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

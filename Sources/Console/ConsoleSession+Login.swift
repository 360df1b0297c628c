import Foundation

extension ConsoleSession {
    /// Asks for the name (unless given), then the password, without echo.
    func beginLogin(name: String?) {
        guard let name else {
            pendingPrompt = PendingPrompt(text: ConsoleText.loginName, secret: false) { session, line in
                let typed = line.trimmingCharacters(in: .whitespaces)
                if !typed.isEmpty { session.beginLogin(name: typed) }
            }
            return
        }
        pendingPrompt = PendingPrompt(text: ConsoleText.password, secret: true) { session, password in
            session.attemptLogin(name: name, password: password)
        }
    }

    func attemptLogin(name: String, password: String) {
        let throttle = environment.throttle
        let shownName = Self.auditName(name)
        let lock = throttle.remainingLock(for: name)
        if lock > .zero {
            say(ConsoleText.locked(Self.wholeSeconds(lock)))
            audit(.loginFailed, user: shownName, result: "locked")
            return
        }
        guard let verified = environment.users.verify(name: name, password: password) else {
            let delay = throttle.recordFailure(for: name)
            say(ConsoleText.loginIncorrect)
            if delay > .zero { say(ConsoleText.locked(Self.wholeSeconds(delay))) }
            audit(.loginFailed, user: shownName, result: "wrong name or password")
            return
        }
        throttle.recordSuccess(for: name)
        if user != nil { logout(idle: false) }
        user = verified
        say(ConsoleText.welcome(verified))
        audit(.login, result: "ok")
    }

    func logout(idle: Bool) {
        guard user != nil else {
            say(ConsoleText.notLoggedIn)
            return
        }
        audit(idle ? .idleLogout : .logout, result: "ok")
        user = nil
        say(idle ? ConsoleText.idleLoggedOut : ConsoleText.loggedOut)
    }

    /// `passwd`: current password, new one twice.
    func beginPasswordChange() {
        guard let current = user else { return }
        pendingPrompt = PendingPrompt(text: ConsoleText.currentPassword, secret: true) { session, old in
            guard session.environment.throttle.remainingLock(for: current.name) == .zero,
                  session.environment.users.verify(name: current.name, password: old) != nil else {
                session.environment.throttle.recordFailure(for: current.name)
                session.say(ConsoleText.loginIncorrect)
                session.audit(.command, detail: "passwd", result: "refused: wrong password")
                return
            }
            session.askNewPassword { session, password in
                do {
                    try session.environment.users.setPassword(name: current.name, password: password)
                    session.say(ConsoleText.passwordChanged)
                    session.audit(.command, detail: "passwd", result: "password changed")
                } catch {
                    session.say(ConsoleText.refused("\(error)"))
                }
            }
        }
    }

    /// Asks for a new password twice and hands it on when both agree.
    func askNewPassword(then use: @escaping (ConsoleSession, String) -> Void) {
        pendingPrompt = PendingPrompt(text: ConsoleText.newPassword, secret: true) { session, first in
            session.pendingPrompt = PendingPrompt(text: ConsoleText.repeatPassword, secret: true) { session, second in
                guard first == second else {
                    session.say(ConsoleText.passwordsDiffer)
                    return
                }
                use(session, first)
            }
        }
    }

    /// A name fit for the audit log: a valid user name as typed, anything else (perhaps a password
    /// typed into the name prompt) replaced.
    static func auditName(_ name: String) -> String {
        (try? UserStore.check(name: name)) != nil ? name : "(invalid name)"
    }

    static func wholeSeconds(_ duration: Duration) -> Int {
        Int((duration.seconds).rounded(.up))
    }
}

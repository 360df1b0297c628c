/// The console's own messages in every language. Text from the backend is shown as it comes.
enum ConsoleText {
    static func banner(_ unit: String) -> LocalizedText {
        LocalizedText("Floc console, unit \(unit). Type 'help' for commands.",
                      zh: "Floc 控制台，单元 \(unit)。输入 'help' 查看命令。")
    }
    static let loginName = LocalizedText("login: ", zh: "用户名: ")
    static let password = LocalizedText("password: ", zh: "密码: ")
    static func welcome(_ user: ConsoleUser) -> LocalizedText {
        LocalizedText("Logged in as \(user.name) (\(user.role)).", zh: "已登录：\(user.name)（\(user.role)）。")
    }
    static let loginIncorrect = LocalizedText("Login incorrect.", zh: "用户名或密码错误。")
    static func locked(_ seconds: Int) -> LocalizedText {
        LocalizedText("Too many failed logins: try again in \(seconds) s.",
                      zh: "登录失败次数过多：请在 \(seconds) 秒后重试。")
    }
    static let loggedOut = LocalizedText("Logged out.", zh: "已退出登录。")
    static let idleLoggedOut = LocalizedText("Idle too long: logged out.", zh: "空闲超时：已自动退出登录。")
    static let bye = LocalizedText("Bye.", zh: "再见。")
    static let notLoggedIn = LocalizedText("Not logged in.", zh: "尚未登录。")
    static func unknownCommand(_ name: String, _ suggestions: [String]) -> LocalizedText {
        let list = suggestions.joined(separator: ", ")
        return suggestions.isEmpty
            ? LocalizedText("Unknown command '\(name)'. Type 'help'.", zh: "未知命令 '\(name)'。请输入 'help'。")
            : LocalizedText("Unknown command '\(name)'. Did you mean: \(list)?", zh: "未知命令 '\(name)'。您是否想输入：\(list)？")
    }
    static func needsRole(_ command: String, _ role: ConsoleRole, _ current: ConsoleRole) -> LocalizedText {
        LocalizedText("'\(command)' needs the \(role) role; you are \(current). Log in with 'login'.",
                      zh: "'\(command)' 需要 \(role) 权限；当前为 \(current)。请用 'login' 登录。")
    }
    static func usage(_ command: String, _ usage: String) -> LocalizedText {
        LocalizedText("Usage: \(command) \(usage)", zh: "用法：\(command) \(usage)")
    }
    static let badQuote = LocalizedText("Unterminated quote or trailing backslash.", zh: "引号未闭合或行尾多余的反斜杠。")
    static func refused(_ reason: String) -> LocalizedText {
        LocalizedText("Refused: \(reason)", zh: "已拒绝：\(reason)")
    }
    static let helpHeader = LocalizedText("Commands (type 'help <command>' for more):",
                                          zh: "命令（输入 'help <命令>' 查看详情）：")
    static func helpNeeds(_ role: ConsoleRole) -> LocalizedText {
        LocalizedText("[needs \(role)]", zh: "[需要 \(role)]")
    }
    static func helpRole(_ role: ConsoleRole) -> LocalizedText {
        LocalizedText("Role: \(role) or above.", zh: "权限：\(role) 或以上。")
    }
    static func whoami(_ user: ConsoleUser?, _ origin: String) -> LocalizedText {
        guard let user else { return LocalizedText("Not logged in, on \(origin).", zh: "尚未登录，位于 \(origin)。") }
        return LocalizedText("\(user.name), role \(user.role), on \(origin).", zh: "\(user.name)，权限 \(user.role)，位于 \(origin)。")
    }
    static let language = LocalizedText("Language: English.", zh: "语言：简体中文。")
    static let currentPassword = LocalizedText("current password: ", zh: "当前密码: ")
    static let newPassword = LocalizedText("new password: ", zh: "新密码: ")
    static let repeatPassword = LocalizedText("repeat password: ", zh: "再次输入新密码: ")
    static let passwordsDiffer = LocalizedText("Passwords differ; nothing changed.", zh: "两次输入的密码不一致；未做更改。")
    static let passwordChanged = LocalizedText("Password changed.", zh: "密码已更改。")
    static func userAdded(_ name: String) -> LocalizedText {
        LocalizedText("User \(name) added.", zh: "已添加用户 \(name)。")
    }
    static let done = LocalizedText("Done.", zh: "完成。")
    static let watchHint = LocalizedText("(press any key to stop)", zh: "（按任意键停止）")
    static let cancelled = LocalizedText("Cancelled.", zh: "已取消。")
}

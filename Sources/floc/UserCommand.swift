import ArgumentParser
import Console
import Foundation
import Glibc

/// `floc user`: the console's users and their passwords (salted PBKDF2 hashes in a 0600 JSON file).
struct UserCommand: ParsableCommand {
    static let defaultUsersPath = "/var/lib/floc/users.json"

    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list, remove console users and change their passwords.",
        discussion: """
        There is no default user: create the first one on the board with `floc user add <name> --role technician`. \
        Passwords are read twice from the terminal without echo, or once from stdin when it is not a terminal. \
        A running `floc run` sees the changes at once.
        """,
        subcommands: [Add.self, List.self, Remove.self, Passwd.self]
    )

    struct StoreOptions: ParsableArguments {
        @Option(name: .customLong("users"), help: "Console users file.")
        var users: String = UserCommand.defaultUsersPath

        func open() throws -> UserStore {
            do { return try UserStore(path: users) } catch { throw fail("\(error)") }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user.")
        @Argument(help: "User name: 1-32 of a-z, 0-9, '.', '_', '-', starting with a letter.") var name: String
        @Option(help: "operator, technician or engineer.") var role: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            guard let role = ConsoleRole(name: role), role != .viewer else {
                throw fail("unknown role '\(role)': use operator, technician or engineer")
            }
            let users = try store.open()
            let password = try PasswordPrompt.readNew()
            do { try users.add(name: name, role: role, password: password) } catch { throw fail("\(error)") }
            print("user \(name) added (\(role)) to \(store.users)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users and their roles.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let users: [ConsoleUser]
            do { users = try store.open().list() } catch { throw fail("\(error)") }
            if users.isEmpty { print("no users in \(store.users)") }
            for user in users { print("\(user.name) \(user.role)") }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user.")
        @Argument var name: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            do { try store.open().remove(name: name) } catch { throw fail("\(error)") }
            print("user \(name) removed")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password.")
        @Argument var name: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let users = try store.open()
            guard (try? users.list())?.contains(where: { $0.name == name }) == true else { throw fail("no user '\(name)'") }
            let password = try PasswordPrompt.readNew()
            do { try users.setPassword(name: name, password: password) } catch { throw fail("\(error)") }
            print("password of \(name) changed")
        }
    }
}

/// Reads a new password: twice without echo on a terminal, one line of stdin otherwise.
enum PasswordPrompt {
    static func readNew() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else { throw fail("no password on stdin") }
            return line
        }
        let first = try readSilently("new password: ")
        let second = try readSilently("repeat password: ")
        guard first == second else { throw fail("passwords differ; nothing changed") }
        return first
    }

    private static func readSilently(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw fail("no password typed") }
        return line
    }
}

import AduanCore
import Fluent
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// `aduan user create --username budi --role pengelola [--unit capil] [--name "Budi S."]` (the password is
/// read from standard input, never from the command line), `aduan user token --username budi [--name label]`
/// (valid for `ADUAN_TOKEN_DAYS`) and `aduan user revoke-tokens --username budi` (every token of the user,
/// e.g. for a lost laptop).
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create | token | revoke-tokens")
        var action: String
        @Option(name: "username", help: "the sign-in name (lower case)")
        var username: String?
        @Option(name: "role", help: "admin | pengelola | bidang | pimpinan")
        var role: String?
        @Option(name: "unit", help: "the unit code of a bidang user (dafduk, capil, piak, pdip)")
        var unit: String?
        @Option(name: "name", help: "the name shown in the console (create) or the token's label (token)")
        var name: String?
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    var help: String { "Creates officers' accounts and personal API tokens." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let auth = StaffAuth(db: app.db, context: app.aduan, threadPool: app.threadPool)
        guard let username = signature.username?.trimmingCharacters(in: .whitespaces).lowercased(), !username.isEmpty else {
            throw Failure(description: "--username is required")
        }
        switch signature.action {
        case "create":
            let user = try await create(username: username, signature: signature, auth: auth, context: context)
            context.console.print("Created \(user.role.rawValue) \(user.username).")
        case "token":
            guard let user = try await User.query(on: app.db).filter(\.$username == username).first() else {
                throw Failure(description: "no user \(username)")
            }
            let token = try await auth.createToken(for: user, name: signature.name ?? "CLI")
            context.console.print(token)
        case "revoke-tokens":
            guard let user = try await User.query(on: app.db).filter(\.$username == username).first() else {
                throw Failure(description: "no user \(username)")
            }
            let userID = try user.requireID()
            let active = try await auth.activeTokens(of: user).count
            try await StaffAuth.revokeTokens(of: userID, at: auth.now, on: app.db)
            try await auth.audit(.tokenRevoked, user: user, name: user.username, address: nil, detail: "all (\(active)) by command line")
            context.console.print("Revoked \(active) token(s) of \(user.username).")
        default:
            throw Failure(description: "unknown action \(signature.action): use create, token or revoke-tokens")
        }
    }

    private func create(username: String, signature: Signature, auth: StaffAuth, context: CommandContext) async throws -> User {
        let db = context.application.db
        guard username.range(of: "^[a-z0-9._-]{3,40}$", options: .regularExpression) != nil else {
            throw Failure(description: "--username must be 3 to 40 of a-z, 0-9, dot, dash, underscore")
        }
        guard let role = signature.role.flatMap(StaffRole.init(rawValue:)) else {
            throw Failure(description: "--role must be one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var unitCode: String?
        if role == .bidang {
            guard let unit = signature.unit, try await Unit.find(unit, on: db) != nil else {
                throw Failure(description: "a bidang user needs --unit with an existing unit code")
            }
            unitCode = unit
        }
        guard try await User.query(on: db).filter(\.$username == username).count() == 0 else {
            throw Failure(description: "user \(username) exists already")
        }
        let password = try readPassword(context)
        guard password.count >= StaffAuth.minimumPasswordLength else {
            throw Failure(description: "the password must have at least \(StaffAuth.minimumPasswordLength) characters")
        }
        let user = User(username: username, displayName: signature.name ?? username, role: role, unitCode: unitCode,
                        passwordHash: try await auth.hash(password), at: auth.now)
        try await user.create(on: db)
        return user
    }

    /// From a terminal: asked twice without echo. Otherwise: the first line of standard input.
    private func readPassword(_ context: CommandContext) throws -> String {
        if isatty(STDIN_FILENO) != 0 {
            let prompt = "Password (at least \(StaffAuth.minimumPasswordLength) characters):"
            let first = context.console.ask(ConsoleText(stringLiteral: prompt), isSecure: true)
            let second = context.console.ask("Repeat the password:", isSecure: true)
            guard first == second else { throw Failure(description: "the passwords differ") }
            return first
        }
        guard let line = readLine(strippingNewline: true) else { throw Failure(description: "no password on standard input") }
        return line
    }
}

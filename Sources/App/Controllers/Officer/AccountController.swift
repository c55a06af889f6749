import AduanCore
import Fluent
import Vapor

/// The officer's own account: two-factor authentication, personal API tokens, signing out everywhere.
struct AccountController {
    struct AccountView: Encodable, Sendable {
        struct Token: Encodable, Sendable {
            let id: String
            let name: String
            let createdAt: String
            let lastUsedAt: String?
            let expiresAt: String
            let revokeURL: String
        }
        let username: String
        let displayName: String
        let role: String
        let twoFactorEnabled: Bool
        let tokens: [Token]
        let hasTokens: Bool
        let newToken: String?
        let notice: String?
    }

    struct TwoFactorView: Encodable, Sendable {
        let secret: String
        let uri: String
        let enabled: Bool
        let required: Bool
        let error: String?
    }

    func show(_ req: Request) async throws -> Response {
        let revoked = (try? req.query.get(String.self, at: "ok")) == "token_revoked"
        return try await render(req, newToken: nil, notice: revoked ? req.text("account_tokens.revoked") : nil)
    }

    /// Revokes one of the signed-in person's tokens (never another person's: those answer 404).
    func revokeToken(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard let id = req.parameters.get("token", as: UUID.self),
              try await req.staffAuth.revokeToken(id, of: staff.user, address: req.clientAddress)
        else { throw Abort(.notFound) }
        return req.redirect(to: SitePaths.link(SitePaths.consoleAccount) + "?ok=token_revoked")
    }

    func createToken(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let name = (try? req.content.get(String.self, at: "name"))?.trimmingCharacters(in: .whitespaces) ?? ""
        let token = try await req.staffAuth.createToken(for: staff.user, name: name.isEmpty ? "API" : String(name.prefix(80)))
        return try await render(req, newToken: token)
    }

    func signOutEverywhere(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        try await req.staffAuth.signOutEverywhere(staff.user, address: req.clientAddress)
        let response = req.redirect(to: SitePaths.link(SitePaths.consoleLogin))
        response.cookies[StaffSessionMiddleware.cookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isSecure: req.secureCookies, isHTTPOnly: true)
        return response
    }

    func twoFactor(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        if !staff.user.totpEnabled && staff.user.totpSecret == nil {
            staff.user.totpSecret = Base32.encode(TOTP.generateSecret())
            try await staff.user.save(on: req.db)
        }
        return try await renderTwoFactor(req, staff, error: nil)
    }

    func enableTwoFactor(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let code = (try? req.content.get(String.self, at: "code")) ?? ""
        guard !staff.user.totpEnabled, try await req.staffAuth.acceptCode(code, for: staff.user) else {
            return try await renderTwoFactor(req, staff, error: req.text("console.login.wrong_code"), status: .unprocessableEntity)
        }
        staff.user.totpEnabled = true
        try await staff.user.save(on: req.db)
        try await AuditLog(db: req.db, context: req.aduan)
            .record(.twoFactorEnabled, by: staff, at: req.now, detail: nil, address: req.clientAddress)
        return req.redirect(to: SitePaths.link(SitePaths.consoleAccount))
    }

    private func renderTwoFactor(_ req: Request, _ staff: StaffContext, error: String?, status: HTTPStatus = .ok) async throws -> Response {
        let secret = staff.user.totpEnabled ? "" : (staff.user.totpSecret ?? "")
        let uri = secret.isEmpty ? "" : TOTP.provisioningURI(
            secret: Base32.decode(secret) ?? [], account: staff.user.username, issuer: "Aduan \(try await req.officeSettings().office.shortName)")
        return try await req.consolePage("console-two-factor", title: "console.two_factor.title", TwoFactorView(
            secret: secret, uri: uri, enabled: staff.user.totpEnabled, required: req.aduan.config.twoFactorRoles.contains(staff.role), error: error), status: status)
    }

    private func render(_ req: Request, newToken: String?, notice: String? = nil) async throws -> Response {
        let staff = try req.requireStaff()
        let dates = req.aduan.dateText
        let lifetime = req.aduan.config.tokenLifetime
        let tokens = try await req.staffAuth.activeTokens(of: staff.user).map { token in
            AccountView.Token(
                id: token.id!.uuidString, name: token.name, createdAt: dates.long(token.createdAt, in: req.language),
                lastUsedAt: token.lastUsedAt.map { dates.long($0, in: req.language) },
                expiresAt: dates.long(token.expiresAt ?? token.createdAt.addingTimeInterval(lifetime), in: req.language),
                revokeURL: SitePaths.consoleTokenRevoke(token.id!))
        }
        return try await req.consolePage("console-account", title: "console.account.title", AccountView(
            username: staff.user.username, displayName: staff.user.displayName, role: req.text(staff.role.messageKey),
            twoFactorEnabled: staff.user.totpEnabled, tokens: tokens, hasTokens: !tokens.isEmpty,
            newToken: newToken, notice: notice))
    }
}

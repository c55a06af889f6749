import AduanCore
import Fluent
import Vapor

/// The officer's own account: two-factor authentication, personal API tokens, signing out everywhere.
struct AccountController {
    struct AccountView: Encodable, Sendable {
        struct Token: Encodable, Sendable {
            let name: String
            let createdAt: String
            let lastUsedAt: String?
        }
        let username: String
        let displayName: String
        let role: String
        let twoFactorEnabled: Bool
        let tokens: [Token]
        let newToken: String?
    }

    struct TwoFactorView: Encodable, Sendable {
        let secret: String
        let uri: String
        let enabled: Bool
        let required: Bool
        let error: String?
    }

    func show(_ req: Request) async throws -> Response {
        try await render(req, newToken: nil)
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
            secret: secret, uri: uri, enabled: staff.user.totpEnabled, required: staff.role.requiresTwoFactor, error: error), status: status)
    }

    private func render(_ req: Request, newToken: String?) async throws -> Response {
        let staff = try req.requireStaff()
        let dates = req.aduan.dateText
        let userID = try staff.user.requireID()
        let tokens: [APIToken] = try await APIToken.query(on: req.db)
            .filter(\APIToken.$user.$id == userID).filter(\APIToken.$revokedAt == nil).sort(\APIToken.$createdAt).all()
        return try await req.consolePage("console-account", title: "console.account.title", AccountView(
            username: staff.user.username, displayName: staff.user.displayName, role: req.text(staff.role.messageKey),
            twoFactorEnabled: staff.user.totpEnabled,
            tokens: tokens.map { AccountView.Token(name: $0.name, createdAt: dates.long($0.createdAt, in: req.language), lastUsedAt: $0.lastUsedAt.map { dates.long($0, in: req.language) }) },
            newToken: newToken))
    }
}

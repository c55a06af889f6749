import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// A browser signed in to the console: its cookie and the session's CSRF token.
struct ConsoleBrowser: Sendable {
    let cookie: String
    let csrf: String

    var headers: HTTPHeaders { ["Cookie": cookie] }
}

extension TestAduan {
    static let password = "kata-sandi-rahasia"

    static let totpSecret = Array("12345678901234567890".utf8)

    /// An officer's account. `totp` nil: with the authenticator set up where the role requires it
    /// (`ADUAN_REQUIRE_2FA_ROLES`), as the console would insist before anything else.
    @discardableResult
    func createUser(_ username: String, role: StaffRole, unit: String? = nil, totp: Bool? = nil) async throws -> User {
        let auth = StaffAuth(db: app.db, context: app.aduan, threadPool: app.threadPool)
        let user = User(username: username, displayName: username.capitalized, role: role, unitCode: unit,
                        passwordHash: try await auth.hash(Self.password), at: clock.now())
        if totp ?? app.aduan.config.twoFactorRoles.contains(role) {
            user.totpSecret = Base32.encode(Self.totpSecret)
            user.totpEnabled = true
        }
        try await user.create(on: app.db)
        return user
    }

    /// The current code of the test users' authenticator.
    func totpCode(offsetSteps: Int = 0) -> String {
        TOTP(secret: Self.totpSecret).code(at: TOTP.step(at: clock.now()) + offsetSteps)
    }

    /// A code the server has not accepted yet for `username`: codes work once, and the server takes the
    /// step before and after the current one too, so three sign-ins fit in one 30-second step.
    func freshTOTPCode(for username: String) async throws -> String {
        let user = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
        let now = TOTP.step(at: clock.now())
        let step = try #require([now - 1, now, now + 1].first { $0 > (user.totpLastStep ?? Int.min) },
                                "no unused TOTP step left for \(username): advance the clock")
        return TOTP(secret: Self.totpSecret).code(at: step)
    }

    /// Signs in through the login form — with the authenticator's code where the account has one — and
    /// returns the session cookie and its CSRF token.
    func signIn(_ username: String, password: String = TestAduan.password) async throws -> ConsoleBrowser {
        var loginCookie = ""
        var csrf = ""
        try await app.testing().test(.GET, "/petugas/masuk") { response in
            loginCookie = try #require(response.headers.cookie(named: SignInController.loginCSRFCookie))
            csrf = try #require(response.body.string.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/)?.1).description
        }
        var cookie = ""
        var location = ""
        try await app.testing().test(.POST, "/petugas/masuk", headers: ["Cookie": loginCookie], beforeRequest: { request in
            try request.content.encode(["username": username, "password": password, "_csrf": csrf], as: .urlEncodedForm)
        }, afterResponse: { response in
            try #require(response.status == .seeOther, "sign-in failed: \(response.status)")
            cookie = try #require(response.headers.cookie(named: StaffSessionMiddleware.cookie))
            location = response.headers.first(name: .location) ?? ""
        })
        guard location == "/petugas/masuk/kode" else {
            return ConsoleBrowser(cookie: cookie, csrf: try await csrfToken(cookie))
        }
        let halfway = ConsoleBrowser(cookie: cookie, csrf: try await csrfToken(cookie))
        let code = try await freshTOTPCode(for: username)
        try await app.testing().test(.POST, "/petugas/masuk/kode", headers: halfway.headers, beforeRequest: { request in
            try request.content.encode(["code": code, "_csrf": halfway.csrf], as: .urlEncodedForm)
        }, afterResponse: { response in
            try #require(response.status == .seeOther, "second factor failed: \(response.status)")
            cookie = try #require(response.headers.cookie(named: StaffSessionMiddleware.cookie), "a new session cookie after the code")
        })
        return ConsoleBrowser(cookie: cookie, csrf: try await csrfToken(cookie))
    }

    func csrfToken(_ cookie: String) async throws -> String {
        let token = String(cookie.dropFirst(StaffSessionMiddleware.cookie.count + 1))
        let session = try #require(try await StaffSession.query(on: app.db).filter(\.$tokenHash == SecretToken.hash(token)).first())
        return session.csrfToken
    }
}

extension TestAduan {
    /// An officer's action through the same service the console and the API use.
    @discardableResult
    func act(_ type: ComplaintAction, _ message: String? = nil, on complaint: Complaint, as username: String = "petugas",
             role: StaffRole = .pengelola, unit: String? = nil, extra: (inout OfficerAction) -> Void = { _ in }) async throws -> ComplaintEvent {
        let existing = try await User.query(on: app.db).filter(\.$username == username).first()
        let user: User
        if let existing { user = existing } else { user = try await createUser(username, role: role, unit: unit) }
        var action = OfficerAction(type: type, message: message)
        extra(&action)
        return try await ComplaintActions(db: app.db, context: app.aduan, logger: app.logger).perform(action, on: complaint, by: user)
    }
}

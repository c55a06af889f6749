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

    @discardableResult
    func createUser(_ username: String, role: StaffRole, unit: String? = nil, totp: Bool = false) async throws -> User {
        let auth = StaffAuth(db: app.db, context: app.aduan, threadPool: app.threadPool)
        let user = User(username: username, displayName: username.capitalized, role: role, unitCode: unit,
                        passwordHash: try await auth.hash(Self.password), at: clock.now())
        if totp {
            user.totpSecret = Base32.encode(Array("12345678901234567890".utf8))
            user.totpEnabled = true
        }
        try await user.create(on: app.db)
        return user
    }

    /// The current code of the test users' authenticator.
    func totpCode(offsetSteps: Int = 0) -> String {
        TOTP(secret: Array("12345678901234567890".utf8)).code(at: TOTP.step(at: clock.now()) + offsetSteps)
    }

    /// Signs in through the login form and returns the session cookie and its CSRF token.
    func signIn(_ username: String, password: String = TestAduan.password) async throws -> ConsoleBrowser {
        var loginCookie = ""
        var csrf = ""
        try await app.testing().test(.GET, "/petugas/masuk") { response in
            loginCookie = try #require(response.headers.cookie(named: SignInController.loginCSRFCookie))
            csrf = try #require(response.body.string.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/)?.1).description
        }
        var cookie = ""
        try await app.testing().test(.POST, "/petugas/masuk", headers: ["Cookie": loginCookie], beforeRequest: { request in
            try request.content.encode(["username": username, "password": password, "_csrf": csrf], as: .urlEncodedForm)
        }, afterResponse: { response in
            try #require(response.status == .seeOther, "sign-in failed: \(response.status)")
            cookie = try #require(response.headers.cookie(named: StaffSessionMiddleware.cookie))
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

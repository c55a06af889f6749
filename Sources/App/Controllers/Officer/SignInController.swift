import AduanCore
import Vapor

/// Signing in to the console: password, then the authenticator code where the account has one.
struct SignInController {
    /// Before sign-in there is no session: the form's CSRF token is paired with this cookie.
    static let loginCSRFCookie = "aduan_masuk"

    struct LoginView: Encodable, Sendable {
        let askCode: Bool
        let csrf: String
        let next: String
        let username: String
        let error: String?
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var lanjut: String?
        var _csrf: String?
    }

    struct CodeForm: Content {
        var code: String?
    }

    func form(_ req: Request) async throws -> Response {
        if let session = req.staff?.session, session.secondFactorDone {
            return req.redirect(to: SitePaths.link(SitePaths.consoleQueue))
        }
        let next = (try? req.query.get(String.self, at: "lanjut")) ?? ""
        return try await renderLogin(req, username: "", next: next, error: nil)
    }

    func signIn(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        guard let sent = form._csrf, let expected = req.cookies[Self.loginCSRFCookie]?.string, constantTimeEquals(sent, expected) else {
            return try await renderLogin(req, username: form.username ?? "", next: form.lanjut ?? "", error: req.text("console.csrf_failed"), status: .forbidden)
        }
        do {
            let signedIn = try await req.staffAuth.signIn(username: form.username ?? "", password: form.password ?? "", address: req.clientAddress)
            // A session this browser had before (perhaps one planted on it) ends; the new one has new tokens.
            if let previous = req.staff?.session { try await req.staffAuth.signOut(previous) }
            let target = signedIn.session.secondFactorDone ? Self.safeNext(form.lanjut) : SitePaths.link(SitePaths.consoleLoginCode)
            let response = req.redirect(to: target)
            response.cookies[StaffSessionMiddleware.cookie] = HTTPCookies.Value(
                string: signedIn.token, expires: signedIn.session.expiresAt, path: "/",
                isSecure: req.secureCookies, isHTTPOnly: true, sameSite: .lax)
            response.cookies[Self.loginCSRFCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/petugas", isSecure: req.secureCookies, isHTTPOnly: true)
            return response
        } catch StaffAuth.Failure.wrongCredentials {
            return try await renderLogin(req, username: form.username ?? "", next: form.lanjut ?? "", error: req.text("console.login.wrong"), status: .unauthorized)
        } catch StaffAuth.Failure.throttled(let until) {
            let response = try await renderLogin(req, username: form.username ?? "", next: form.lanjut ?? "",
                                                 error: req.text("console.login.throttled", ["time": req.aduan.dateText.long(until, in: req.language)]),
                                                 status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(until.timeIntervalSince(req.now).rounded(.up))))
            return response
        }
    }

    func codeForm(_ req: Request) async throws -> Response {
        guard let staff = req.staff, let session = staff.session else { return req.redirect(to: SitePaths.link(SitePaths.consoleLogin)) }
        if session.secondFactorDone { return req.redirect(to: SitePaths.link(SitePaths.consoleQueue)) }
        return try await req.consolePage("console-login", title: "console.login.title",
                                         LoginView(askCode: true, csrf: session.csrfToken, next: "", username: "", error: nil))
    }

    func confirmCode(_ req: Request) async throws -> Response {
        guard let staff = req.staff, let session = staff.session else { return req.redirect(to: SitePaths.link(SitePaths.consoleLogin)) }
        guard let sent = try? req.content.get(String.self, at: "_csrf"), constantTimeEquals(sent, session.csrfToken) else {
            throw Abort(.forbidden, reason: "console.csrf_failed")
        }
        let code = try req.content.decode(CodeForm.self).code ?? ""
        do {
            try await req.staffAuth.confirmSecondFactor(code, session: session, user: staff.user, address: req.clientAddress)
            // The cookie of the password step never becomes a signed-in session: a new token and CSRF token.
            let renewed = try await req.staffAuth.renew(session, for: staff.user, secondFactorDone: true)
            let response = req.redirect(to: SitePaths.link(SitePaths.consoleQueue))
            response.cookies[StaffSessionMiddleware.cookie] = HTTPCookies.Value(
                string: renewed.token, expires: renewed.session.expiresAt, path: "/",
                isSecure: req.aduan.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
            return response
        } catch StaffAuth.Failure.wrongCode {
            return try await req.consolePage("console-login", title: "console.login.title",
                                             LoginView(askCode: true, csrf: session.csrfToken, next: "", username: "", error: req.text("console.login.wrong_code")),
                                             status: .unauthorized)
        } catch StaffAuth.Failure.throttled(let until) {
            return try await req.consolePage("console-login", title: "console.login.title",
                                             LoginView(askCode: true, csrf: session.csrfToken, next: "", username: "",
                                                       error: req.text("console.login.throttled", ["time": req.aduan.dateText.long(until, in: req.language)])),
                                             status: .tooManyRequests)
        }
    }

    func signOut(_ req: Request) async throws -> Response {
        if let session = req.staff?.session { try await req.staffAuth.signOut(session) }
        let response = req.redirect(to: SitePaths.link(SitePaths.consoleLogin))
        response.cookies[StaffSessionMiddleware.cookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isSecure: req.secureCookies, isHTTPOnly: true)
        return response
    }

    /// Only console paths are followed after sign-in, never another site nor a header break (`ConsoleTarget`).
    static func safeNext(_ next: String?) -> String {
        ConsoleTarget.validated(next) ?? SitePaths.link(SitePaths.consoleQueue)
    }

    private func renderLogin(_ req: Request, username: String, next: String, error: String?, status: HTTPStatus = .ok) async throws -> Response {
        let csrf = SecretToken.random()
        let response = try await req.consolePage("console-login", title: "console.login.title",
                                                 LoginView(askCode: false, csrf: csrf, next: next, username: username, error: error), status: status)
        response.cookies[Self.loginCSRFCookie] = HTTPCookies.Value(
            string: csrf, maxAge: 3600, path: "/petugas", isSecure: req.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }
}

import AduanCore
import Vapor

/// The person of the office behind a request: from the console's session cookie or a personal API token.
struct StaffContext: Sendable {
    let user: User
    /// Nil when the request came with an API token.
    let session: StaffSession?
    /// The personal API token of the request, if it came with one.
    var apiTokenID: UUID? = nil

    var policy: StaffAccessPolicy { user.policy }
    var role: StaffRole { user.role }
    var actor: ActorRole { user.role.actor }
}

extension Request {
    private struct StaffKey: StorageKey { typealias Value = StaffContext }

    var staff: StaffContext? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    /// The signed-in person; routes behind `ConsoleGuard` or `StaffAPIGuard` always have one.
    func requireStaff() throws -> StaffContext {
        guard let staff else { throw Abort(.unauthorized) }
        return staff
    }

    var staffAuth: StaffAuth { StaffAuth(db: db, context: aduan, threadPool: application.threadPool) }
}

/// Reads the console's session cookie. Routes decide with `ConsoleGuard` what a missing or half-finished
/// sign-in means.
struct StaffSessionMiddleware: AsyncMiddleware {
    static let cookie = "aduan_petugas"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[Self.cookie]?.string, !token.isEmpty,
           let (session, user) = try await request.staffAuth.session(token: token) {
            request.staff = StaffContext(user: user, session: session)
        }
        return try await next.respond(to: request)
    }
}

/// The console's door: signed in, second factor given, set up where the role requires it (`ADUAN_REQUIRE_2FA_ROLES`), and for every
/// form the session's CSRF token.
struct ConsoleGuard: AsyncMiddleware {
    /// The largest body a console form may send (complaints entered with their scans).
    let maxBodySize: Int

    /// Pages a user who must but does not yet use two-factor authentication may still reach: to set it up, or to leave.
    static let enrolmentPaths: Set<String> = [SitePaths.link(SitePaths.consoleTwoFactor), SitePaths.link(SitePaths.consoleSignOut)]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let staff = request.staff, let session = staff.session else {
            let back = request.url.path.hasPrefix("/petugas") && request.method == .GET ? "?lanjut=\(request.url.path)" : ""
            return request.redirect(to: SitePaths.link(SitePaths.consoleLogin) + back)
        }
        guard session.secondFactorDone else {
            return request.redirect(to: SitePaths.link(SitePaths.consoleLoginCode))
        }
        if request.aduan.config.twoFactorRoles.contains(staff.role) && !staff.user.totpEnabled && !Self.enrolmentPaths.contains(request.url.path) {
            return request.redirect(to: SitePaths.link(SitePaths.consoleTwoFactor))
        }
        if request.method != .GET && request.method != .HEAD {
            // The body is read here, before the route would, to find the form's token.
            _ = try await request.body.collect(max: maxBodySize).get()
            let sent = (try? request.content.get(String.self, at: "_csrf")) ?? request.headers.first(name: "X-CSRF-Token")
            guard let sent, constantTimeEquals(sent, session.csrfToken) else {
                throw Abort(.forbidden, reason: "console.csrf_failed")
            }
        }
        return try await next.respond(to: request)
    }
}

/// `Authorization: Bearer` with a personal API token for /api/v1/staff.
struct StaffAPIGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else { throw Abort(.unauthorized, reason: "api.staff_token_missing") }
        guard let found = try await request.staffAuth.authenticate(apiToken: bearer.token) else {
            throw Abort(.unauthorized, reason: "api.staff_token_invalid")
        }
        request.staff = StaffContext(user: found.user, session: nil, apiTokenID: found.token.id)
        return try await next.respond(to: request)
    }
}

func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}

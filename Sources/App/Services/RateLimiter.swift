import Fluent
import Vapor

/// Limits what anyone may send without signing in — complaints, and replies to them — per client
/// address and hour, counted in the database (`CounterSQL`), so the limit holds across instances and
/// under parallel requests. The window is fixed: each clock hour starts again from nothing.
struct RateLimiter {
    let db: any Database
    let now: Date

    enum Kind: String, Sendable {
        case filing
        case reply

        var messageKey: String { "rate_limit.\(rawValue)" }
    }

    /// Counts one request; past the limit, throws `RateLimitExceeded` with the seconds to the next window.
    func count(_ kind: Kind, clientKey: String, policy: RateLimitPolicy) async throws {
        let windowStart = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / policy.window).rounded(.down) * policy.window)
        let requests = try await CounterSQL.countRequest("\(kind.rawValue):\(clientKey)", windowStart: windowStart, on: db)
        guard requests <= policy.limit else {
            let wait = windowStart.addingTimeInterval(policy.window).timeIntervalSince(now)
            throw RateLimitExceeded(kind: kind, retryAfter: max(1, Int(wait.rounded(.up))))
        }
    }
}

/// Too many requests of one kind from one address: `429` with `Retry-After`, the message of its kind as
/// a page or in the API's error shape (`AppErrorMiddleware`).
struct RateLimitExceeded: AbortError {
    let kind: RateLimiter.Kind
    let retryAfter: Int

    var status: HTTPResponseStatus { .tooManyRequests }
    var reason: String { kind.messageKey }
    var headers: HTTPHeaders { [HTTPHeaders.Name.retryAfter.description: String(retryAfter)] }
}

extension Request {
    /// Counts this request against its address's hourly limit of `kind`. Officers signed in (console
    /// session or personal API token) are never limited; nor is a request whose address is unknown,
    /// since counting all of those together would let one person block everyone.
    func countAgainstRateLimit(_ kind: RateLimiter.Kind) async throws {
        let config = aduan.config
        guard let policy = kind == .filing ? config.filingRate : config.replyRate, let clientKey else { return }
        guard try await !isSignedInOfficer() else { return }
        try await RateLimiter(db: db, now: now).count(kind, clientKey: clientKey, policy: policy)
    }

    private func isSignedInOfficer() async throws -> Bool {
        if let session = staff?.session, session.secondFactorDone { return true }
        guard let bearer = headers.bearerAuthorization, bearer.token.hasPrefix(StaffAuth.apiTokenPrefix) else { return false }
        return try await staffAuth.user(apiToken: bearer.token) != nil
    }

    /// Reads the body of a route registered with `body: .stream`, once the request may send it.
    func collectBody(max: Int) async throws {
        _ = try await body.collect(max: max).get()
    }
}

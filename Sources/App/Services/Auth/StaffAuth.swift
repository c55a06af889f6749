import AduanCore
import Fluent
import SQLKit
import Vapor

/// Signing in to the console: passwords (bcrypt), the second factor (TOTP), sessions stored in the
/// database, and personal API tokens. Failed sign-ins are slowed down per account and address, and
/// more slowly per account and per address alone; wrong passwords and wrong codes are counted apart.
struct StaffAuth {
    let db: any Database
    let context: AduanContext
    let threadPool: NIOThreadPool

    enum Failure: Error, Equatable {
        case wrongCredentials
        case throttled(until: Date)
        case wrongCode
    }

    struct SignedIn: Sendable {
        let user: User
        let session: StaffSession
        let token: String
    }

    var now: Date { context.clock.now() }

    // MARK: Passwords

    static let minimumPasswordLength = 10

    func hash(_ password: String) async throws -> String {
        let cost = context.config.passwordCost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, _ hash: String) async throws -> Bool {
        try await threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    // MARK: Signing in

    /// Checks the username and password and opens a session. For an account with a second factor the
    /// session is not usable until `confirmSecondFactor` succeeds.
    func signIn(username raw: String, password: String, address: String?) async throws -> SignedIn {
        let username = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let limits = throttleLimits("login", username: username, address: address)
        let attempt = try await Throttle(db: db, now: now).begin(limits)
        if let until = attempt.refusedUntil { throw Failure.throttled(until: until) }

        let user = try await User.query(on: db).filter(\.$username == username).filter(\.$active == true).first()
        // Verify even without a user, so that timing does not tell which usernames exist.
        let hash = user?.passwordHash ?? "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5rGkfh3b8wVBGexv0ZqBhbGDwLzsMsy"
        let matches = try await verify(password, hash)
        guard let user, matches else {
            try await attempt.failed()
            try await audit(.signInFailed, user: user, name: username, address: address)
            throw Failure.wrongCredentials
        }
        try await attempt.succeeded(resetting: [limits[0].key])
        let signedIn = try await openSession(for: user, secondFactorDone: !user.totpEnabled, address: address)
        try await audit(user.totpEnabled ? .signInPassword : .signedIn, user: user, name: user.username, address: address)
        return signedIn
    }

    func openSession(for user: User, secondFactorDone: Bool, address: String?) async throws -> SignedIn {
        let token = SecretToken.random()
        let session = StaffSession()
        session.$user.id = try user.requireID()
        session.tokenHash = SecretToken.hash(token)
        session.csrfToken = SecretToken.random()
        session.secondFactorDone = secondFactorDone
        session.createdAt = now
        session.lastSeenAt = now
        session.expiresAt = now.addingTimeInterval(context.config.sessionLifetime)
        session.address = address
        try await session.create(on: db)
        return SignedIn(user: user, session: session, token: token)
    }

    /// The second step: a code from the authenticator app. Wrong codes count like wrong passwords.
    func confirmSecondFactor(_ code: String, session: StaffSession, user: User, address: String?) async throws {
        // Codes are counted apart from passwords: knowing the password must not buy more guesses at the code.
        let limits = throttleLimits("totp", username: user.username, address: address)
        let attempt = try await Throttle(db: db, now: now).begin(limits)
        if let until = attempt.refusedUntil { throw Failure.throttled(until: until) }
        guard try await acceptCode(code, for: user) else {
            try await attempt.failed()
            try await audit(.signInFailed, user: user, name: user.username, address: address)
            throw Failure.wrongCode
        }
        try await attempt.succeeded(resetting: [limits[0].key])
        session.secondFactorDone = true
        try await session.save(on: db)
        try await audit(.signedIn, user: user, name: user.username, address: address)
    }

    /// Accepts a TOTP code once: the step must be later than the last accepted one. The step is taken by
    /// one conditional update, so of two requests with the same code, in parallel or on two instances,
    /// exactly one gets it.
    func acceptCode(_ code: String, for user: User) async throws -> Bool {
        guard let secret = user.totpSecret, let totp = TOTP(base32: secret),
              let step = totp.matchingStep(code, at: now), step > (user.totpLastStep ?? Int.min),
              let sql = db as? any SQLDatabase
        else { return false }
        let taken = try await sql.update(User.schema)
            .set("totp_last_step", to: step)
            .where("id", .equal, try user.requireID())
            .where(group: { $0.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, step) })
            .returning("id")
            .all()
        guard !taken.isEmpty else { return false }
        user.totpLastStep = step
        return true
    }

    /// The session of a cookie token, if it is still valid; touching it keeps it alive.
    func session(token: String) async throws -> (StaffSession, User)? {
        guard let session = try await StaffSession.query(on: db)
            .filter(\.$tokenHash == SecretToken.hash(token)).with(\.$user).first()
        else { return nil }
        let idleLimit = session.lastSeenAt.addingTimeInterval(context.config.sessionIdleTimeout)
        guard session.expiresAt > now, idleLimit > now, session.user.active else {
            try await session.delete(on: db)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.save(on: db)
        }
        return (session, session.user)
    }

    func signOut(_ session: StaffSession) async throws {
        try await session.delete(on: db)
    }

    /// Ends every session of the user, on every device, and revokes their API tokens.
    func signOutEverywhere(_ user: User, address: String?) async throws {
        let userID = try user.requireID()
        try await StaffSession.query(on: db).filter(\.$user.$id == userID).delete()
        try await Self.revokeTokens(of: userID, at: now, on: db)
        try await audit(.signedOutEverywhere, user: user, name: user.username, address: address)
    }

    /// Per account and address: the free attempts; per account from every address, and per address over
    /// every account: ten times as many (`loginGlobalThrottle`), so that nobody can lock an officer out
    /// from elsewhere with a few tries.
    private func throttleLimits(_ check: String, username: String, address: String?) -> [Throttle.Limit] {
        let from = Throttle.addressKey(address) ?? "-"
        return [
            Throttle.Limit(key: "\(check)-pair:\(from) \(username)", policy: context.config.loginThrottle),
            Throttle.Limit(key: "\(check):\(username)", policy: context.config.loginGlobalThrottle),
            Throttle.Limit(key: "\(check)-ip:\(from)", policy: context.config.loginGlobalThrottle),
        ]
    }

    func audit(_ action: AuditEntry.Action, user: User?, name: String, address: String?, detail: String? = nil) async throws {
        let entry = AuditEntry(at: now, actorRole: user?.role.actor ?? .system, actorName: name, action: action,
                               complaintID: nil, detail: detail, address: address)
        entry.actorUserID = user?.id
        try await entry.create(on: db)
    }
}

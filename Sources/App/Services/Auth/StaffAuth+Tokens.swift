import AduanCore
import Fluent
import Vapor

/// Personal API tokens, and the renewal of a session when the sign-in gains the second factor.
extension StaffAuth {
    // MARK: API tokens

    /// Every personal API token starts with this, so a bearer that does not is known not to be one without
    /// a query (the rate limiter relies on it).
    static let apiTokenPrefix = "adn_"

    func createToken(for user: User, name: String) async throws -> String {
        let token = Self.apiTokenPrefix + SecretToken.random()
        try await APIToken(userID: user.requireID(), name: name, tokenHash: SecretToken.hash(token), at: now,
                           expiresAt: now.addingTimeInterval(context.config.tokenLifetime)).create(on: db)
        try await audit(.tokenCreated, user: user, name: user.username, address: nil, detail: name)
        return token
    }

    /// The owner of a working token, and the token's row. Its last use is written at most once a minute,
    /// so that a busy client does not turn every read into a write.
    func user(apiToken token: String) async throws -> User? {
        try await authenticate(apiToken: token)?.user
    }

    func authenticate(apiToken token: String) async throws -> (user: User, token: APIToken)? {
        guard let row = try await APIToken.query(on: db)
            .filter(\.$tokenHash == SecretToken.hash(token)).filter(\.$revokedAt == nil).with(\.$user).first(),
              row.isValid(at: now, lifetime: context.config.tokenLifetime), row.user.active
        else { return nil }
        if (row.lastUsedAt.map { now.timeIntervalSince($0) >= 60 } ?? true) {
            row.lastUsedAt = now
            try await row.save(on: db)
        }
        return (row.user, row)
    }

    /// The user's tokens that still work, oldest first (the account page).
    func activeTokens(of user: User) async throws -> [APIToken] {
        let userID = try user.requireID()
        return try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .sort(\.$createdAt).sort(\.$id).all()
            .filter { $0.isValid(at: now, lifetime: context.config.tokenLifetime) }
    }

    /// Revokes one token of `user`; false when it is not theirs or no longer works.
    @discardableResult
    func revokeToken(_ id: UUID, of user: User, address: String?) async throws -> Bool {
        let userID = try user.requireID()
        guard let token = try await APIToken.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID)
            .filter(\.$revokedAt == nil).first()
        else { return false }
        token.revokedAt = now
        try await token.save(on: db)
        try await audit(.tokenRevoked, user: user, name: user.username, address: address, detail: token.name)
        return true
    }

    /// Every token of the user stops working at once (password or two-factor reset, deactivation,
    /// signing out everywhere).
    static func revokeTokens(of userID: UUID, at now: Date, on db: any Database) async throws {
        try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }

    // MARK: Renewing a session

    /// Replaces `session` by a new one with a new token and CSRF token (OWASP session fixation): whoever
    /// knew the cookie of the half-finished sign-in holds nothing once the second factor is given.
    func renew(_ session: StaffSession, for user: User, secondFactorDone: Bool) async throws -> SignedIn {
        let renewed = try await openSession(for: user, secondFactorDone: secondFactorDone, address: session.address)
        try await session.delete(on: db)
        return renewed
    }
}

import Fluent
import Foundation

/// A personal API token (`Authorization: Bearer …`) acting with its owner's role. Only the hash is kept.
/// It works until `expiresAt` (`ADUAN_TOKEN_DAYS` after it was made) or until revoked: by its owner on
/// the account page or with `DELETE /api/v1/staff/tokens/current`, and all at once by a password reset, a
/// two-factor reset, deactivation and "sign out everywhere".
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// Nil only for tokens made before expiry existed and not yet migrated.
    @OptionalField(key: "expires_at") var expiresAt: Date?

    init() {}

    init(userID: UUID, name: String, tokenHash: String, at: Date, expiresAt: Date) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = at
        self.expiresAt = expiresAt
    }

    /// Whether the token still works at `now`.
    func isValid(at now: Date, lifetime: TimeInterval) -> Bool {
        revokedAt == nil && (expiresAt ?? createdAt.addingTimeInterval(lifetime)) > now
    }
}

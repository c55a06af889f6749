import Fluent
import Foundation

/// A signed-in browser. Stored in the database so that several instances can serve one office; the
/// cookie carries a random token whose hash is kept here.
final class StaffSession: Model, @unchecked Sendable {
    static let schema = "staff_sessions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    /// Sent back in every form of this session (`_csrf`).
    @Field(key: "csrf_token") var csrfToken: String
    /// False until the second factor is given, for accounts that have one.
    @Field(key: "second_factor_done") var secondFactorDone: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "address") var address: String?

    init() {}
}

import Fluent
import Foundation

/// A personal API token (`Authorization: Bearer …`) acting with its owner's role. Only the hash is kept.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, name: String, tokenHash: String, at: Date) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = at
    }
}

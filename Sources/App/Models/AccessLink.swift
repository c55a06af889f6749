import Fluent
import Foundation

/// The one-time link in a message to the citizen: it opens the follow page with access granted,
/// once, until it expires. Only the token's hash is stored.
final class AccessLink: Model, @unchecked Sendable {
    static let schema = "access_links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "complaint_id") var complaint: Complaint
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "message_id") var messageID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(complaintID: UUID, tokenHash: String, messageID: UUID?, at: Date, expiresAt: Date) {
        self.$complaint.id = complaintID
        self.tokenHash = tokenHash
        self.messageID = messageID
        self.createdAt = at
        self.expiresAt = expiresAt
    }
}

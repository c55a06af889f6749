import Fluent
import Foundation

/// A short-lived right, given after the citizen's second proof (phone or e-mail), to read the whole
/// conversation of one complaint and to add to it. Only the token's hash is stored.
final class AccessGrant: Model, @unchecked Sendable {
    static let schema = "access_grants"

    @ID(key: .id) var id: UUID?
    @Parent(key: "complaint_id") var complaint: Complaint
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(complaintID: UUID, tokenHash: String, expiresAt: Date, createdAt: Date) {
        self.$complaint.id = complaintID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}

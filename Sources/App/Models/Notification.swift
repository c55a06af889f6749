import Fluent
import Foundation

/// An item under the console's bell: a deadline coming, a breach escalated, a complaint forwarded.
final class Notification: Model, @unchecked Sendable {
    static let schema = "notifications"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case dueSoon = "due_soon"
        case breached
        case forwarded
        case citizenReplied = "citizen_replied"
        case withdrawn
        case closed
        /// A message to the citizen could not be delivered (given up, or refused for good).
        case deliveryFailed = "delivery_failed"
        /// A mail that names a complaint came from an address that is not the complaint's.
        case unverifiedMail = "unverified_mail"
        /// A chat channel refused the office's access token (revoked, expired): the admin must renew it.
        case channelProblem = "channel_problem"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @OptionalField(key: "complaint_id") var complaintID: UUID?
    @Field(key: "kind") var kind: Kind
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    init(userID: UUID, complaintID: UUID?, kind: Kind, at: Date) {
        self.$user.id = userID
        self.complaintID = complaintID
        self.kind = kind
        self.createdAt = at
    }
}

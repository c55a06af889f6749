import AduanCore
import Fluent
import Foundation

/// One step in a complaint's history: who did what, when, from which status to which, and what was said.
/// Events are only ever added.
final class ComplaintEvent: Model, @unchecked Sendable {
    static let schema = "complaint_events"

    enum Visibility: String, Codable, Sendable {
        /// Shown to the citizen on the follow page.
        case `public`
        /// For the office only (internal notes, forwarding).
        case `internal`
    }

    // MARK: Identifier
    @ID(key: .id) var id: UUID?
    @Parent(key: "complaint_id") var complaint: Complaint

    // MARK: Fields
    @Field(key: "action") var action: ComplaintAction
    @Field(key: "actor_role") var actorRole: ActorRole
    @Field(key: "actor_name") var actorName: String
    @OptionalField(key: "from_status") var fromStatus: ComplaintStatus?
    @Field(key: "to_status") var toStatus: ComplaintStatus
    @OptionalField(key: "message") var message: String?
    @Field(key: "visibility") var visibility: Visibility
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    /// The unit a complaint was forwarded to, for `forward`.
    @OptionalField(key: "unit_code") var unitCode: String?

    // MARK: Relations
    @Children(for: \.$event) var attachments: [Attachment]

    init() {}

    init(
        complaintID: UUID, action: ComplaintAction, actorRole: ActorRole, actorName: String,
        from: ComplaintStatus?, to: ComplaintStatus, message: String?, visibility: Visibility, at: Date
    ) {
        self.$complaint.id = complaintID
        self.action = action
        self.actorRole = actorRole
        self.actorName = actorName
        self.fromStatus = from
        self.toStatus = to
        self.message = message
        self.visibility = visibility
        self.createdAt = at
    }
}

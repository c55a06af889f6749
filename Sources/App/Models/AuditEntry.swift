import AduanCore
import Fluent
import Foundation

/// A record of who saw or did what with personal data (UU 27/2022): document views, proofs, submissions.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    /// What was done or seen. Stored by raw value; new cases may be added, never renamed.
    enum Action: String, Codable, Sendable, CaseIterable {
        case complaintSubmitted = "complaint_submitted"
        case citizenMessage = "citizen_message"
        case accessGranted = "access_granted"
        case accessDenied = "access_denied"
        case documentViewed = "document_viewed"
        case signedIn = "signed_in"
        case signInPassword = "sign_in_password"
        case signInFailed = "sign_in_failed"
        case signedOut = "signed_out"
        case signedOutEverywhere = "signed_out_everywhere"
        case twoFactorEnabled = "two_factor_enabled"
        case tokenCreated = "token_created"
        case tokenRevoked = "token_revoked"
        case complaintViewed = "complaint_viewed"
        case identityRevealed = "identity_revealed"
        case complaintAction = "complaint_action"
        case complaintEntered = "complaint_entered"
        case userChanged = "user_changed"
        case settingsChanged = "settings_changed"
        case auditExported = "audit_exported"
        /// The citizen downloaded a document the office attached (the product of the service).
        case documentDownloaded = "document_downloaded"
        /// An admin put a failed message to the citizen back in the queue ("kirim ulang").
        case messageResent = "message_resent"
        /// An officer took a chat over from the automatic intake (`ChatConversations.takeOver`).
        case chatTakenOver = "chat_taken_over"
        /// An officer wrote in a chat that is not a complaint's (`ChatOutbox.queueText`).
        case chatReplied = "chat_replied"
        /// An officer opened a conversation that is not yet a complaint (its number, its words).
        case chatViewed = "chat_viewed"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "actor_role") var actorRole: ActorRole
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: Action
    @OptionalField(key: "complaint_id") var complaintID: UUID?
    @OptionalField(key: "detail") var detail: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?

    init() {}

    init(at: Date, actorRole: ActorRole, actorName: String, action: Action, complaintID: UUID?, detail: String?, address: String?) {
        self.at = at
        self.actorRole = actorRole
        self.actorName = actorName
        self.action = action
        self.complaintID = complaintID
        self.detail = detail
        self.address = address
    }
}

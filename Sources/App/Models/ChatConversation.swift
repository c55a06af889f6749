import AduanCore
import Fluent
import Foundation

/// One citizen's chat with the office on one platform (a WhatsApp number, a Messenger PSID, an
/// Instagram IGSID): the intake in progress, the complaint the chat belongs to now, and when the
/// citizen last wrote (the platform's 24-hour window). One row per contact, kept across complaints.
final class ChatConversation: Model, @unchecked Sendable {
    static let schema = "chat_conversations"

    @ID(key: .id) var id: UUID?
    @Field(key: "platform") var platform: ChatPlatform
    /// The platform's id of the citizen: WhatsApp `wa_id` (`628…`), PSID or IGSID.
    @Field(key: "citizen") var citizen: String
    @OptionalField(key: "profile_name") var profileName: String?
    /// The intake conversation's state (`ChatIntakeState`, JSON); nil when no intake is under way.
    @OptionalField(key: "state") var state: String?
    /// The complaint this chat is attached to: filed in it, or the open complaint of this number.
    @OptionalField(key: "complaint_id") var complaintID: UUID?
    /// The citizen asked for an officer (or wrote what fits no step) and no complaint exists yet.
    @OptionalField(key: "waiting_since") var waitingSince: Date?
    /// The officer who took the conversation over from the automatic intake.
    @OptionalField(key: "taken_by") var takenBy: UUID?
    /// The citizen's latest message, by the platform's clock: the 24-hour window runs from it.
    @OptionalField(key: "last_inbound_at") var lastInboundAt: Date?
    /// The token of the files kept for the intake under way (`Attachment.draftToken`), new for each intake.
    @OptionalField(key: "draft_token") var draftToken: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(platform: ChatPlatform, citizen: String, profileName: String?, at: Date) {
        self.platform = platform
        self.citizen = citizen
        self.profileName = profileName
        self.createdAt = at
        self.updatedAt = at
    }
}

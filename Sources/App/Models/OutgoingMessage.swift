import AduanCore
import Fluent
import Foundation

/// A message to a citizen on one channel: what it is about (`kind`, the event), to whom, and how its
/// delivery went. The text is rendered when it is delivered, from the templates of the day, in the
/// citizen's language; `subject` keeps what was sent.
final class OutgoingMessage: Model, @unchecked Sendable {
    static let schema = "outgoing_messages"

    enum State: String, Codable, Sendable, CaseIterable {
        case queued
        case sent
        /// Refused for good (or given up); `lastError` says why.
        case failed
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "complaint_id") var complaint: Complaint
    @OptionalField(key: "event_id") var eventID: UUID?
    @Field(key: "kind") var kind: CitizenMessageKind
    @Field(key: "channel") var channel: MessageChannel
    @Field(key: "recipient") var recipient: String
    @Field(key: "language") var language: Language
    @Field(key: "state") var state: State
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "last_error") var lastError: String?
    /// The RFC 5322 Message-ID (e-mail) or the channel's message id, fixed before the first attempt so
    /// that a repeated delivery carries the same one.
    @Field(key: "message_id") var messageID: String
    @OptionalField(key: "subject") var subject: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// The platform's id of the message once sent on a chat (`wamid.…`): status callbacks name it.
    @OptionalField(key: "external_id") var externalID: String?
    /// How far it came on a chat, by the platform's status callbacks (sent, delivered, read, failed).
    @OptionalField(key: "delivery_status") var deliveryStatus: ChatDeliveryStatus?
    /// The platform said the 24-hour window is closed: the next attempt goes as an approved template.
    @OptionalField(key: "template_only") var templateOnly: Bool?

    init() {}

    init(complaintID: UUID, eventID: UUID?, kind: CitizenMessageKind, channel: MessageChannel, recipient: String,
         language: Language, messageID: String, at: Date) {
        self.$complaint.id = complaintID
        self.eventID = eventID
        self.kind = kind
        self.channel = channel
        self.recipient = recipient
        self.language = language
        self.state = .queued
        self.attempts = 0
        self.messageID = messageID
        self.createdAt = at
        self.updatedAt = at
    }
}

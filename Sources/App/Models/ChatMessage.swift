import AduanCore
import Fluent
import Foundation

/// One message of a chat, either way, as the citizen saw it: the transcript the console shows.
///
/// An inbound message is stored once by its platform id (`dedupe_key`, unique) before anything is done
/// with it, and `processed_at` is set in the same transaction as what it caused. An outbound message is
/// queued with what to say (`payload`) and delivered by a `deliver_chat` job, or written when the
/// outbox delivered a complaint's message on this chat (`outgoing_message_id`).
final class ChatMessage: Model, @unchecked Sendable {
    static let schema = "chat_messages"

    enum Direction: String, Codable, Sendable, CaseIterable {
        case inbound
        case outbound
    }

    enum Kind: String, Codable, Sendable, CaseIterable {
        case text, choice, image, document, audio, video, sticker, location, reaction, unsupported
        /// An approved template (outside the 24-hour window).
        case template
        /// Reply buttons, a list, quick replies.
        case interactive
    }

    enum State: String, Codable, Sendable, CaseIterable {
        /// Inbound, not yet acted on.
        case pending
        /// Inbound, acted on.
        case received
        /// Outbound, waiting for its delivery job.
        case queued
        case sent
        case delivered
        case read
        case failed
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "conversation_id") var conversation: ChatConversation
    @OptionalField(key: "complaint_id") var complaintID: UUID?
    @Field(key: "direction") var direction: Direction
    @Field(key: "kind") var kind: Kind
    /// `platform:externalID` of an inbound message: unique, so that a message delivered twice is kept once.
    @OptionalField(key: "dedupe_key") var dedupeKey: String?
    /// The platform's id (`wamid.…`, `mid`): of the citizen's message, or of ours once sent.
    @OptionalField(key: "external_id") var externalID: String?
    /// The words shown: the citizen's text or caption, our rendered text.
    @OptionalField(key: "text") var text: String?
    /// Inbound: the message as parsed (media id, location, choice), JSON. Outbound: what to say (the
    /// prompt of the intake), JSON.
    @OptionalField(key: "payload") var payload: String?
    /// The file stored from the citizen's media, or the office's document sent.
    @OptionalField(key: "attachment_id") var attachmentID: UUID?
    @Field(key: "state") var state: State
    @OptionalField(key: "error_code") var errorCode: Int?
    @OptionalField(key: "error") var error: String?
    /// The complaint's message of the outbox this chat message delivered.
    @OptionalField(key: "outgoing_message_id") var outgoingMessageID: UUID?
    /// Inbound: when the citizen sent it (platform clock). Outbound: when it was sent.
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "processed_at") var processedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(conversationID: UUID, direction: Direction, kind: Kind, state: State, at: Date) {
        self.$conversation.id = conversationID
        self.direction = direction
        self.kind = kind
        self.state = state
        self.createdAt = at
        self.updatedAt = at
    }
}

import AduanCore
import Foundation

/// A message to a citizen, ready for its channel: the words in the citizen's language, the thread it
/// belongs to, and the office's documents that go with it.
struct RenderedMessage: Sendable {
    struct Document: Sendable {
        var name: String
        var contentType: String
        var bytes: [UInt8]
    }

    var channel: MessageChannel
    var recipient: String
    var recipientName: String?
    var language: Language
    var subject: String
    var text: String
    var html: String
    /// Our Message-ID for this message, and the ones it answers (the thread of the complaint).
    var messageID: String
    var inReplyTo: String?
    var references: [String]
    var automatic: Bool
    var documents: [Document]
    /// On a chat channel: the chat, whether its 24-hour window is open, and the approved template to
    /// use when it is not.
    var chat: ChatPlan? = nil
}

/// How a message goes out on a chat (WhatsApp, Messenger, Instagram).
struct ChatPlan: Sendable {
    var platform: ChatPlatform
    var conversationID: UUID
    /// Free text may go (the citizen wrote within 24 hours, and the platform did not say otherwise).
    var windowOpen: Bool
    /// WhatsApp's approved template for this kind of message, filled (nil when the admin set none).
    var template: FilledTemplate?

    struct FilledTemplate: Sendable, Equatable {
        var name: String
        var language: String
        var parameters: [String]
        /// What the citizen reads (the approved body with the parameters in), for the transcript.
        var preview: String
    }
}

/// What the channel said when it took a message.
struct DeliveryReceipt: Sendable {
    /// The platform's id of the message (a chat's `wamid.…`); e-mail keeps its own Message-ID.
    var externalID: String?
    /// What the citizen was shown, when the channel sent other words than the rendered text (a template).
    var shownText: String?
    /// Sent as an approved template, outside the 24-hour window.
    var template: Bool = false
    /// What went wrong beside (a document that could not go with the words), for the officer.
    var note: String? = nil
}

/// Why a delivery did not happen, as the officer and the admin read it.
struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    var reason: String
    /// Trying the same message again cannot help (the address does not exist, the message is refused).
    var permanent: Bool
    /// The office's setup is at fault (a wrong password, no TLS, a revoked token): the admin must act.
    var configuration: Bool = false
    /// The citizen cannot be reached on this channel (not on WhatsApp, outside Messenger's window): the
    /// message goes by their next channel (e-mail) instead, if they gave one.
    var nextChannel: Bool = false
    /// The platform's error code (Graph API), when it gave one.
    var code: Int? = nil

    var description: String { reason }
}

/// Delivers rendered messages on one channel.
protocol MessageSender: Sendable {
    func send(_ message: RenderedMessage) async throws(DeliveryFailure) -> DeliveryReceipt
}

/// The senders of the channels this office configured.
struct MessageSenders: Sendable {
    var email: (any MessageSender)?
    /// WhatsApp, Messenger and Instagram (`ChatSender`).
    var chat: (any MessageSender)?

    func sender(for channel: MessageChannel) -> (any MessageSender)? {
        switch channel {
        case .email: email
        case .whatsapp, .messenger, .instagram: chat
        }
    }
}

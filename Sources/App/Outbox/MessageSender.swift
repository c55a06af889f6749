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
}

/// Why a delivery did not happen, as the officer and the admin read it.
struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    var reason: String
    /// Trying the same message again cannot help (the address does not exist, the message is refused).
    var permanent: Bool
    /// The office's setup is at fault (a wrong password, no TLS): the admin must act.
    var configuration: Bool = false

    var description: String { reason }
}

/// Delivers rendered messages on one channel.
protocol MessageSender: Sendable {
    func send(_ message: RenderedMessage) async throws(DeliveryFailure)
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

import AduanCore
import Fluent
import Foundation
import Vapor

/// An officer's own words in a chat that is not (yet) a complaint's: queued with its `deliver_chat` job
/// in one transaction, and only inside the 24-hour window (free text is refused after it: Meta answers
/// 131047 on WhatsApp, and Messenger and Instagram refuse it too).
extension ChatOutbox {
    /// WhatsApp's limit of a text message's body.
    static let maxTextLength = 4096

    /// Why words cannot be queued. Each carries its HTTP status and message key (`AbortError`).
    enum Failure: String, Error, AbortError, Equatable {
        case empty
        case tooLong = "too_long"
        /// More than 24 hours since the citizen last wrote (or the citizen never wrote).
        case windowClosed = "window_closed"

        var status: HTTPResponseStatus {
            switch self {
            case .empty, .tooLong: .unprocessableEntity
            case .windowClosed: .conflict
            }
        }

        var messageKey: String { "chat_console.reply.error.\(rawValue)" }
        var reason: String { messageKey }
    }

    /// Queues `text` as an outbound text message of `conversation` with its delivery job; the caller wakes
    /// the workers (`req.aduan.jobs.wake()`) after it returns, and records the audit entry (it knows the
    /// request). An officer (`by`) who writes in a conversation nobody took over takes it over: the
    /// automatic intake stops (`state` nil) so that the citizen is not answered twice.
    @discardableResult
    static func queueText(_ text: String, in conversation: ChatConversation, by user: User?, at now: Date, on db: any Database) async throws -> ChatMessage {
        let words = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !words.isEmpty else { throw Failure.empty }
        guard words.count <= maxTextLength else { throw Failure.tooLong }
        guard ChatWindow.isOpen(lastInbound: conversation.lastInboundAt, now: now) else { throw Failure.windowClosed }
        let conversationID = try conversation.requireID()
        let payload = String(decoding: try JSONEncoder().encode(ChatOutbound(text: words)), as: UTF8.self)
        let userID = try user?.requireID()
        return try await db.transaction { db in
            let message = ChatMessage(conversationID: conversationID, direction: .outbound, kind: .text, state: .queued, at: now)
            message.text = words
            message.payload = payload
            message.complaintID = conversation.complaintID
            try await message.create(on: db)
            try await ChatDelivery.enqueue(conversationID, now: now, on: db)
            if let userID, conversation.takenBy == nil {
                conversation.takenBy = userID
                conversation.state = nil
            }
            conversation.updatedAt = now
            try await conversation.save(on: db)
            return message
        }
    }
}

import AduanCore
import Fluent
import Foundation

/// Queues the office's messages in a chat (the intake's questions, an officer's words): each a
/// `ChatMessage` waiting with what to say, and its `deliver_chat` job, in the caller's transaction.
enum ChatOutbox {
    static func queue(_ outbounds: [ChatOutbound], in conversation: ChatConversation, complaint: UUID?, at: Date, on db: any Database) async throws {
        for (offset, outbound) in outbounds.enumerated() {
            // The order they were said in, for the transcript and the sender.
            let stamp = at.addingTimeInterval(Double(offset) / 1000)
            let row = ChatMessage(conversationID: try conversation.requireID(), direction: .outbound,
                                  kind: outbound.options.isEmpty ? .text : .interactive, state: .queued, at: stamp)
            row.complaintID = complaint
            row.text = String(outbound.fallbackText.prefix(10_000))
            row.payload = String(decoding: try JSONEncoder().encode(outbound), as: UTF8.self)
            try await row.create(on: db)
        }
        if !outbounds.isEmpty { try await ChatDelivery.enqueue(try conversation.requireID(), now: at, on: db) }
    }
}

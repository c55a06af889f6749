import AduanCore
import Fluent
import Foundation

/// The sweep's part for the chats: an intake left unanswered ends with a message while the window still
/// lets it go (after `idleAfter`), and the files kept for an ended intake are removed a day after it
/// ended, like the web form's drafts. Webhook posts acted on are removed after a week.
struct ChatSweep {
    let db: any Database
    let context: AduanContext

    /// An intake waits this long for the citizen: a little under the 24-hour window, so that the
    /// closing message can still be sent as free text.
    static let idleAfter: TimeInterval = 23 * 3600
    /// A chat waiting for (or taken by) an officer that became no complaint is let go after this long
    /// without a word from the citizen.
    static let handOverKept: TimeInterval = 7 * 86_400

    struct Outcome: Equatable, Sendable {
        var ended = 0
        var released = 0
        var filesRemoved = 0
        var webhooksRemoved = 0
    }

    func run() async throws -> Outcome {
        let now = context.clock.now()
        var outcome = Outcome()
        let idle = try await ChatConversation.query(on: db).filter(\.$state != nil).filter(\.$lastInboundAt < now.addingTimeInterval(-Self.idleAfter)).all()
        let replies = ChatReplies(catalogue: context.catalogue)
        for conversation in idle {
            guard let state = conversation.state.flatMap({ try? JSONDecoder().decode(ChatIntakeState.self, from: Data($0.utf8)) }),
                  state.step != .officer  // waiting for an officer: let go after a quiet week (below)
            else { continue }
            let turn = ChatIntake.expired(state)
            try await db.transaction { db in
                conversation.state = nil
                conversation.waitingSince = nil
                conversation.takenBy = nil
                // Its files go a day from now, with the other ended intakes' (below).
                conversation.draftToken = nil
                conversation.updatedAt = now
                try await conversation.save(on: db)
                if ChatWindow.isOpen(lastInbound: conversation.lastInboundAt, now: now) {
                    try await ChatOutbox.queue(turn.replies.map(replies.outbound), in: conversation, complaint: nil, at: now, on: db)
                }
            }
            outcome.ended += 1
        }
        if !idle.isEmpty { context.jobs.wake() }

        // A chat handed to an officer that never became a complaint leaves the console's list after a
        // week of silence (the transcript stays).
        let quiet = now.addingTimeInterval(-Self.handOverKept)
        let handedOver = try await ChatConversation.query(on: db).filter(\.$complaintID == nil)
            .group(.or) { $0.filter(\.$waitingSince != nil).filter(\.$takenBy != nil) }
            .filter(\.$lastInboundAt < quiet).limit(500).all()
        for conversation in handedOver {
            conversation.state = nil
            conversation.waitingSince = nil
            conversation.takenBy = nil
            conversation.draftToken = nil
            conversation.updatedAt = now
            try await conversation.save(on: db)
        }
        outcome.released = handedOver.count

        // Files of intakes that ended (cancelled, given up, or replaced by a newer intake) a day ago.
        let cutoff = now.addingTimeInterval(-86_400)
        let current = Set(try await ChatConversation.query(on: db).filter(\.$draftToken != nil).all(\.$draftToken).compactMap { $0 })
        let stale = try await Attachment.query(on: db).filter(\.$draftToken =~ ChatTurns.draftPrefix).filter(\.$complaint.$id == nil)
            .filter(\.$createdAt < cutoff).limit(500).all()
        let remove = stale.filter { !current.contains($0.draftToken ?? "") }.compactMap(\.id)
        if !remove.isEmpty {
            try await ChatMessage.query(on: db).filter(\.$attachmentID ~~ remove).set(\.$attachmentID, to: nil).update()
            try await Attachment.query(on: db).filter(\.$id ~~ remove).delete()
            outcome.filesRemoved = remove.count
        }
        let old = now.addingTimeInterval(-7 * 86_400)
        outcome.webhooksRemoved = try await ReceivedWebhook.query(on: db).filter(\.$processedAt < old).count()
        if outcome.webhooksRemoved > 0 { try await ReceivedWebhook.query(on: db).filter(\.$processedAt < old).delete() }
        return outcome
    }
}

import AduanCore
import Fluent
import Vapor

/// Sends a chat's queued messages (a `deliver_chat` job, one per chat: key `chat-out:<id>`), one at a
/// time and in the order they were said — the intake's questions, an officer's words — as WhatsApp
/// buttons or lists, or Messenger and Instagram quick replies. Errors by their kind: rate limits and
/// passing trouble stop the round and are tried again later (the messages after it wait, so the order
/// holds); a refused token alerts the admin; anything else is recorded on the message for the officer.
struct ChatDelivery {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    var now: Date { context.clock.now() }

    static func key(_ conversation: UUID) -> String { "chat-out:\(conversation.uuidString.lowercased())" }

    /// Queues the chat's delivery job (in the caller's transaction).
    static func enqueue(_ conversation: UUID, now: Date, on db: any Database) async throws {
        try await JobQueue.enqueueKeyed(.deliverChat, key: key(conversation), reference: conversation, now: now, on: db)
    }

    func deliver(_ job: JobQueue.Claimed, worker: String) async throws {
        guard let id = job.reference, let conversation = try await ChatConversation.find(id, on: db) else {
            try await JobQueue(db: db, now: now).complete(job, worker: worker)
            return
        }
        while let row = try await nextQueued(of: id) {
            guard let failure = await send(row, to: conversation) else {
                let at = now
                row.state = .sent
                row.sentAt = at
                row.error = nil
                row.errorCode = nil
                row.updatedAt = at
                try await row.save(on: db)
                continue
            }
            let givenUp = failure.permanent || job.attempts >= context.config.jobs.retry.maximumAttempts
            try await record(failure, on: row, final: givenUp)
            logger.warning("chat message not delivered", metadata: [
                "platform": .string(conversation.platform.rawValue), "reason": .string(failure.reason), "retried": .stringConvertible(!givenUp),
            ])
            if !givenUp {
                // The rest wait behind it, so that the citizen reads them in order.
                try await JobQueue(db: db, now: now).fail(job, worker: worker, error: failure.reason, permanent: false, schedule: context.config.jobs.retry)
                return
            }
        }
        try await JobQueue(db: db, now: now).complete(job, worker: worker)
        // A message queued while this ran found its job running: it goes now.
        if try await nextQueued(of: id) != nil {
            try await Self.enqueue(id, now: now, on: db)
            context.jobs.wake()
        }
    }

    private func nextQueued(of conversation: UUID) async throws -> ChatMessage? {
        try await ChatMessage.query(on: db).filter(\.$conversation.$id == conversation).filter(\.$direction == .outbound)
            .filter(\.$state == .queued).sort(\.$createdAt).sort(\.$id).first()
    }

    /// Sends one message; the failure, if it did not go. The platform's id is kept on the row.
    private func send(_ row: ChatMessage, to conversation: ChatConversation) async -> DeliveryFailure? {
        guard let graph = context.graph, CitizenChannels(context: context).configured(conversation.platform) else {
            return DeliveryFailure(reason: "the \(conversation.platform.rawValue) channel is not configured", permanent: true, configuration: true)
        }
        let outbound = row.payload.flatMap { try? JSONDecoder().decode(ChatOutbound.self, from: Data($0.utf8)) } ?? ChatOutbound(text: row.text ?? "")
        do {
            switch conversation.platform {
            case .whatsapp:
                row.externalID = try await graph.sendWhatsApp(.from(outbound), to: conversation.citizen)
            case .messenger, .instagram:
                row.externalID = try await graph.sendMessenger(outbound, to: conversation.citizen, platform: conversation.platform)
            }
            return nil
        } catch {
            return DeliveryFailure(error, platform: conversation.platform)
        }
    }

    private func record(_ failure: DeliveryFailure, on row: ChatMessage, final: Bool) async throws {
        let at = now
        let context = self.context
        try await db.transaction { db in
            row.error = String(failure.reason.prefix(1000))
            row.errorCode = failure.code
            if final { row.state = .failed }
            row.updatedAt = at
            try await row.save(on: db)
            if failure.configuration {
                try await ComplaintRecorder(context: context).alertAdmins(.channelProblem, at: at, on: db)
            }
        }
    }
}

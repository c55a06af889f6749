import AduanCore
import Fluent
import Vapor

/// Sends one queued chat message (a `deliver_chat` job): the intake's questions and an officer's words
/// in a chat, as WhatsApp buttons or lists, or Messenger and Instagram quick replies. Errors by their
/// kind: rate limits and passing trouble are tried again later, a refused token alerts the admin,
/// anything else is recorded on the message for the officer.
struct ChatDelivery {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    var now: Date { context.clock.now() }

    func deliver(_ job: JobQueue.Claimed, worker: String) async throws {
        let queue = JobQueue(db: db, now: now)
        guard let id = job.reference, let row = try await ChatMessage.find(id, on: db), row.state == .queued,
              let conversation = try await ChatConversation.find(row.$conversation.id, on: db)
        else {
            try await queue.complete(job, worker: worker)
            return
        }
        let outbound = row.payload.flatMap { try? JSONDecoder().decode(ChatOutbound.self, from: Data($0.utf8)) } ?? ChatOutbound(text: row.text ?? "")
        let failure: DeliveryFailure
        if let graph = context.graph, CitizenChannels(context: context).configured(conversation.platform) {
            let externalID: String
            do {
                externalID = try await send(outbound, to: conversation, graph: graph)
            } catch {
                return try await settle(job, row, worker: worker, failure: DeliveryFailure(error, platform: conversation.platform), platform: conversation.platform)
            }
            let at = now
            try await db.transaction { db in
                try await JobQueue(db: db, now: at).complete(job, worker: worker)
                row.externalID = externalID
                row.state = .sent
                row.sentAt = at
                row.error = nil
                row.errorCode = nil
                row.updatedAt = at
                try await row.save(on: db)
            }
            return
        } else {
            failure = DeliveryFailure(reason: "the \(conversation.platform.rawValue) channel is not configured", permanent: true, configuration: true)
        }
        try await settle(job, row, worker: worker, failure: failure, platform: conversation.platform)
    }

    private func settle(_ job: JobQueue.Claimed, _ row: ChatMessage, worker: String, failure: DeliveryFailure, platform: ChatPlatform) async throws {
        let at = now
        let context = self.context
        let retried = try await db.transaction { db -> Bool in
            let retried = try await JobQueue(db: db, now: at).fail(job, worker: worker, error: failure.reason, permanent: failure.permanent,
                                                                    schedule: context.config.jobs.retry)
            row.error = String(failure.reason.prefix(1000))
            row.errorCode = failure.code
            if !retried { row.state = .failed }
            row.updatedAt = at
            try await row.save(on: db)
            if failure.configuration {
                try await ComplaintRecorder(context: context).alertAdmins(.channelProblem, at: at, on: db)
            }
            return retried
        }
        logger.warning("chat message not delivered", metadata: [
            "platform": .string(platform.rawValue), "reason": .string(failure.reason), "retried": .stringConvertible(retried),
        ])
    }

    private func send(_ outbound: ChatOutbound, to conversation: ChatConversation, graph: GraphClient) async throws(GraphError) -> String {
        switch conversation.platform {
        case .whatsapp:
            try await graph.sendWhatsApp(.from(outbound), to: conversation.citizen)
        case .messenger, .instagram:
            try await graph.sendMessenger(outbound, to: conversation.citizen, platform: conversation.platform)
        }
    }
}

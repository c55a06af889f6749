import AduanCore
import Fluent
import Vapor

/// The chat channels' jobs: acting on a webhook post (`ChatIngest`), taking a chat's pending messages
/// (`ChatTurns`), sending a chat message (`ChatDelivery`).
struct ChatJobs {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    func run(_ job: JobQueue.Claimed, worker: String) async throws {
        switch job.kind {
        case .chatWebhook:
            if let id = job.reference, let webhook = try await ReceivedWebhook.find(id, on: db) {
                try await ChatIngest(db: db, context: context, logger: logger).process(webhook)
            }
            try await JobQueue(db: db, now: context.clock.now()).complete(job, worker: worker)
        case .chatTurn:
            try await ChatTurns(db: db, context: context, logger: logger).run(job, worker: worker)
        case .deliverChat:
            try await ChatDelivery(db: db, context: context, logger: logger).deliver(job, worker: worker)
        case .deliver, .pollMailbox, .sweep:
            try await JobQueue(db: db, now: context.clock.now()).complete(job, worker: worker)
        }
    }
}

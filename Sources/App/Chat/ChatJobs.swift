import AduanCore
import Fluent
import Vapor

/// The chat channels' jobs: acting on a webhook post, taking a chat's pending messages, sending a
/// chat message.
struct ChatJobs {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    func run(_ job: JobQueue.Claimed, worker: String) async throws {
        // Filled in by the chat ingest (issue 8, in progress).
        try await JobQueue(db: db, now: context.clock.now()).fail(job, worker: worker, error: "not built yet", permanent: true, schedule: context.config.jobs.retry)
    }
}

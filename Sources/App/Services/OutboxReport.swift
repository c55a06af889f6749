import AduanCore
import Fluent
import Foundation

/// What the admin reads of the outbox, and the one thing the admin does to it: the deliveries that were
/// given up, the counts of the last days, and "kirim ulang".
struct OutboxReport {
    let db: any Database

    /// The failed list shows at most this many (the newest); older ones wait until these are dealt with.
    static let failedLimit = 200
    static let countDays = 7

    struct Failed: Sendable {
        let message: OutgoingMessage
        let trackingCode: String
        let confidential: Bool
    }

    struct Counts: Sendable, Equatable {
        var queued = 0
        var sent = 0
        var failed = 0
    }

    /// The messages given up, newest failure first, each with its complaint's code.
    func failed(limit: Int = OutboxReport.failedLimit) async throws -> [Failed] {
        let messages = try await OutgoingMessage.query(on: db).filter(\.$state == .failed)
            .sort(\.$updatedAt, .descending).sort(\.$id, .descending).limit(limit).all()
        let ids = Array(Set(messages.map { $0.$complaint.id }))
        let complaints = ids.isEmpty ? [] : try await Complaint.query(on: db).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: complaints.compactMap { complaint in complaint.id.map { ($0, complaint) } })
        return messages.compactMap { message in
            guard let complaint = byID[message.$complaint.id] else { return nil }
            return Failed(message: message, trackingCode: complaint.trackingCode, confidential: complaint.confidential)
        }
    }

    /// The messages queued since `since`, by their state now.
    func counts(since: Date) async throws -> Counts {
        func count(_ state: OutgoingMessage.State) async throws -> Int {
            try await OutgoingMessage.query(on: db).filter(\.$state == state).filter(\.$createdAt >= since).count()
        }
        return Counts(queued: try await count(.queued), sent: try await count(.sent), failed: try await count(.failed))
    }

    enum ResendOutcome: Equatable {
        case requeued(complaintID: UUID)
        /// The message is not failed (already queued again, or sent): nothing to do.
        case notFailed
        case notFound
    }

    /// Puts a failed message back in the queue, due now, with a fresh count of attempts. Its last error
    /// stays until the next attempt replaces it, so the console still says why it failed before.
    ///
    /// A message can be failed while its job is done (a bounce that came back after it went out): then
    /// a new job delivers it, with the same Message-ID. `record` writes the audit entry in the same
    /// transaction, given the message's complaint.
    func resend(_ id: UUID, now: Date, record: @escaping @Sendable (any Database, UUID) async throws -> Void) async throws -> ResendOutcome {
        try await db.transaction { db in
            guard let message = try await OutgoingMessage.find(id, on: db) else { return .notFound }
            guard message.state == .failed else { return .notFailed }
            message.state = .queued
            message.attempts = 0
            message.updatedAt = now
            try await message.save(on: db)
            try await JobQueue.retry(reference: id, now: now, on: db)
            let pending = try await Job.query(on: db).filter(\.$reference == id).filter(\.$kind == .deliver)
                .filter(\.$state ~~ [.queued, .running]).count()
            if pending == 0 {
                try await JobQueue.enqueue(.deliver, reference: id, now: now, on: db)
            }
            try await record(db, message.$complaint.id)
            return .requeued(complaintID: message.$complaint.id)
        }
    }
}

import AduanCore
import Fluent
import Foundation
import SQLKit

/// The table of work to do (`jobs`): putting work in, claiming it with a lease, and settling it.
///
/// A claim is one `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING …` statement. On PostgreSQL the
/// sub-select takes `FOR UPDATE SKIP LOCKED`, so that workers of several instances each take other
/// rows; on SQLite the statement runs in the single writer's turn, which is exclusive already. That
/// difference lives in `DatabaseSetup.lockSkippingLocked(_:)`. Settling a job names the worker that
/// holds it: a worker whose lease ran out (it hung, and another took the job over) cannot settle it.
struct JobQueue {
    let db: any Database
    let now: Date

    struct Claimed: Sendable, Equatable {
        var id: UUID
        var kind: Job.Kind
        var reference: UUID?
        var key: String?
        /// Attempts so far, this one included.
        var attempts: Int
    }

    /// Queues a job, in the caller's transaction when `db` is one.
    @discardableResult
    static func enqueue(_ kind: Job.Kind, reference: UUID?, runAt: Date? = nil, now: Date, on db: any Database) async throws -> Job {
        let job = Job(kind: kind, reference: reference, runAt: runAt ?? now, at: now)
        try await job.create(on: db)
        return job
    }

    /// Queues the one job of `key` (a chat's turn): inserted, or put back in the queue when it is done or
    /// failed. A job of the key that is queued or running is left alone: a running one looks for more
    /// work after it settled (`ChatTurns`), so nothing queued meanwhile waits for another message.
    static func enqueueKeyed(_ kind: Job.Kind, key: String, reference: UUID?, now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw CounterSQL.CounterError.notSQL }
        let table = SQLIdentifier(Job.schema)
        try await sql.raw("""
            INSERT INTO \(table) (\(ident: "id"), \(ident: "kind"), \(ident: "reference"), \(ident: "key"), \(ident: "state"), \(ident: "attempts"),
              \(ident: "run_at"), \(ident: "created_at"), \(ident: "updated_at"))
            VALUES (\(bind: UUID()), \(bind: kind.rawValue), \(bind: reference), \(bind: key), \(bind: Job.State.queued.rawValue), 0, \(bind: now), \(bind: now), \(bind: now))
            ON CONFLICT (\(ident: "key")) DO UPDATE SET \(ident: "state") = \(bind: Job.State.queued.rawValue), \(ident: "attempts") = 0,
              \(ident: "run_at") = \(bind: now), \(ident: "last_error") = NULL, \(ident: "updated_at") = \(bind: now)
            WHERE \(table).\(ident: "state") IN (\(bind: Job.State.done.rawValue), \(bind: Job.State.failed.rawValue))
            """).run()
    }

    /// Makes sure the periodic job `key` exists (one row, whatever the number of instances).
    func ensurePeriodic(_ kind: Job.Kind, key: String, firstRunAt: Date) async throws {
        try await sql.raw("""
            INSERT INTO \(ident: Job.schema) (\(ident: "id"), \(ident: "kind"), \(ident: "key"), \(ident: "state"), \(ident: "attempts"),
              \(ident: "run_at"), \(ident: "created_at"), \(ident: "updated_at"))
            VALUES (\(bind: UUID()), \(bind: kind.rawValue), \(bind: key), \(bind: Job.State.queued.rawValue), 0, \(bind: firstRunAt), \(bind: now), \(bind: now))
            ON CONFLICT (\(ident: "key")) DO NOTHING
            """).run()
    }

    /// Takes up to `limit` due jobs (queued and due, or running with an expired lease) for `worker`
    /// until `now + lease`; each claim counts as an attempt.
    func claim(limit: Int, worker: String, lease: TimeInterval) async throws -> [Claimed] {
        let table = SQLIdentifier(Job.schema)
        let lock = SQLRaw(DatabaseSetup.lockSkippingLocked(try sql))
        let rows = try await sql.raw("""
            UPDATE \(table) SET \(ident: "state") = \(bind: Job.State.running.rawValue), \(ident: "lease_until") = \(bind: now.addingTimeInterval(lease)),
              \(ident: "leased_by") = \(bind: worker), \(ident: "attempts") = \(ident: "attempts") + 1, \(ident: "updated_at") = \(bind: now)
            WHERE \(ident: "id") IN (
              SELECT \(ident: "id") FROM \(table)
              WHERE (\(ident: "state") = \(bind: Job.State.queued.rawValue) AND \(ident: "run_at") <= \(bind: now))
                 OR (\(ident: "state") = \(bind: Job.State.running.rawValue) AND \(ident: "lease_until") < \(bind: now))
              ORDER BY \(ident: "run_at") LIMIT \(bind: limit)\(lock))
            RETURNING \(ident: "id"), \(ident: "kind"), \(ident: "reference"), \(ident: "key"), \(ident: "attempts")
            """).all()
        return try rows.compactMap { row in
            guard let kind = Job.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return Claimed(
                id: try row.decode(column: "id", as: UUID.self), kind: kind,
                reference: try row.decode(column: "reference", as: UUID?.self), key: try row.decode(column: "key", as: String?.self),
                attempts: try row.decode(column: "attempts", as: Int.self))
        }
    }

    /// The job is done. False when `worker` no longer held it.
    @discardableResult
    func complete(_ job: Claimed, worker: String) async throws -> Bool {
        try await settle(job, worker: worker, state: .done, runAt: nil, error: nil, resetAttempts: false)
    }

    /// The attempt failed: the job is queued again after the schedule's wait, or kept as failed after
    /// its last attempt (or at once when `permanent`). Returns whether it will be tried again.
    @discardableResult
    func fail(_ job: Claimed, worker: String, error: String, permanent: Bool, schedule: RetrySchedule) async throws -> Bool {
        let delay = permanent ? nil : schedule.delay(afterAttempt: job.attempts, jitter: Double.random(in: 0...1))
        if let delay {
            try await settle(job, worker: worker, state: .queued, runAt: now.addingTimeInterval(delay), error: error, resetAttempts: false)
            return true
        }
        try await settle(job, worker: worker, state: .failed, runAt: nil, error: error, resetAttempts: false)
        return false
    }

    /// A periodic job ran (well or not): it waits for its next turn, its attempts counted afresh.
    func reschedule(_ job: Claimed, worker: String, at next: Date, error: String?) async throws {
        try await settle(job, worker: worker, state: .queued, runAt: next, error: error, resetAttempts: true)
    }

    /// Puts a failed job back in the queue, due now, with a fresh count of attempts ("kirim ulang").
    static func retry(reference: UUID, now: Date, on db: any Database) async throws {
        try await Job.query(on: db).filter(\.$reference == reference).filter(\.$state == .failed)
            .set(\.$state, to: .queued).set(\.$attempts, to: 0).set(\.$runAt, to: now).set(\.$updatedAt, to: now)
            .set(\.$leaseUntil, to: nil).set(\.$leasedBy, to: nil)
            .update()
    }

    /// Done jobs older than `age` go (periodic jobs are never done; failed ones stay for the admin).
    func purgeDone(olderThan age: TimeInterval) async throws -> Int {
        let cutoff = now.addingTimeInterval(-age)
        let count = try await Job.query(on: db).filter(\.$state == .done).filter(\.$updatedAt < cutoff).count()
        if count > 0 { try await Job.query(on: db).filter(\.$state == .done).filter(\.$updatedAt < cutoff).delete() }
        return count
    }

    @discardableResult
    private func settle(_ job: Claimed, worker: String, state: Job.State, runAt: Date?, error: String?, resetAttempts: Bool) async throws -> Bool {
        let table = SQLIdentifier(Job.schema)
        let runAtSet: SQLQueryString = runAt.map { ", \(ident: "run_at") = \(bind: $0)" } ?? ""
        let attemptsSet: SQLQueryString = resetAttempts ? ", \(ident: "attempts") = 0" : ""
        let rows = try await sql.raw("""
            UPDATE \(table) SET \(ident: "state") = \(bind: state.rawValue), \(ident: "lease_until") = NULL, \(ident: "leased_by") = NULL,
              \(ident: "last_error") = \(bind: error.map { String($0.prefix(2000)) }), \(ident: "updated_at") = \(bind: now)\(runAtSet)\(attemptsSet)
            WHERE \(ident: "id") = \(bind: job.id) AND \(ident: "leased_by") = \(bind: worker) AND \(ident: "state") = \(bind: Job.State.running.rawValue)
            RETURNING \(ident: "id")
            """).all()
        return !rows.isEmpty
    }

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = db as? any SQLDatabase else { throw CounterSQL.CounterError.notSQL }
            return sql
        }
    }
}

import Fluent
import Foundation
import SQLKit

/// The counters that must hold under parallel requests and across instances — failed proofs and
/// sign-ins (`Throttle`) and requests per hour (`RateLimiter`) — are each changed by one
/// insert-or-increment statement that returns the new value, so no two requests can read the same count.
///
/// `INSERT … ON CONFLICT (key) DO UPDATE … RETURNING` is written alike by SQLite (3.35 and later; the
/// bundled one is newer) and PostgreSQL (9.5 and later): this is the one place where a dialect that
/// differs would be told apart. On the right of `SET`, column names mean the row as it was.
enum CounterSQL {
    struct Reserved: Sendable {
        /// Failures counted so far, this attempt included.
        let failures: Int
        /// The last failure settled before this attempt.
        let lastFailureAt: Date
    }

    /// Counts one more attempt under `key`, starting again from one when the last failure is older
    /// than `forgiveBefore`.
    static func reserveAttempt(_ key: String, now: Date, forgiveBefore: Date, on db: any Database) async throws -> Reserved {
        let sql = try sqlDatabase(db)
        let table = SQLIdentifier(ProofFailure.schema)
        let rows = try await sql.raw("""
            INSERT INTO \(table) (\(ident: "id"), \(ident: "key"), \(ident: "failures"), \(ident: "last_failure_at"))
            VALUES (\(bind: UUID()), \(bind: key), 1, \(bind: now))
            ON CONFLICT (\(ident: "key")) DO UPDATE SET \(ident: "failures") =
              CASE WHEN \(table).\(ident: "last_failure_at") < \(bind: forgiveBefore) THEN 1 ELSE \(table).\(ident: "failures") + 1 END
            RETURNING \(ident: "failures"), \(ident: "last_failure_at")
            """).all()
        guard let row = rows.first else { throw CounterError.noRow(key) }
        return Reserved(failures: try row.decode(column: "failures", as: Int.self),
                        lastFailureAt: try row.decode(column: "last_failure_at", as: Date.self))
    }

    /// Takes back one attempt (a refused one, or one that turned out right).
    static func refundAttempt(_ key: String, on db: any Database) async throws {
        try await sqlDatabase(db).raw("""
            UPDATE \(ident: ProofFailure.schema) SET \(ident: "failures") = \(ident: "failures") - 1
            WHERE \(ident: "key") = \(bind: key) AND \(ident: "failures") > 0
            """).run()
    }

    /// Counts one request in the window that starts at `windowStart`; returns the requests of that window.
    static func countRequest(_ key: String, windowStart: Date, on db: any Database) async throws -> Int {
        let sql = try sqlDatabase(db)
        let table = SQLIdentifier(RequestCount.schema)
        let rows = try await sql.raw("""
            INSERT INTO \(table) (\(ident: "id"), \(ident: "key"), \(ident: "window_start"), \(ident: "requests"))
            VALUES (\(bind: UUID()), \(bind: key), \(bind: windowStart), 1)
            ON CONFLICT (\(ident: "key")) DO UPDATE SET
              \(ident: "requests") = CASE WHEN \(table).\(ident: "window_start") < \(bind: windowStart) THEN 1 ELSE \(table).\(ident: "requests") + 1 END,
              \(ident: "window_start") = CASE WHEN \(table).\(ident: "window_start") < \(bind: windowStart) THEN \(bind: windowStart) ELSE \(table).\(ident: "window_start") END
            RETURNING \(ident: "requests")
            """).all()
        guard let row = rows.first else { throw CounterError.noRow(key) }
        return try row.decode(column: "requests", as: Int.self)
    }

    /// Removes the counters that no longer count: failures a day old are forgiven (`Throttle.forgiveness`)
    /// and a request window a day old is long over, so a row of either means the same as no row. The sweep
    /// calls this; without it the tables grow by one row per address ever seen.
    static func purgeStale(now: Date, on db: any Database) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Throttle.forgiveness)
        let failures = try await ProofFailure.query(on: db).filter(\.$lastFailureAt < cutoff).count()
        try await ProofFailure.query(on: db).filter(\.$lastFailureAt < cutoff).delete()
        let requests = try await RequestCount.query(on: db).filter(\.$windowStart < cutoff).count()
        try await RequestCount.query(on: db).filter(\.$windowStart < cutoff).delete()
        return failures + requests
    }

    enum CounterError: Error {
        case noRow(String)
        case notSQL
    }

    private static func sqlDatabase(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw CounterError.notSQL }
        return sql
    }
}

import Fluent
import Foundation

/// Slows down guessing: failures are counted per key (a complaint, an account, a client address) in the
/// database, so every instance of the office sees them; past the free attempts each failure doubles the
/// wait before the next try.
struct Throttle {
    let db: any Database
    let policy: ProofThrottlePolicy
    let now: Date

    /// The latest moment until which any of `keys` is blocked, if one is.
    func blockedUntil(_ keys: [String]) async throws -> Date? {
        let rows = try await ProofFailure.query(on: db).filter(\.$key ~~ keys).all()
        return rows.compactMap(\.blockedUntil).filter { $0 > now }.max()
    }

    func recordFailure(_ keys: [String]) async throws {
        for key in keys {
            let row = try await ProofFailure.query(on: db).filter(\.$key == key).first() ?? ProofFailure(key: key, at: now)
            let isNew = !row.$id.exists
            do {
                try await count(row)
            } catch where isNew {
                // Another request created the row at the same moment: count on it instead.
                guard let existing = try await ProofFailure.query(on: db).filter(\.$key == key).first() else { throw error }
                try await count(existing)
            }
        }
    }

    /// One more failure on `row`, and the wait it earns.
    private func count(_ row: ProofFailure) async throws {
        // A day without failures forgives the earlier ones.
        if now.timeIntervalSince(row.lastFailureAt) > 86_400 { row.failures = 0 }
        row.failures += 1
        row.lastFailureAt = now
        let delay = policy.delay(afterFailures: row.failures)
        row.blockedUntil = delay > 0 ? now.addingTimeInterval(delay) : nil
        try await row.save(on: db)
    }

    func reset(_ key: String) async throws {
        try await ProofFailure.query(on: db).filter(\.$key == key).delete()
    }
}

import AduanCore
import Fluent
import Foundation

/// Slows down guessing: failures are counted per key (a complaint, an account, a client address) in the
/// database, so every instance of the office sees them; past the free attempts each failure doubles the
/// wait before the next try.
///
/// Every attempt is counted before it is checked, by one atomic statement (`CounterSQL`), and allowed or
/// refused on the count that statement returns. Parallel attempts therefore queue on the counter: N wrong
/// proofs sent at once get no more checks than N sent one after another. A refused attempt and a right
/// one are taken back off the count; a wrong one stays, and its time starts the wait.
struct Throttle {
    let db: any Database
    let now: Date

    /// A day without failures forgives the earlier ones.
    static let forgiveness: TimeInterval = 86_400

    struct Limit: Sendable {
        let key: String
        let policy: ProofThrottlePolicy
    }

    /// An attempt counted under its limits. Settle it with `failed()` or `succeeded(resetting:)`; when
    /// `refusedUntil` is set it was refused and is already taken back.
    struct Attempt {
        fileprivate let throttle: Throttle
        let limits: [Limit]
        let refusedUntil: Date?

        /// The attempt was wrong: it stays counted, and the wait runs from now.
        func failed() async throws {
            for limit in limits {
                try await ProofFailure.query(on: throttle.db).filter(\.$key == limit.key)
                    .set(\.$lastFailureAt, to: throttle.now).update()
            }
        }

        /// The attempt was right: it is taken back, and the keys in `reset` start again from nothing.
        func succeeded(resetting reset: Set<String>) async throws {
            for limit in limits {
                if reset.contains(limit.key) {
                    try await ProofFailure.query(on: throttle.db).filter(\.$key == limit.key).set(\.$failures, to: 0).update()
                } else {
                    try await CounterSQL.refundAttempt(limit.key, on: throttle.db)
                }
            }
        }
    }

    /// Counts an attempt under every limit. Under each, the attempt is allowed while the failures before
    /// it are fewer than the free attempts, or once the wait that the last of them earned has passed.
    func begin(_ limits: [Limit]) async throws -> Attempt {
        var counted: [Limit] = []
        for limit in limits {
            let reserved = try await CounterSQL.reserveAttempt(
                limit.key, now: now, forgiveBefore: now.addingTimeInterval(-Self.forgiveness), on: db)
            counted.append(limit)
            // No wait earned means no refusal: comparing the stored time with `now` alone would refuse a
            // first attempt whose row was just inserted with `now`, rounded up by the database.
            let delay = limit.policy.delay(afterFailures: reserved.failures - 1)
            let until = reserved.lastFailureAt.addingTimeInterval(delay)
            if delay > 0, until > now {
                for limit in counted { try await CounterSQL.refundAttempt(limit.key, on: db) }
                return Attempt(throttle: self, limits: [], refusedUntil: until)
            }
        }
        return Attempt(throttle: self, limits: counted, refusedUntil: nil)
    }

    /// The key a client address is counted by: itself for IPv4, its /64 for IPv6.
    static func addressKey(_ address: String?) -> String? {
        guard let address else { return nil }
        return IPAddress(address)?.subscriberKey ?? address
    }
}

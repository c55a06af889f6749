import Fluent
import Foundation

/// Failed second proofs and sign-ins, counted per tracking code, account and client address, so that
/// guessing is slowed down on every instance that serves the office.
final class ProofFailure: Model, @unchecked Sendable {
    static let schema = "proof_failures"

    @ID(key: .id) var id: UUID?
    /// `code:TRACKINGCODE`, `ip:ADDRESS`, `login:USERNAME@ADDRESS`, … (see `Throttle`'s callers).
    @Field(key: "key") var key: String
    /// Attempts counted and not taken back: the failures, and the attempts still being checked.
    @Field(key: "failures") var failures: Int
    /// The last failure; the wait it earned (`ProofThrottlePolicy`) runs from here.
    @Field(key: "last_failure_at") var lastFailureAt: Date
    /// No longer written: the wait follows from `failures` and `lastFailureAt` (`Throttle.begin`).
    @OptionalField(key: "blocked_until") var blockedUntil: Date?

    init() {}
}

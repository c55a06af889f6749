import Fluent
import Foundation

/// Failed second proofs, counted per tracking code and per client address, so that guessing is slowed
/// down on every instance that serves the office.
final class ProofFailure: Model, @unchecked Sendable {
    static let schema = "proof_failures"

    @ID(key: .id) var id: UUID?
    /// `code:TRACKINGCODE` or `ip:ADDRESS`.
    @Field(key: "key") var key: String
    @Field(key: "failures") var failures: Int
    @Field(key: "last_failure_at") var lastFailureAt: Date
    @OptionalField(key: "blocked_until") var blockedUntil: Date?

    init() {}

    init(key: String, at: Date) {
        self.key = key
        self.failures = 0
        self.lastFailureAt = at
    }
}

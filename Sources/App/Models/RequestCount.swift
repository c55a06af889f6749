import Fluent
import Foundation

/// Requests of one kind from one client address in the current window (`filing:ADDRESS`,
/// `reply:ADDRESS`), counted by `RateLimiter` through `CounterSQL`. One row per key: a new window
/// overwrites the old one.
final class RequestCount: Model, @unchecked Sendable {
    static let schema = "request_counts"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "window_start") var windowStart: Date
    @Field(key: "requests") var requests: Int

    init() {}
}

import Foundation
import NIOConcurrencyHelpers

/// The source of "now". Injected so that the SLA tests can travel in time; nothing reads `Date()` directly.
protocol AppClock: Sendable {
    func now() -> Date
}

struct SystemClock: AppClock {
    func now() -> Date { Date() }
}

/// A clock the tests set and move forward.
final class ManualClock: AppClock, @unchecked Sendable {
    private let lock = NIOLock()
    private var current: Date

    init(_ start: Date) { current = start }

    func now() -> Date { lock.withLock { current } }

    func set(_ date: Date) { lock.withLock { current = date } }

    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

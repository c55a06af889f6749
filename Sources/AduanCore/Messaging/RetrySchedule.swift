import Foundation

/// When a job that failed is tried again: exponentially later (30 s, 1 min, 2 min, …) up to a
/// ceiling, and not at all after the last attempt.
public struct RetrySchedule: Sendable, Equatable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAttempts: Int

    public init(firstDelay: TimeInterval = 30, maximumDelay: TimeInterval = 3600, maximumAttempts: Int = 10) {
        self.firstDelay = firstDelay
        self.maximumDelay = max(firstDelay, maximumDelay)
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// The wait after the `attempts`-th failed attempt (1 for the first), or nil when it was the last.
    /// `jitter` in 0…1 spreads instances that failed together by up to a tenth of the wait.
    public func delay(afterAttempt attempts: Int, jitter: Double = 0) -> TimeInterval? {
        guard attempts < maximumAttempts else { return nil }
        let exponent = Double(min(max(attempts - 1, 0), 40))
        let base = min(maximumDelay, firstDelay * pow(2, exponent))
        return min(maximumDelay, base * (1 + 0.1 * min(max(jitter, 0), 1)))
    }
}

import Foundation

/// Where a complaint stands against the deadline that applies now, in working time.
public struct SLAPosition: Sendable, Equatable {
    public var state: SLAState
    /// Working seconds until the deadline: negative when overdue; nil while paused.
    public var workingSecondsLeft: TimeInterval?

    public init(state: SLAState, workingSecondsLeft: TimeInterval?) {
        self.state = state
        self.workingSecondsLeft = workingSecondsLeft
    }
}

extension SLAClock {
    /// "Due soon" starts when this much working time is left (the same window as `state(…)`'s default).
    public static let dueSoonWindow: TimeInterval = 4 * 3600

    /// The state seen from the deadline alone. A deadline is the instant its budget runs out, so this
    /// agrees with `state(startedAt:budget:pauses:now:)` and needs no pauses: the queue can compute it for
    /// a page of complaints, and filter on it in SQL with `dueSoonLimit(now:)`.
    public func position(dueAt: Date?, paused: Bool, now: Date) -> SLAPosition? {
        if paused { return SLAPosition(state: .paused, workingSecondsLeft: nil) }
        guard let dueAt else { return nil }
        let left = dueAt > now ? calendar.workingSeconds(from: now, to: dueAt) : -calendar.workingSeconds(from: dueAt, to: now)
        let state: SLAState = dueAt <= now ? .overdue : (left <= Self.dueSoonWindow ? .dueSoon : .onTime)
        return SLAPosition(state: state, workingSecondsLeft: left)
    }

    /// The latest deadline that counts as due soon at `now`: deadlines in `(now, dueSoonLimit]` are due
    /// soon, later ones on time, earlier ones overdue.
    public func dueSoonLimit(now: Date) -> Date {
        calendar.date(addingWorkingSeconds: Self.dueSoonWindow, to: now)
    }
}

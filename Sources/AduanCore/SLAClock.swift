import Foundation

/// A stretch of time during which the SLA clock stands still: the complaint waits for the citizen
/// (`needs_info`). `end` is nil while the pause lasts.
public struct Pause: Sendable, Hashable, Codable {
    public var start: Date
    public var end: Date?

    public init(start: Date, end: Date? = nil) {
        self.start = start
        self.end = end
    }
}

public enum SLAState: String, Sendable, Codable, CaseIterable {
    case onTime = "on_time"
    /// Less than the warning window of working time remains.
    case dueSoon = "due_soon"
    /// The budget is used up (from the deadline instant on).
    case overdue
    /// The clock stands still: the complaint waits for the citizen.
    case paused

    /// Key of the label shown to officers ("sla.on_time" …).
    public var messageKey: String { "sla.\(rawValue)" }
}

/// Deadlines counted in working time (DESIGN.md "The clock").
///
/// "1 × 24 jam di hari kerja" (the service standard) is 24 hours of clock time counted only on working
/// days: received Friday 14:00 → due Monday 14:00; received on a Saturday → due Monday 24:00; received
/// Tuesday 23:00 → due Wednesday 23:00.
///
/// Budgets and remaining times are working seconds: time on weekends, holidays and during pauses does not
/// count. A pause removes its working time from the clock; when it ends, the remaining budget runs on from
/// the end of the pause.
public struct SLAClock: Sendable {
    public let calendar: WorkingCalendar

    public init(calendar: WorkingCalendar) {
        self.calendar = calendar
    }

    /// First response: 1 × 24 hours on working days (SK 188.45/162/KPTS-BUP/2023).
    public static let firstResponseBudget: TimeInterval = 86_400

    /// The resolution target of a service, given in working days.
    public static func resolutionBudget(workingDays: Int) -> TimeInterval {
        TimeInterval(workingDays) * 86_400
    }

    /// When the budget runs out, or nil while a pause is open (the deadline is not known until the citizen
    /// answers). A closed pause that starts after the budget ran out leaves the deadline where it was.
    public func deadline(startedAt: Date, budget: TimeInterval, pauses: [Pause]) -> Date? {
        guard !pauses.contains(where: { $0.end == nil }) else { return nil }
        var cursor = startedAt
        var remaining = budget
        for pause in Self.normalised(pauses, after: startedAt, openUntil: nil) {
            guard let end = pause.end else { return nil }
            if pause.start > cursor {
                let available = calendar.workingSeconds(from: cursor, to: pause.start)
                if available >= remaining { break }
                remaining -= available
            }
            cursor = max(cursor, end)
        }
        return calendar.date(addingWorkingSeconds: remaining, to: cursor)
    }

    /// Working seconds left at `now`: negative when overdue, frozen while paused.
    public func remaining(startedAt: Date, budget: TimeInterval, pauses: [Pause], now: Date) -> TimeInterval {
        budget - consumed(startedAt: startedAt, pauses: pauses, now: now)
    }

    /// `paused` while `now` lies in a pause (even when already overdue: the clock stands still), else
    /// `overdue` once the budget is used up, `dueSoon` when at most `dueSoonWithin` working seconds remain.
    public func state(
        startedAt: Date, budget: TimeInterval, pauses: [Pause], now: Date,
        dueSoonWithin: TimeInterval = 4 * 3600
    ) -> SLAState {
        let inPause = pauses.contains { pause in
            pause.start <= now && pause.end.map { now < $0 } ?? true
        }
        if inPause { return .paused }
        let left = remaining(startedAt: startedAt, budget: budget, pauses: pauses, now: now)
        if left <= 0 { return .overdue }
        if left <= dueSoonWithin { return .dueSoon }
        return .onTime
    }

    /// Working seconds spent from `startedAt` to `now`, outside pauses.
    private func consumed(startedAt: Date, pauses: [Pause], now: Date) -> TimeInterval {
        guard now > startedAt else { return 0 }
        var total = calendar.workingSeconds(from: startedAt, to: now)
        for pause in Self.normalised(pauses, after: startedAt, openUntil: now) {
            guard let end = pause.end, pause.start < now else { continue }
            total -= calendar.workingSeconds(from: pause.start, to: min(end, now))
        }
        return total
    }

    /// Sorted, clipped to start no earlier than `startedAt`, overlaps merged, empty pauses dropped. With
    /// `openUntil`, an open pause is treated as ending then.
    private static func normalised(_ pauses: [Pause], after startedAt: Date, openUntil: Date?) -> [Pause] {
        let intervals: [(start: Date, end: Date)] = pauses.compactMap { pause in
            let start = max(pause.start, startedAt)
            let end = pause.end ?? openUntil ?? .distantFuture
            return end > start ? (start, end) : nil
        }
        var merged: [(start: Date, end: Date)] = []
        for interval in intervals.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged.map { Pause(start: $0.start, end: $0.end == .distantFuture ? nil : $0.end) }
    }
}

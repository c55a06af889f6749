import Foundation

/// Which days the office works, in the office's time zone (DESIGN.md "The clock").
///
/// Days are converted with the zone's own offset (`TimeZone.secondsFromGMT(for:)`), never a hard-coded
/// +7: an office in WITA or WIT runs the same code.
public struct WorkingCalendar: Sendable {
    public let timeZone: TimeZone
    /// 1 = Sunday … 7 = Saturday. Regional offices work Monday–Friday (Perpres 21/2023).
    public let workingWeekdays: Set<Int>
    /// National holidays (LN), cuti bersama (CB) and local holidays.
    public let holidays: Set<CivilDate>

    public init(timeZone: TimeZone, workingWeekdays: Set<Int> = [2, 3, 4, 5, 6], holidays: Set<CivilDate>) {
        self.timeZone = timeZone
        self.workingWeekdays = workingWeekdays
        self.holidays = holidays
    }

    public func isWorkingDay(_ date: CivilDate) -> Bool {
        workingWeekdays.contains(date.weekday) && !holidays.contains(date)
    }

    /// The office's date at `date`.
    public func civilDate(of date: Date) -> CivilDate {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return CivilDate(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// Midnight at the start of `date` in the office's time zone.
    public func startOfDay(_ date: CivilDate) -> Date {
        let localMidnight = Double(date.daysSinceEpoch) * 86_400
        // The offset at the instant itself; a second pass settles zones whose offset changes that day.
        var instant = Date(timeIntervalSince1970: localMidnight - Double(timeZone.secondsFromGMT(
            for: Date(timeIntervalSince1970: localMidnight))))
        instant = Date(timeIntervalSince1970: localMidnight - Double(timeZone.secondsFromGMT(for: instant)))
        return instant
    }

    /// `date` itself when it is a working day, else the first working day after it.
    /// Precondition: at least one working weekday (otherwise there is none).
    public func nextWorkingDay(onOrAfter date: CivilDate) -> CivilDate {
        precondition(!workingWeekdays.isDisjoint(with: 1...7), "A calendar needs at least one working weekday")
        var day = date
        while !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The seconds between `from` and `to` that fall on working days (each working day counts whole, from
    /// 00:00 to 24:00). Zero when `to` is not after `from`.
    public func workingSeconds(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        var total: TimeInterval = 0
        var day = civilDate(of: from)
        let lastDay = civilDate(of: to)
        while day <= lastDay {
            let next = day.adding(days: 1)
            if isWorkingDay(day) {
                let start = max(from, startOfDay(day)), end = min(to, startOfDay(next))
                if end > start { total += end.timeIntervalSince(start) }
            }
            day = next
        }
        return total
    }

    /// The earliest instant at which `seconds` working seconds have passed since `date`. A budget that runs
    /// out exactly at the end of a working day ends at 24:00 (the next day's 00:00), not on the next working
    /// day. A budget of zero (or less) returns `date`.
    public func date(addingWorkingSeconds seconds: TimeInterval, to date: Date) -> Date {
        guard seconds > 0 else { return date }
        guard !workingWeekdays.isDisjoint(with: 1...7) else { return .distantFuture }
        var remaining = seconds
        var day = civilDate(of: date)
        while true {
            let next = day.adding(days: 1)
            if isWorkingDay(day) {
                let start = max(date, startOfDay(day)), end = startOfDay(next)
                let available = end.timeIntervalSince(start)
                if available >= remaining { return start.addingTimeInterval(remaining) }
                remaining -= max(0, available)
            }
            day = next
        }
    }
}

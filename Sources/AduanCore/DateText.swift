import Foundation

/// Dates and times as the pages and messages show them, in the office's time zone.
///
/// The names are written here rather than taken from Foundation locales, which may be missing on Linux.
///
/// | form     | id                                        | en                                       |
/// |----------|-------------------------------------------|------------------------------------------|
/// | long     | Senin, 30 November 2026 pukul 14.00 WIB   | Monday, 30 November 2026 at 14:00 WIB    |
/// | dateOnly | Senin, 30 November 2026                   | Monday, 30 November 2026                 |
/// | short    | 30/11/2026 14.00                          | 30/11/2026 14:00                         |
/// | deadline | Senin, 30 November 2026 pukul 23.59 WIB   | Monday, 30 November 2026 at 23:59 WIB    |
///
/// (`deadline` of Tuesday 1 December 2026 00:00; at any other time it is the `long` form.)
public struct DateText: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    public func long(_ date: Date, in language: Language) -> String {
        let parts = localParts(of: date)
        return long(day: parts.day, hour: parts.hour, minute: parts.minute, zone: zone(at: date), in: language)
    }

    public func dateOnly(_ date: Date, in language: Language) -> String {
        dateOnly(localParts(of: date).day, in: language)
    }

    public func short(_ date: Date, in language: Language) -> String {
        let parts = localParts(of: date)
        let day = parts.day
        return "\(CivilDate.twoDigits(day.day))/\(CivilDate.twoDigits(day.month))/\(day.year) "
            + time(hour: parts.hour, minute: parts.minute, in: language)
    }

    /// Like `long`, but a deadline falling at 00:00 reads as 23.59 of the day before, the way Indonesian
    /// notices write the end of a day ("paling lambat Senin … pukul 23.59 WIB"): "Tuesday 00.00" suggests
    /// a day more than the citizen has, and "24.00" is rarely written.
    public func deadline(_ date: Date, in language: Language) -> String {
        let parts = localParts(of: date)
        guard parts.hour == 0, parts.minute == 0 else { return long(date, in: language) }
        return long(day: parts.day.adding(days: -1), hour: 23, minute: 59, zone: zone(at: date), in: language)
    }

    // MARK: Pieces

    private func long(day: CivilDate, hour: Int, minute: Int, zone: String, in language: Language) -> String {
        let at = language == .id ? "pukul" : "at"
        return "\(dateOnly(day, in: language)) \(at) \(time(hour: hour, minute: minute, in: language)) \(zone)"
    }

    private func dateOnly(_ day: CivilDate, in language: Language) -> String {
        let names = Self.names[language]!
        return "\(names.weekdays[day.weekday - 1]), \(day.day) \(names.months[day.month - 1]) \(day.year)"
    }

    /// Indonesian writes 14.00 (PUEBI), English 14:00.
    private func time(hour: Int, minute: Int, in language: Language) -> String {
        CivilDate.twoDigits(hour) + (language == .id ? "." : ":") + CivilDate.twoDigits(minute)
    }

    private func zone(at date: Date) -> String {
        WorkingCalendar.zoneAbbreviation(for: timeZone, at: date)
    }

    private func localParts(of date: Date) -> (day: CivilDate, hour: Int, minute: Int) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let days = (local / 86_400).rounded(.down)
        let secondOfDay = Int(local - days * 86_400)
        return (CivilDate(daysSinceEpoch: Int(days)), secondOfDay / 3600, secondOfDay % 3600 / 60)
    }

    private struct Names {
        let weekdays: [String]  // Sunday first, as `CivilDate.weekday`.
        let months: [String]
    }

    private static let names: [Language: Names] = [
        .id: Names(
            weekdays: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
            months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                     "Oktober", "November", "Desember"]
        ),
        .en: Names(
            weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            months: ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
        ),
    ]
}

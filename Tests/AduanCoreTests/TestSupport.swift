import Foundation
@testable import AduanCore

/// Fixtures built independently of the code under test: instants come from Foundation's calendar with a
/// fixed offset, not from `WorkingCalendar`.
enum Fixture {
    static func day(_ iso: String) -> CivilDate {
        guard let date = CivilDate(iso: iso) else { fatalError("bad fixture date \(iso)") }
        return date
    }

    /// "2026-03-17 09:00" as wall-clock time at UTC+`offsetHours` (WIB by default).
    static func instant(_ text: String, offsetHours: Int = 7) -> Date {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0)! }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetHours * 3600)!
        let components = DateComponents(
            year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4],
            second: parts.count > 5 ? parts[5] : 0)
        return calendar.date(from: components)!
    }

    /// National holidays (LN) and cuti bersama (CB) of 2026, from shared/domain/libur-nasional.csv.
    static let holidays2026: Set<CivilDate> = Set([
        "2026-01-01", "2026-01-16", "2026-02-16", "2026-02-17", "2026-03-18", "2026-03-19", "2026-03-20",
        "2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24", "2026-04-03", "2026-04-05", "2026-05-01",
        "2026-05-14", "2026-05-15", "2026-05-27", "2026-05-28", "2026-05-31", "2026-06-01", "2026-06-16",
        "2026-08-17", "2026-08-25", "2026-12-24", "2026-12-25",
    ].map(day))

    static let jakarta = WorkingCalendar.officeTimeZone(identifier: "Asia/Jakarta")!
    static let makassar = WorkingCalendar.officeTimeZone(identifier: "Asia/Makassar")!

    static let calendar = WorkingCalendar(timeZone: jakarta, holidays: holidays2026)
    static let clock = SLAClock(calendar: calendar)
}

/// A seeded generator so that tests with randomness are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

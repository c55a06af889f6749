import Foundation
import Testing
@testable import AduanCore

@Suite("WorkingCalendar")
struct WorkingCalendarTests {
    let calendar = Fixture.calendar

    @Test(arguments: [
        ("2026-03-17", true), ("2026-03-18", false), ("2026-03-19", false), ("2026-03-20", false),
        ("2026-03-21", false), ("2026-03-22", false), ("2026-03-23", false), ("2026-03-24", false),
        ("2026-03-25", true), ("2026-11-30", true), ("2026-12-23", true), ("2026-12-24", false),
        ("2026-12-25", false), ("2026-12-26", false), ("2026-12-27", false), ("2026-12-28", true),
        ("2026-08-17", false), ("2026-08-18", true), ("2026-05-01", false), ("2026-07-04", false),
        ("2026-07-05", false), ("2026-07-06", true),
    ])
    func knowsWorkingDays(day: String, working: Bool) {
        #expect(calendar.isWorkingDay(Fixture.day(day)) == working)
    }

    @Test(arguments: [
        ("2026-03-17", "2026-03-17"), ("2026-03-18", "2026-03-25"), ("2026-03-14", "2026-03-16"),
        ("2026-12-24", "2026-12-28"), ("2026-01-01", "2026-01-02"), ("2026-05-14", "2026-05-18"),
        ("2026-05-30", "2026-06-02"),
    ])
    func findsNextWorkingDay(day: String, next: String) {
        #expect(calendar.nextWorkingDay(onOrAfter: Fixture.day(day)) == Fixture.day(next))
    }

    @Test(arguments: [
        // (UTC wall time, WIB date, WITA date)
        ("2026-03-17 16:59", "2026-03-17", "2026-03-18"), ("2026-03-17 17:00", "2026-03-18", "2026-03-18"),
        ("2026-03-17 15:59", "2026-03-17", "2026-03-17"), ("2026-03-17 16:00", "2026-03-17", "2026-03-18"),
        ("2026-12-31 17:00", "2027-01-01", "2027-01-01"), ("2026-12-31 16:59", "2026-12-31", "2027-01-01"),
    ])
    func civilDateUsesTheOfficeZone(utc: String, wib: String, wita: String) {
        let instant = Fixture.instant(utc, offsetHours: 0)
        let makassar = WorkingCalendar(timeZone: Fixture.makassar, holidays: [])

        #expect(calendar.civilDate(of: instant) == Fixture.day(wib))
        #expect(makassar.civilDate(of: instant) == Fixture.day(wita))
    }

    @Test(arguments: ["2026-03-18", "2026-12-25", "2027-01-01", "1999-12-31"])
    func startOfDayIsLocalMidnight(day: String) {
        let date = Fixture.day(day)
        let makassar = WorkingCalendar(timeZone: Fixture.makassar, holidays: [])

        #expect(calendar.startOfDay(date) == Fixture.instant(day + " 00:00", offsetHours: 7))
        #expect(makassar.startOfDay(date) == Fixture.instant(day + " 00:00", offsetHours: 8))
        #expect(calendar.civilDate(of: calendar.startOfDay(date)) == date)
    }

    @Test(arguments: [
        ("2026-03-13 14:00", "2026-03-16 14:00", 24), ("2026-03-14 10:00", "2026-03-15 10:00", 0),
        ("2026-03-14 10:00", "2026-03-16 10:00", 10), ("2026-03-17 09:00", "2026-03-25 09:00", 24),
        ("2026-03-16 00:00", "2026-03-17 00:00", 24), ("2026-03-16 10:00", "2026-03-16 09:00", 0),
        ("2026-12-23 00:00", "2026-12-29 00:00", 48), ("2026-03-02 00:00", "2026-04-01 00:00", 24 * 17),
    ] as [(String, String, Double)])
    func countsWorkingSeconds(from: String, to: String, hours: Double) {
        let seconds = calendar.workingSeconds(from: Fixture.instant(from), to: Fixture.instant(to))

        #expect(seconds == hours * 3600)
    }

    /// "1 × 24 jam di hari kerja" from the moment of receipt (WIB).
    @Test(arguments: [
        ("2026-03-13 14:00", "2026-03-16 14:00"), // Friday → Monday
        ("2026-03-14 10:00", "2026-03-17 00:00"), // Saturday → Monday 24:00
        ("2026-03-15 23:59", "2026-03-17 00:00"), // Sunday night → Monday 24:00
        ("2026-03-10 23:00", "2026-03-11 23:00"), // Tuesday late → Wednesday
        ("2026-03-10 23:30", "2026-03-11 23:30"),
        ("2026-03-16 00:00", "2026-03-17 00:00"), // exactly at midnight
        ("2026-03-13 00:00", "2026-03-14 00:00"), // Friday 00:00 → Friday 24:00, not Monday
        ("2026-03-13 23:30", "2026-03-16 23:30"), // Friday late → Monday
        ("2026-03-17 09:00", "2026-03-25 09:00"), // Nyepi and Idulfitri 2026: 03-18 … 03-24 off
        ("2026-03-18 09:00", "2026-03-26 00:00"), // on a cuti bersama → end of the next working day
        ("2026-12-23 10:00", "2026-12-28 10:00"), // Christmas: 12-24 CB, 12-25 LN, weekend
        ("2026-12-24 09:00", "2026-12-29 00:00"), // on the cuti bersama itself
        ("2026-12-25 15:00", "2026-12-29 00:00"), // on Christmas Day
        ("2026-08-14 16:00", "2026-08-18 16:00"), // Independence Day on Monday
        ("2026-04-30 12:00", "2026-05-04 12:00"), // Labour Day on Friday
    ])
    func firstResponseDeadline(received: String, due: String) {
        let deadline = calendar.date(addingWorkingSeconds: SLAClock.firstResponseBudget, to: Fixture.instant(received))

        #expect(deadline == Fixture.instant(due))
    }

    @Test func resolutionBudgetRunsOverTheHolidays() {
        let deadline = calendar.date(
            addingWorkingSeconds: SLAClock.resolutionBudget(workingDays: 5), to: Fixture.instant("2026-03-16 09:00"))

        #expect(deadline == Fixture.instant("2026-03-30 09:00"))
    }

    @Test func zeroBudgetIsTheStart() {
        let start = Fixture.instant("2026-03-14 10:00")

        #expect(calendar.date(addingWorkingSeconds: 0, to: start) == start)
    }

    /// Same wall-clock times in an office in WITA: nothing assumes +7.
    @Test(arguments: [
        ("2026-03-13 14:00", "2026-03-16 14:00"), ("2026-03-14 10:00", "2026-03-17 00:00"),
        ("2026-03-17 09:00", "2026-03-25 09:00"),
    ])
    func worksInOtherZones(received: String, due: String) {
        let makassar = WorkingCalendar(timeZone: Fixture.makassar, holidays: Fixture.holidays2026)

        let deadline = makassar.date(
            addingWorkingSeconds: SLAClock.firstResponseBudget, to: Fixture.instant(received, offsetHours: 8))

        #expect(deadline == Fixture.instant(due, offsetHours: 8))
    }

    /// Friday 23:30 WIB is Saturday 00:30 WITA: the same instant gets different deadlines.
    @Test func sameInstantDependsOnTheZone() {
        let instant = Fixture.instant("2026-03-13 16:30", offsetHours: 0)
        let makassar = WorkingCalendar(timeZone: Fixture.makassar, holidays: Fixture.holidays2026)

        #expect(calendar.date(addingWorkingSeconds: 86_400, to: instant) == Fixture.instant("2026-03-16 23:30"))
        #expect(makassar.date(addingWorkingSeconds: 86_400, to: instant) == Fixture.instant("2026-03-17 00:00", offsetHours: 8))
    }

    /// A deadline is the first instant at which the whole budget is spent.
    @Test(arguments: stride(from: 0, to: 365 * 86_400, by: 27_403).map { TimeInterval($0) })
    func deadlineSpendsExactlyTheBudget(offset: TimeInterval) {
        let start = Fixture.instant("2026-01-01 00:00").addingTimeInterval(offset)
        let budget = SLAClock.firstResponseBudget

        let deadline = calendar.date(addingWorkingSeconds: budget, to: start)

        #expect(calendar.workingSeconds(from: start, to: deadline) == budget)
        #expect(calendar.workingSeconds(from: start, to: deadline.addingTimeInterval(-1)) == budget - 1)
    }
}

@Suite("Office time zones")
struct OfficeTimeZoneTests {
    @Test(arguments: [
        ("Asia/Jakarta", 7, "WIB"), ("Asia/Pontianak", 7, "WIB"), ("Asia/Makassar", 8, "WITA"),
        ("Asia/Jayapura", 9, "WIT"),
    ])
    func indonesianZones(identifier: String, hours: Int, abbreviation: String) throws {
        let zone = try #require(WorkingCalendar.officeTimeZone(identifier: identifier))

        #expect(zone.secondsFromGMT() == hours * 3600)
        #expect(WorkingCalendar.zoneAbbreviation(for: zone) == abbreviation)
        #expect(WorkingCalendar.zoneAbbreviation(for: TimeZone(secondsFromGMT: hours * 3600)!) == abbreviation)
    }

    @Test func unknownIdentifierIsNil() {
        #expect(WorkingCalendar.officeTimeZone(identifier: "Mars/Olympus_Mons") == nil)
    }

    @Test(arguments: [(0, "UTC+0"), (19_800, "UTC+5:30"), (-10_800, "UTC-3"), (36_000, "UTC+10"), (20_700, "UTC+5:45")])
    func otherOffsets(seconds: Int, abbreviation: String) {
        #expect(WorkingCalendar.zoneAbbreviation(for: TimeZone(secondsFromGMT: seconds)!) == abbreviation)
    }

    /// Singapore shares WITA's offset but is not WITA (skipped where the system has no zone database).
    @Test func placesOutsideIndonesiaAreNotNamedAfterItsZones() {
        guard let singapore = TimeZone(identifier: "Asia/Singapore") else { return }

        #expect(WorkingCalendar.zoneAbbreviation(for: singapore) == "UTC+8")
    }
}

import Foundation
import Testing
@testable import AduanCore

@Suite("DateText")
struct DateTextTests {
    let wib = DateText(timeZone: Fixture.jakarta)

    @Test(arguments: [
        ("2026-11-30 14:00", "Senin, 30 November 2026 pukul 14.00 WIB", "Monday, 30 November 2026 at 14:00 WIB"),
        ("2026-01-01 09:05", "Kamis, 1 Januari 2026 pukul 09.05 WIB", "Thursday, 1 January 2026 at 09:05 WIB"),
        ("2026-02-17 00:00", "Selasa, 17 Februari 2026 pukul 00.00 WIB", "Tuesday, 17 February 2026 at 00:00 WIB"),
        ("2026-03-21 23:59", "Sabtu, 21 Maret 2026 pukul 23.59 WIB", "Saturday, 21 March 2026 at 23:59 WIB"),
        ("2026-04-05 07:30", "Minggu, 5 April 2026 pukul 07.30 WIB", "Sunday, 5 April 2026 at 07:30 WIB"),
        ("2026-05-27 12:00", "Rabu, 27 Mei 2026 pukul 12.00 WIB", "Wednesday, 27 May 2026 at 12:00 WIB"),
        ("2026-06-01 08:00", "Senin, 1 Juni 2026 pukul 08.00 WIB", "Monday, 1 June 2026 at 08:00 WIB"),
        ("2026-07-04 10:10", "Sabtu, 4 Juli 2026 pukul 10.10 WIB", "Saturday, 4 July 2026 at 10:10 WIB"),
        ("2026-08-17 10:00", "Senin, 17 Agustus 2026 pukul 10.00 WIB", "Monday, 17 August 2026 at 10:00 WIB"),
        ("2026-09-09 16:45", "Rabu, 9 September 2026 pukul 16.45 WIB", "Wednesday, 9 September 2026 at 16:45 WIB"),
        ("2026-10-28 13:00", "Rabu, 28 Oktober 2026 pukul 13.00 WIB", "Wednesday, 28 October 2026 at 13:00 WIB"),
        ("2026-12-25 19:00", "Jumat, 25 Desember 2026 pukul 19.00 WIB", "Friday, 25 December 2026 at 19:00 WIB"),
    ])
    func longForm(wall: String, indonesian: String, english: String) {
        let date = Fixture.instant(wall)

        #expect(wib.long(date, in: .id) == indonesian)
        #expect(wib.long(date, in: .en) == english)
        #expect(wib.dateOnly(date, in: .id) == String(indonesian.prefix(upTo: indonesian.range(of: " pukul")!.lowerBound)))
        #expect(wib.dateOnly(date, in: .en) == String(english.prefix(upTo: english.range(of: " at ")!.lowerBound)))
    }

    @Test(arguments: [
        ("2026-11-30 14:00", "30/11/2026 14.00", "30/11/2026 14:00"),
        ("2027-01-01 09:05", "01/01/2027 09.05", "01/01/2027 09:05"),
        ("2026-03-17 00:00", "17/03/2026 00.00", "17/03/2026 00:00"),
    ])
    func shortForm(wall: String, indonesian: String, english: String) {
        let date = Fixture.instant(wall)

        #expect(wib.short(date, in: .id) == indonesian)
        #expect(wib.short(date, in: .en) == english)
    }

    @Test(arguments: [
        ("2026-12-01 00:00", "Senin, 30 November 2026 pukul 23.59 WIB", "Monday, 30 November 2026 at 23:59 WIB"),
        ("2027-01-01 00:00", "Kamis, 31 Desember 2026 pukul 23.59 WIB", "Thursday, 31 December 2026 at 23:59 WIB"),
        ("2026-03-01 00:00", "Sabtu, 28 Februari 2026 pukul 23.59 WIB", "Saturday, 28 February 2026 at 23:59 WIB"),
        ("2026-11-30 14:00", "Senin, 30 November 2026 pukul 14.00 WIB", "Monday, 30 November 2026 at 14:00 WIB"),
        ("2026-12-01 00:01", "Selasa, 1 Desember 2026 pukul 00.01 WIB", "Tuesday, 1 December 2026 at 00:01 WIB"),
    ])
    func deadlineAtMidnightIsTheEndOfTheDayBefore(wall: String, indonesian: String, english: String) {
        let date = Fixture.instant(wall)

        #expect(wib.deadline(date, in: .id) == indonesian)
        #expect(wib.deadline(date, in: .en) == english)
    }

    /// 2026-11-30 17:30 UTC is Tuesday 00:30 in WIB, 01:30 in WITA, 02:30 in WIT.
    @Test(arguments: [
        ("Asia/Jakarta", "Selasa, 1 Desember 2026 pukul 00.30 WIB"),
        ("Asia/Makassar", "Selasa, 1 Desember 2026 pukul 01.30 WITA"),
        ("Asia/Jayapura", "Selasa, 1 Desember 2026 pukul 02.30 WIT"),
    ])
    func usesTheOfficeZone(identifier: String, expected: String) throws {
        let zone = try #require(WorkingCalendar.officeTimeZone(identifier: identifier))

        let text = DateText(timeZone: zone).long(Fixture.instant("2026-11-30 17:30", offsetHours: 0), in: .id)

        #expect(text == expected)
    }

    @Test func fixedOffsetFallbackReadsTheSame() {
        let fallback = DateText(timeZone: TimeZone(secondsFromGMT: 7 * 3600)!)
        let date = Fixture.instant("2026-11-30 14:00")

        #expect(fallback.long(date, in: .id) == wib.long(date, in: .id))
    }
}

import Foundation
import Testing
@testable import AduanCore

@Suite("CivilDate")
struct CivilDateTests {
    @Test(arguments: [
        (2026, 12, 25, true), (2024, 2, 29, true), (2000, 2, 29, true), (2026, 2, 29, false),
        (1900, 2, 29, false), (2100, 2, 29, false), (2026, 4, 30, true), (2026, 4, 31, false),
        (2026, 12, 31, true), (2026, 13, 1, false), (2026, 0, 1, false), (2026, 1, 0, false),
        (2026, 1, 32, false), (0, 1, 1, false), (10000, 1, 1, false),
    ])
    func validatesGregorianDates(year: Int, month: Int, day: Int, valid: Bool) {
        let date = CivilDate(year: year, month: month, day: day)

        #expect((date != nil) == valid)
        if let date { #expect([date.year, date.month, date.day] as [Int] == [year, month, day]) }
    }

    @Test(arguments: [
        ("2026-12-25", "2026-12-25"), ("2024-02-29", "2024-02-29"), ("0999-01-05", "0999-01-05"),
        ("2026-02-29", nil), ("2026-2-05", nil), ("20261225", nil), ("2026-12-25T00:00", nil), ("", nil),
        ("2026-12-2a", nil), ("２０２６-12-25", nil), ("-2026-12-25", nil),
    ] as [(String, String?)])
    func parsesISO(text: String, expected: String?) {
        let date = CivilDate(iso: text)

        #expect(date?.iso == expected)
        #expect(date?.description == expected)
    }

    /// Foundation's Gregorian calendar in UTC is the oracle for day arithmetic and weekdays.
    @Test(arguments: stride(from: -40_000, through: 60_000, by: 997).map { $0 })
    func dayArithmeticAndWeekdayMatchFoundation(offset: Int) throws {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(secondsFromGMT: 0)!
        let start = Fixture.day("2026-03-17")
        let reference = gregorian.date(from: DateComponents(year: 2026, month: 3, day: 17))!
        let expected = gregorian.dateComponents(
            [.year, .month, .day, .weekday], from: gregorian.date(byAdding: .day, value: offset, to: reference)!)

        let moved = start.adding(days: offset)

        #expect([moved.year, moved.month, moved.day] as [Int?] == [expected.year, expected.month, expected.day])
        #expect(moved.weekday == expected.weekday)
        #expect(moved.adding(days: -offset) == start)
    }

    @Test func ordersChronologically() {
        let dates = ["2026-12-25", "2025-12-31", "2026-01-01", "2026-12-24", "2026-02-28"].map(Fixture.day)

        #expect(dates.sorted().map(\.iso) == ["2025-12-31", "2026-01-01", "2026-02-28", "2026-12-24", "2026-12-25"])
    }

    @Test func codesAsISOString() throws {
        let date = Fixture.day("2026-03-21")

        let json = try JSONEncoder().encode([date])
        let back = try JSONDecoder().decode([CivilDate].self, from: json)

        #expect(String(decoding: json, as: UTF8.self) == #"["2026-03-21"]"#)
        #expect(back == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }
}

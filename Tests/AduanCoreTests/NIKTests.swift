import Testing
@testable import AduanCore

@Suite("NIK")
struct NIKTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let raw: String
        let today: String
        let value: String
        let birthDate: String
        let sex: Sex
        var testDescription: String { raw }
    }

    @Test(arguments: [
        Valid(raw: "1310051203900001", today: "2026-06-01", value: "1310051203900001", birthDate: "1990-03-12", sex: .male),
        Valid(raw: "1310 0552 0390 0002", today: "2026-06-01", value: "1310055203900002", birthDate: "1990-03-12", sex: .female),
        Valid(raw: "13.10.05-010100-0003", today: "2026-06-01", value: "1310050101000003", birthDate: "2000-01-01", sex: .male),
        Valid(raw: "1310057112850004", today: "2026-06-01", value: "1310057112850004", birthDate: "1985-12-31", sex: .female),
        // 29 February 00 exists only as 2000-02-29.
        Valid(raw: "1310056902000005", today: "2026-06-01", value: "1310056902000005", birthDate: "2000-02-29", sex: .female),
        Valid(raw: "1310052902240006", today: "2026-06-01", value: "1310052902240006", birthDate: "2024-02-29", sex: .male),
        // Century: 20YY unless that is after today; born today is allowed.
        Valid(raw: "1310051505260007", today: "2026-05-15", value: "1310051505260007", birthDate: "2026-05-15", sex: .male),
        Valid(raw: "1310051605260008", today: "2026-05-15", value: "1310051605260008", birthDate: "1926-05-16", sex: .male),
        Valid(raw: "1310051507260009", today: "2026-05-15", value: "1310051507260009", birthDate: "1926-07-15", sex: .male),
        // Other provinces are welcome, including the new Papua provinces.
        Valid(raw: "3174 0412 0890 0010", today: "2026-06-01", value: "3174041208900010", birthDate: "1990-08-12", sex: .male),
        Valid(raw: "9601014107959999", today: "2026-06-01", value: "9601014107959999", birthDate: "1995-07-01", sex: .female),
    ])
    func acceptsRealNumbers(_ row: Valid) throws {
        let nik = try NIK(row.raw, today: Fixture.day(row.today))

        #expect(nik.value == row.value)
        #expect(nik.birthDate == Fixture.day(row.birthDate))
        #expect(nik.sex == row.sex)
        #expect(nik.provinceCode == String(row.value.prefix(2)))
        #expect(nik.regencyCode == String(row.value.prefix(4)))
        #expect(nik.districtCode == String(row.value.prefix(6)))
        #expect(nik.serial == String(row.value.suffix(4)))
    }

    @Test(arguments: [
        ("", NIKError.empty), ("   ", .empty), (" . - ", .empty),
        ("131005120390001", .notSixteenDigits), ("13100512039000011", .notSixteenDigits),
        ("13100512039000A1", .notSixteenDigits), ("1310051203900001x", .notSixteenDigits),
        ("١٣١٠٠٥١٢٠٣٩٠٠٠٠١", .notSixteenDigits), ("1310051203900001/", .notSixteenDigits),
        ("2010051203900001", .unknownProvince), ("0010051203900001", .unknownProvince),
        ("9710051203900001", .unknownProvince), ("3710051203900001", .unknownProvince),
        ("1300051203900001", .invalidRegion), ("1310001203900001", .invalidRegion),
        ("1310053102900001", .invalidBirthDate), ("1310057102900001", .invalidBirthDate),
        ("1310052902250001", .invalidBirthDate), ("1310056902010001", .invalidBirthDate),
        ("1310053203900001", .invalidBirthDate), ("1310054003900001", .invalidBirthDate),
        ("1310050003900001", .invalidBirthDate), ("1310057203900001", .invalidBirthDate),
        ("1310053104900001", .invalidBirthDate), ("1310051213900001", .invalidBirthDate),
        ("1310051200900001", .invalidBirthDate),
        ("1310051203900000", .zeroSerial),
    ])
    func refusesMistakes(raw: String, error: NIKError) {
        #expect(throws: error) { try NIK(raw, today: Fixture.day("2026-06-01")) }
    }

    /// 29-02-00 seen before 2000: 2000-02-29 is still in the future and 1900-02-29 never existed.
    @Test func refusesBirthDateThatExistsOnlyInTheFuture() {
        #expect(throws: NIKError.invalidBirthDate) { try NIK("1310052902000001", today: Fixture.day("1999-12-31")) }
    }

    @Test(arguments: 0...99)
    func knowsTheProvinceCodes(code: Int) {
        let provinces = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
                         61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96]
        let prefix = code < 10 ? "0\(code)" : "\(code)"

        let raw = prefix + "10051203900001"

        if provinces.contains(code) {
            #expect((try? NIK(raw, today: Fixture.day("2026-06-01")))?.provinceCode == prefix)
        } else {
            #expect(throws: NIKError.unknownProvince) { try NIK(raw, today: Fixture.day("2026-06-01")) }
        }
    }

    @Test(arguments: [("1310051203900001", "131005••••••••01"), ("3174 0412 0890 0010", "317404••••••••10")])
    func masksTheMiddle(raw: String, masked: String) throws {
        let nik = try NIK(raw, today: Fixture.day("2026-06-01"))

        #expect(nik.masked == masked)
        #expect(nik.description == masked)
        #expect(!"\(nik)".contains(nik.value))
    }

    @Test func errorsHaveDistinctKeys() {
        let keys = NIKError.allCases.map(\.messageKey)

        #expect(Set(keys).count == keys.count)
        #expect(NIKError.invalidBirthDate.messageKey == "validation.nik.birth_date")
        #expect(keys.allSatisfy { $0.hasPrefix("validation.nik.") })
    }
}

@Suite("KKNumber")
struct KKNumberTests {
    @Test(arguments: [
        ("1310012345678901", "1310012345678901"), ("1310 0123 4567 8901", "1310012345678901"),
        ("13.10.01-2345-678901", "1310012345678901"),
        // Lenient: only the province is checked.
        ("1300000000000000", "1300000000000000"), ("9600009999999999", "9600009999999999"),
    ])
    func accepts(raw: String, value: String) throws {
        let kk = try KKNumber(raw)

        #expect(kk.value == value)
        #expect(kk.masked == String(value.prefix(6)) + "••••••••" + String(value.suffix(2)))
        #expect(kk.description == kk.masked)
    }

    @Test(arguments: [
        ("", KKNumberError.empty), (" - ", .empty), ("131001234567890", .notSixteenDigits),
        ("13100123456789012", .notSixteenDigits), ("13100123456789O1", .notSixteenDigits),
        ("2010012345678901", .invalidRegion), ("0010012345678901", .invalidRegion),
        ("9910012345678901", .invalidRegion),
    ])
    func refuses(raw: String, error: KKNumberError) {
        #expect(throws: error) { try KKNumber(raw) }
    }
}

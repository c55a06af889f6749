import Foundation
import Testing
@testable import AduanCore

@Suite("PhoneNumber")
struct PhoneNumberTests {
    @Test(arguments: [
        ("0812 3456 7890", "6281234567890", "+62 812-3456-7890"),
        ("0812-3456-7890", "6281234567890", "+62 812-3456-7890"),
        ("081234567890", "6281234567890", "+62 812-3456-7890"),
        ("+62 812 3456 7890", "6281234567890", "+62 812-3456-7890"),
        ("+6281234567890", "6281234567890", "+62 812-3456-7890"),
        ("6281234567890", "6281234567890", "+62 812-3456-7890"),
        ("(0812) 3456 7890", "6281234567890", "+62 812-3456-7890"),
        ("+62 (812) 3456-7890", "6281234567890", "+62 812-3456-7890"),
        ("+62 0812 3456 7890", "6281234567890", "+62 812-3456-7890"),
        ("0062 812 3456 7890", "6281234567890", "+62 812-3456-7890"),
        ("812 3456 7890", "6281234567890", "+62 812-3456-7890"),
        ("  0812.3456.7890 ", "6281234567890", "+62 812-3456-7890"),
        ("0812 345 678", "62812345678", "+62 812-345-678"),
        ("0852 123 4567", "628521234567", "+62 852-123-4567"),
        ("0896 1234 5678 9", "62896123456789", "+62 896-1234-56789"),
    ])
    func normalisesMobileNumbers(raw: String, value: String, display: String) throws {
        let phone = try PhoneNumber(raw)

        #expect(phone.value == value)
        #expect(phone.display == display)
        #expect(phone.whatsappLink == "https://wa.me/" + value)
        #expect(try PhoneNumber(phone.display) == phone)
    }

    @Test(arguments: [
        ("", PhoneNumberError.empty), ("   ", .empty), ("( ) -", .empty), ("+", .empty),
        ("0812 3456 789O", .invalidCharacters), ("0812-3456-7890 ext 1", .invalidCharacters),
        ("62+81234567890", .invalidCharacters), ("wa 081234567890", .invalidCharacters),
        ("0812 3456 7890 #", .invalidCharacters),
        ("0754 71234", .landline), ("(021) 555-1234", .landline), ("+62 21 555 1234", .landline),
        ("0751 123456", .landline), ("061 4567890", .landline), ("62 911 312345", .landline),
        ("+1 415 555 0100", .notMobile), ("+65 8123 4567", .notMobile), ("0800 1 234 567", .notMobile),
        ("0809 123 4567", .notMobile), ("112", .notMobile), ("0 0812 3456 7890", .notMobile),
        ("0812 345 67", .wrongLength), ("0812 3456 7890 12", .wrongLength), ("+62", .wrongLength),
        ("08", .wrongLength), ("62", .wrongLength),
    ])
    func refuses(raw: String, error: PhoneNumberError) {
        #expect(throws: error) { try PhoneNumber(raw) }
    }

    @Test func codesAsDigits() throws {
        let phone = try PhoneNumber("0812 3456 7890")

        let json = try JSONEncoder().encode([phone])

        #expect(String(decoding: json, as: UTF8.self) == #"["6281234567890"]"#)
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: json) == [phone])
    }
}

@Suite("EmailAddress")
struct EmailAddressTests {
    static let longestLocalPart = String(repeating: "a", count: 64) + "@example.com"
    static let tooLongLocalPart = String(repeating: "a", count: 65) + "@example.com"
    static let tooLongLabel = "a@" + String(repeating: "b", count: 64) + ".com"
    static let tooLongAddress = "a@" + Array(repeating: String(repeating: "b", count: 60), count: 5).joined(separator: ".") + ".com"

    @Test(arguments: [
        ("warga@example.com", "warga@example.com"),
        ("  Budi.Santoso+aduan@Gmail.COM ", "Budi.Santoso+aduan@gmail.com"),
        ("a@b.co", "a@b.co"),
        ("x_y-z@disdukcapil.dharmasrayakab.go.id", "x_y-z@disdukcapil.dharmasrayakab.go.id"),
        ("o'neil@example.org", "o'neil@example.org"),
        ("warga123@mail-server.example.id", "warga123@mail-server.example.id"),
        (longestLocalPart, longestLocalPart),
    ] as [(String, String)])
    func accepts(raw: String, value: String) throws {
        #expect(try EmailAddress(raw).value == value)
    }

    @Test(arguments: [
        ("", EmailAddressError.empty), ("  \n", .empty),
        ("warga", .invalid), ("warga@", .invalid), ("@example.com", .invalid), ("a@@example.com", .invalid),
        ("a@b@example.com", .invalid), ("warga@example", .invalid), (".warga@example.com", .invalid),
        ("warga.@example.com", .invalid), ("war..ga@example.com", .invalid), ("warga@-example.com", .invalid),
        ("warga@example-.com", .invalid), ("warga@example.c", .invalid), ("warga@example.c0m", .invalid),
        ("warga@exa mple.com", .invalid), ("wa rga@example.com", .invalid), ("warga@example..com", .invalid),
        ("warga@.example.com", .invalid), ("warga@example.com.", .invalid), ("wärga@example.com", .invalid),
        ("warga@exämple.com", .invalid), ("warga(at)example.com", .invalid), ("warga@example.com,", .invalid),
        (tooLongLocalPart, .invalid), (tooLongLabel, .invalid), (tooLongAddress, .invalid),
    ] as [(String, EmailAddressError)])
    func refuses(raw: String, error: EmailAddressError) {
        #expect(throws: error) { try EmailAddress(raw) }
    }
}

import AduanCore
import Foundation
import Testing
@testable import App

@Suite("Message catalogue")
struct CatalogueTests {
    static let catalogue = try! MessageCatalogue(directory: ResourceLocator.locate().locales)

    @Test("Indonesian and English have exactly the same keys")
    func sameKeys() {
        let id = Self.catalogue.keys(.id)
        let en = Self.catalogue.keys(.en)
        #expect(id.subtracting(en).isEmpty, "only in id.json: \(id.subtracting(en).sorted())")
        #expect(en.subtracting(id).isEmpty, "only in en.json: \(en.subtracting(id).sorted())")
        #expect(id.count > 100)
    }

    /// Every key the domain can return, so that no citizen ever sees a raw key.
    static let domainKeys: [String] =
        NIKError.allCases.map(\.messageKey) + KKNumberError.allCases.map(\.messageKey)
        + PhoneNumberError.allCases.map(\.messageKey) + EmailAddressError.allCases.map(\.messageKey)
        + TrackingCodeError.allCases.map(\.messageKey)
        + [DocumentError.empty, .unsupportedType, .damaged, .imageTooLarge].map(\.messageKey)
        + [LifecycleError.notAllowedInStatus(.resolve, .closed).messageKey, LifecycleError.notAllowedForRole(.resolve, .citizen).messageKey]
        + ComplaintStatus.allCases.map(\.messageKey) + SLAState.allCases.map(\.messageKey)
        + ComplaintChannel.allCases.map(\.messageKey) + Classification.allCases.map(\.messageKey)
        + AttachmentKind.allCases.map(\.messageKey)
        + ComplaintAction.allCases.map { "event.\($0.rawValue)" }
        + SubmissionField.allCases.map { "form.\($0.rawValue).label" }
        + StaffRole.allCases.map(\.messageKey)

    @Test("every key the domain returns has a text", arguments: domainKeys)
    func domainKeyExists(key: String) {
        #expect(Self.catalogue.keys(.id).contains(key))
    }

    /// The keys written in Swift as literals ("validation.name.required", …) and in templates (t.form.nik.label).
    @Test("every key used in the code and templates exists")
    func usedKeysExist() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        let known = Self.catalogue.keys(.id)
        let groups = Set(known.map { String($0.split(separator: ".")[0]) })
        var missing: [String] = []
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
        for file in files where file.hasSuffix(".swift") || file.hasSuffix(".leaf") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            if file.hasSuffix(".leaf") {
                for match in text.matches(of: /#\(t\.([a-z0-9_.]+)\)/) where !known.contains(String(match.1)) {
                    missing.append("\(file): \(match.1)")
                }
            } else {
                // A literal that looks like a key of one of the catalogue's groups ("validation.nik.empty").
                for match in text.matches(of: /"([a-z_]+(?:\.[a-z0-9_]+)+)"/)
                    where groups.contains(String(match.1.split(separator: ".")[0])) && !known.contains(String(match.1)) {
                    missing.append("\(file): \(match.1)")
                }
            }
        }
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test("placeholders are filled")
    func placeholders() {
        #expect(Self.catalogue.text("upload.too_large", .id, ["max": "10 MB"]).contains("maksimal 10 MB"))
        #expect(Self.catalogue.text("no.such.key", .id) == "no.such.key")
    }
}

@Suite("Configuration")
struct ConfigTests {
    @Test("defaults run the embedded setup for Disdukcapil Dharmasraya")
    func defaults() throws {
        let config = try AppConfig(environment: [:], workingDirectory: "/srv/aduan")
        #expect(config.dataDirectory == "/srv/aduan/data")
        #expect(config.database == .sqlite(path: "/srv/aduan/data/aduan.sqlite"))
        #expect(config.maxFileBytes == 10 * 1_048_576)
        #expect(config.maxComplaintBytes == 25 * 1_048_576)
        #expect(config.office.shortName == "Disdukcapil Dharmasraya")
        #expect(config.office.regencyCode == "13.10")
        #expect(WorkingCalendar.zoneAbbreviation(for: config.timeZone) == "WIB")
    }

    @Test("another office runs by configuration alone")
    func otherOffice() throws {
        let config = try AppConfig(environment: [
            "ADUAN_OFFICE_NAME": "Dinas Kependudukan dan Pencatatan Sipil Kota Makassar",
            "ADUAN_OFFICE_SHORT_NAME": "Disdukcapil Makassar", "ADUAN_OFFICE_REGENCY_CODE": "73.71",
            "ADUAN_TIMEZONE": "Asia/Makassar", "ADUAN_OFFICE_WHATSAPP": "0811-4444-5555",
            "DATABASE_URL": "postgres://aduan:secret@db.internal:5432/aduan",
        ])
        #expect(config.office.shortName == "Disdukcapil Makassar")
        #expect(WorkingCalendar.zoneAbbreviation(for: config.timeZone) == "WITA")
        #expect(config.office.whatsapp?.value == "6281144445555")
        #expect(config.database == .postgres(url: "postgres://aduan:secret@db.internal:5432/aduan"))
    }

    @Test("a malformed setting stops the start and names the variable", arguments: [
        ("ADUAN_MAX_FILE_MB", "sepuluh"), ("ADUAN_MAX_COMPLAINT_MB", "0"), ("ADUAN_TIMEZONE", "Mars/Olympus"),
        ("DATABASE_URL", "mysql://localhost/aduan"), ("ADUAN_SECURE_COOKIES", "maybe"), ("ADUAN_OFFICE_WHATSAPP", "0754 71234"),
    ])
    func malformedSetting(variable: String, value: String) {
        #expect {
            try AppConfig(environment: [variable: value])
        } throws: { error in
            (error as? AppConfig.Error)?.variable == variable
        }
    }
}

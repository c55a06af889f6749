import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("The console: entering a complaint received elsewhere")
struct ConsoleEntryTests {
    func submit(_ aduan: TestAduan, _ browser: ConsoleBrowser, _ form: MultipartBuilder) async throws -> (HTTPStatus, String, String?) {
        var form = form
        form.field("_csrf", browser.csrf)
        var result: (HTTPStatus, String, String?) = (.ok, "", nil)
        var headers = form.headers
        headers.replaceOrAdd(name: .cookie, value: browser.cookie)
        try await aduan.app.testing().test(.POST, "/petugas/pengaduan-baru", headers: headers, body: form.build()) { response in
            result = (response.status, response.body.string, response.headers.first(name: .location))
        }
        return result
    }

    @Test("an SP4N-LAPOR! complaint with its tracking id, consent given in person, identity partly unknown", arguments: TestDatabase.available)
    func entersLaporComplaint(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            var form = Fixture.complaintForm(overriding: ["consent": "true"], omitting: ["nik", "kk_number", "email"], kkPhoto: nil, ktpPhoto: nil, documents: [])
            form.field("channel", "lapor")
            form.field("channel_reference", "LAPOR-2611-00123")
            let (status, _, location) = try await submit(aduan, browser, form)
            #expect(status == .seeOther)
            let code = try #require(location?.firstMatch(of: /\/petugas\/pengaduan\/([A-Z0-9]{14})\?ok=submit/)?.1).description
            let complaint = try await aduan.complaint(code)
            #expect(complaint.channel == .lapor)
            #expect(complaint.channelReference == "LAPOR-2611-00123")
            #expect(complaint.consentMethod == "in_person")
            #expect(complaint.nik == nil)
            #expect(complaint.enteredByUserID != nil)
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .complaintEntered).count() == 1)
        }
    }

    @Test("the same checks as the public form; the reference is asked for social media and SP4N-LAPOR!")
    func refusals() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            try await aduan.createUser("budi", role: .pengelola)
            try await aduan.createUser("capil1", role: .bidang, unit: "capil")
            let browser = try await aduan.signIn("budi")
            var form = Fixture.complaintForm(overriding: ["nik": "1234"], kkPhoto: nil, ktpPhoto: nil, documents: [])
            form.field("channel", "instagram")
            let (status, html, _) = try await submit(aduan, browser, form)
            #expect(status == .unprocessableEntity)
            #expect(html.contains("NIK harus 16 angka"))
            #expect(html.contains("id=\"field-channel_reference\""))
            #expect(html.contains("value=\"\(Fixture.name)\""))
            #expect(try await Complaint.query(on: aduan.app.db).count() == 0)

            let unit = try await aduan.signIn("capil1")
            try await aduan.app.testing().test(.GET, "/petugas/pengaduan-baru", headers: unit.headers) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}

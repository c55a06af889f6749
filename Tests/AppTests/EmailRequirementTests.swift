import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// The web form follows the service standard: an e-mail address is required there (and on the citizen
/// API, the same intake) unless `ADUAN_EMAIL_REQUIRED=false`; complaints entered by officers never need one.
@Suite("The e-mail address on the citizen's form")
struct EmailRequirementTests {
    static let relaxed = ["ADUAN_EMAIL_REQUIRED": "false"]
    static let required = "Alamat email wajib diisi"

    struct ErrorBody: Decodable {
        struct Detail: Decodable { let fields: [String: String]? }
        let error: Detail
    }

    func page(_ aduan: TestAduan, _ path: String, headers: HTTPHeaders = [:]) async throws -> String {
        var html = ""
        try await aduan.app.testing().test(.GET, path, headers: headers) { response in
            #expect(response.status == .ok)
            html = response.body.string
        }
        return html
    }

    /// The `<input>` of the e-mail field.
    func emailInput(_ html: String) throws -> String {
        try #require(html.firstMatch(of: /<input id="email" name="email"[^>]*>/).map { String($0.0) })
    }

    @Test("by default the web form refuses a complaint without e-mail, beside the field, and marks the field required", arguments: TestDatabase.available)
    func requiredByDefault(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let form = try await page(aduan, "/pengaduan/baru")
            #expect(try emailInput(form).contains(" required "))
            let label = try #require(form.firstMatch(of: /<label for="email">[^\n]*<\/label>/).map { String($0.0) })
            #expect(label == "<label for=\"email\">Email <abbr title=\"wajib\">*</abbr></label>", "\(label)")

            let without = Fixture.complaintForm(omitting: ["email"])
            try await aduan.app.testing().test(.POST, "/pengaduan", headers: without.headers, body: without.build()) { response in
                #expect(response.status == .unprocessableEntity)
                let html = response.body.string
                #expect(html.contains("id=\"email-error\">\(Self.required)"))
                #expect(html.contains("href=\"#field-email\""))
            }
            #expect(try await Complaint.query(on: aduan.app.db).count() == 0)

            // The home page lists it as a requirement, without "(jika ada)".
            let home = try await page(aduan, "/")
            #expect(home.contains("<li id=\"requirement-email\">Alamat email</li>"))
        }
    }

    @Test("the citizen API is the same intake: 422 naming the e-mail field")
    func requiredOnCitizenAPI() async throws {
        try await withAduan { aduan in
            let without = Fixture.complaintForm(omitting: ["email"])
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: without.headers, body: without.build()) { response in
                #expect(response.status == .unprocessableEntity)
                let body = try response.content.decode(ErrorBody.self)
                #expect(body.error.fields?["email"]?.hasPrefix(Self.required) == true)
                #expect(body.error.fields?.count == 1)
            }
            #expect(try await aduan.fileComplaint() != "", "with an e-mail it is filed")
        }
    }

    @Test("with ADUAN_EMAIL_REQUIRED=false the form takes a complaint without e-mail, and the pages say it is optional")
    func relaxedByTheOffice() async throws {
        try await withAduan(environment: Self.relaxed) { aduan in
            let form = try await page(aduan, "/pengaduan/baru")
            #expect(!(try emailInput(form).contains(" required")))
            #expect(form.contains("<label for=\"email\">Email <span class=\"optional\">"))

            let without = Fixture.complaintForm(omitting: ["email"])
            try await aduan.app.testing().test(.POST, "/pengaduan", headers: without.headers, body: without.build()) { response in
                #expect(response.status == .seeOther, "\(response.body.string.prefix(300))")
            }
            _ = try await aduan.fileComplaint(Fixture.complaintForm(omitting: ["email"]))
            #expect(try await Complaint.query(on: aduan.app.db).filter(\.$email == nil).count() == 2)

            let home = try await page(aduan, "/")
            #expect(home.contains("<li id=\"requirement-email\">Alamat email (jika ada)</li>"))
        }
    }

    @Test("complaints entered by officers never need an e-mail, whatever the setting", arguments: TestDatabase.available)
    func neverForOfficers(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            #expect(aduan.app.aduan.config.emailRequired)
            // The staff API.
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            let entry = StaffAPITests.entryForm(channel: "telepon")
            try await aduan.app.testing().test(.POST, "/api/v1/staff/complaints", headers: entry.headers.adding(bearer(officer)), body: entry.build()) { response in
                #expect(response.status == .created, "\(response.body.string)")
            }
            // The console's entry form: the field is optional there.
            try await aduan.createUser("sari", role: .pengelola)
            let browser = try await aduan.signIn("sari")
            let html = try await page(aduan, "/petugas/pengaduan-baru", headers: browser.headers)
            #expect(!(try emailInput(html).contains(" required")))
            var form = Fixture.complaintForm(omitting: ["email"], kkPhoto: nil, ktpPhoto: nil, documents: [])
            form.field("channel", "langsung")
            form.field("_csrf", browser.csrf)
            try await aduan.app.testing().test(.POST, "/petugas/pengaduan-baru", headers: form.headers.adding(browser.headers), body: form.build()) { response in
                #expect(response.status == .seeOther, "\(response.body.string.prefix(300))")
            }
            #expect(try await Complaint.query(on: aduan.app.db).filter(\.$email == nil).count() == 2)
        }
    }

    @Test("the setting defaults to required, and a malformed value stops the start naming the variable")
    func setting() throws {
        #expect(try AppConfig(environment: [:]).emailRequired)
        #expect(try AppConfig(environment: Self.relaxed).emailRequired == false)
        #expect {
            try AppConfig(environment: ["ADUAN_EMAIL_REQUIRED": "kadang"])
        } throws: { error in
            (error as? AppConfig.Error)?.variable == "ADUAN_EMAIL_REQUIRED"
        }
    }
}

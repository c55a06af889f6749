import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("The console's complaint page and actions")
struct ConsoleComplaintTests {
    func post(_ aduan: TestAduan, _ browser: ConsoleBrowser, _ path: String, _ fields: [String: String], expect status: HTTPStatus) async throws -> String {
        var body = ""
        try await aduan.app.testing().test(.POST, path, headers: browser.headers, beforeRequest: { request in
            try request.content.encode(fields.merging(["_csrf": browser.csrf]) { a, _ in a }, as: .urlEncodedForm)
        }, afterResponse: { response in
            #expect(response.status == status, "\(path) \(fields): \(response.body.string.prefix(300))")
            body = response.body.string
        })
        return body
    }

    func page(_ aduan: TestAduan, _ browser: ConsoleBrowser, _ path: String) async throws -> (HTTPStatus, String) {
        var result: (HTTPStatus, String) = (.ok, "")
        try await aduan.app.testing().test(.GET, path, headers: browser.headers) { response in
            result = (response.status, response.body.string)
        }
        return result
    }

    @Test("an officer reads the complaint with the NIK masked, reveals it (recorded), replies, and the citizen sees the reply", arguments: TestDatabase.available)
    func replyReachesCitizen(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let path = "/petugas/pengaduan/\(code)"

            let (status, html) = try await page(aduan, browser, path)
            #expect(status == .ok)
            #expect(html.contains("131005••••••••01"))
            #expect(!html.contains(Fixture.nik))
            #expect(html.contains("Sisa 1 hari kerja"))
            #expect(html.contains("<img src=\"/petugas/pengaduan/\(code)/dokumen/"))

            let revealed = try await post(aduan, browser, "\(path)/identitas", [:], expect: .ok)
            #expect(revealed.contains(Fixture.nik))
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .identityRevealed).count() == 1)

            _ = try await post(aduan, browser, "\(path)/tindakan", ["type": "note", "message": "Cek di SIAK dulu."], expect: .seeOther)
            _ = try await post(aduan, browser, "\(path)/tindakan", ["type": "reply", "message": "KTP-el Anda sedang dicetak ulang."], expect: .seeOther)

            let token = try await aduan.accessToken(code)
            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)", headers: ["Authorization": "Bearer \(token)"]) { response in
                let view = try response.content.decode(CitizenAPITests.View.self)
                let messages = view.conversation?.compactMap(\.message) ?? []
                #expect(messages.contains("KTP-el Anda sedang dicetak ulang."))
                #expect(!messages.contains("Cek di SIAK dulu."))
                #expect(!view.timeline.map(\.type).contains("note"))
                #expect(view.status == "in_progress")
                #expect(view.deadline.kind == "resolution")
            }
        }
    }

    @Test("a reply without text is refused beside the form, and an action the status does not allow is 409")
    func refusals() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let path = "/petugas/pengaduan/\(code)/tindakan"
            let empty = try await post(aduan, browser, path, ["type": "reply", "message": "  "], expect: .unprocessableEntity)
            #expect(empty.contains("Tulis pesan untuk tindakan ini"))
            _ = try await post(aduan, browser, path, ["type": "reopen", "message": ""], expect: .conflict)
            _ = try await post(aduan, browser, path, ["type": "forward", "unit": "tidak-ada"], expect: .unprocessableEntity)
        }
    }

    @Test("forwarded to a unit: its staff are told, see it, and act; other units get 404", arguments: TestDatabase.available)
    func forwardToUnit(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.createUser("budi", role: .pengelola)
            try await aduan.createUser("dafduk1", role: .bidang, unit: "dafduk")
            try await aduan.createUser("capil1", role: .bidang, unit: "capil")
            let officer = try await aduan.signIn("budi")
            let dafduk = try await aduan.signIn("dafduk1")
            let capil = try await aduan.signIn("capil1")
            let path = "/petugas/pengaduan/\(code)"

            #expect(try await page(aduan, dafduk, path).0 == .notFound)
            _ = try await post(aduan, officer, "\(path)/tindakan", ["type": "forward", "unit": "dafduk", "message": "Mohon dicek perekaman."], expect: .seeOther)

            let (status, html) = try await page(aduan, dafduk, path)
            #expect(status == .ok)
            #expect(html.contains("Mohon dicek perekaman."))
            #expect(html.contains("id=\"bell-count\">1<"))
            #expect(try await page(aduan, capil, path).0 == .notFound)
            // A unit cannot forward further nor reject, but can resolve.
            #expect(!html.contains("id=\"action-forward\""))
            _ = try await post(aduan, dafduk, "\(path)/tindakan", ["type": "resolve", "message": "Sudah diperbaiki di SIAK."], expect: .seeOther)
            #expect(try await aduan.complaint(code).status == .resolved)
        }
    }

    @Test("a confidential complainant's identity never shows to a unit")
    func confidentialIdentity() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["confidential": "true"]))
            try await aduan.act(.forward, on: try await aduan.complaint(code)) { $0.unitCode = "capil" }
            try await aduan.createUser("capil1", role: .bidang, unit: "capil")
            let capil = try await aduan.signIn("capil1")
            let (status, html) = try await page(aduan, capil, "/petugas/pengaduan/\(code)")
            #expect(status == .ok)
            #expect(html.contains("id=\"identity-hidden\""))
            for secret in [Fixture.name, "131005", Fixture.email, "812-3456"] {
                #expect(!html.contains(secret), "\(secret) must not show")
            }
            #expect(!html.contains("foto-kk.jpg"))
            let kk = try #require(try await Attachment.query(on: aduan.app.db).filter(\.$kind == .kkPhoto).first())
            #expect(try await page(aduan, capil, "/petugas/pengaduan/\(code)/dokumen/\(kk.id!.uuidString)").0 == .notFound)
            _ = try await post(aduan, capil, "/petugas/pengaduan/\(code)/identitas", [:], expect: .forbidden)
        }
    }

    @Test("likely duplicates: the same NIK or phone and the same service")
    func duplicates() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let first = try await aduan.fileComplaint()
            let second = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 9999 0000"]))
            _ = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["service": "kk"]))
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let (_, html) = try await page(aduan, browser, "/petugas/pengaduan/\(second)")
            #expect(html.contains("id=\"duplicates\""))
            #expect(html.contains(try TrackingCode(first).display))
            #expect(html.components(separatedBy: "/petugas/pengaduan/").count - 1 >= 1)
            _ = try await post(aduan, browser, "/petugas/pengaduan/\(second)/tindakan", ["type": "merge", "merge_into": first], expect: .seeOther)
            #expect(try await aduan.complaint(second).status == .closed)
            #expect(try await aduan.complaint(second).mergedIntoID == (try await aduan.complaint(first)).id)
        }
    }

    @Test("the bell lists notifications and opening it marks them read")
    func bell() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.createUser("dafduk1", role: .bidang, unit: "dafduk")
            try await aduan.act(.forward, on: try await aduan.complaint(code)) { $0.unitCode = "dafduk" }
            let browser = try await aduan.signIn("dafduk1")
            let (_, html) = try await page(aduan, browser, "/petugas/notifikasi")
            #expect(html.contains("diteruskan ke bidang Anda"))
            #expect(html.contains("class=\"unread\""))
            let (_, again) = try await page(aduan, browser, "/petugas/notifikasi")
            #expect(!again.contains("class=\"unread\""))
            #expect(!again.contains("id=\"bell-count\""))
        }
    }
}

@Suite("Empty lists in console pages")
struct ConsoleEmptyListTests {
    @Test("no canned replies: no picker; one: the picker offers it. The calendar shows no import errors before an import")
    func emptyLists() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let admin = try await aduan.signInAdmin()
            let (_, before) = try await aduan.get("/petugas/pengaduan/\(code)", as: admin)
            #expect(!before.contains("canned-select"))
            try await CannedReply(title: "Cetak ulang", body: "KTP-el Anda sedang dicetak ulang.").create(on: aduan.app.db)
            let (_, after) = try await aduan.get("/petugas/pengaduan/\(code)", as: admin)
            #expect(after.contains("canned-select"))
            #expect(after.contains("KTP-el Anda sedang dicetak ulang."))

            let (status, calendar) = try await aduan.get("/petugas/admin/kalender?tahun=2026", as: admin)
            #expect(status == .ok)
            #expect(calendar.contains("Isra Mikraj"))
            #expect(!calendar.contains("id=\"import-errors\""))
            let (_, empty) = try await aduan.get("/petugas/admin/kalender?tahun=2030", as: admin)
            #expect(!empty.contains("<table class=\"admin-table\">"))
        }
    }
}

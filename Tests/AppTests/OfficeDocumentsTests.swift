import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// The product of the service reaches the citizen: officers attach files to a reply, a request for
/// information or the resolution (console and staff API, through the same inspection as uploads), and
/// the citizen downloads them after the second proof, every download audited.
@Suite("The office's documents for the citizen")
struct OfficeDocumentsTests {
    /// A PDF as the office's systems produce it (an SKPWNI with its electronic signature, in spirit).
    static let skpwni = Array("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Title (SKPWNI) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
    /// A web page dressed up as a PDF by its name.
    static let htmlAsPDF = Array("<!DOCTYPE html><html><body><script>alert(1)</script>SKPWNI</body></html>".utf8)

    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }

    struct CreatedEvent: Decodable {
        let id: UUID
        let type: String
        let to_status: String
        let documents: [UUID]
    }

    // MARK: Helpers

    func actionForm(_ browser: ConsoleBrowser, _ fields: [String: String], files: [(String, [UInt8])]) -> MultipartBuilder {
        var form = MultipartBuilder()
        form.field("_csrf", browser.csrf)
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) { form.field(key, value) }
        for (name, bytes) in files { form.file("documents", filename: name, contentType: "application/pdf", bytes) }
        return form
    }

    /// Posts the console's action form as the page sends it (multipart, with its CSRF token).
    func consoleAct(_ aduan: TestAduan, _ browser: ConsoleBrowser, _ code: String, _ fields: [String: String],
                    files: [(String, [UInt8])] = [], expect status: HTTPStatus) async throws -> String {
        let form = actionForm(browser, fields, files: files)
        var body = ""
        try await aduan.app.testing().test(.POST, "/petugas/pengaduan/\(code)/tindakan", headers: form.headers.adding(browser.headers), body: form.build()) { response in
            #expect(response.status == status, "\(fields): \(response.body.string.prefix(300))")
            body = response.body.string
        }
        return body
    }

    func apiAct(_ aduan: TestAduan, _ token: String, _ code: String, _ fields: [String: String], files: [(String, [UInt8])] = [],
                _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        var form = MultipartBuilder()
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) { form.field(key, value) }
        for (name, bytes) in files { form.file("documents", filename: name, contentType: "application/pdf", bytes) }
        try await aduan.app.testing().test(.POST, "/api/v1/staff/complaints/\(code)/events", headers: form.headers.adding(bearer(token)),
                                           body: form.build(), afterResponse: check)
    }

    /// The follow page's access cookie, from the second proof.
    func followCookie(_ aduan: TestAduan, _ code: String) async throws -> String {
        var cookie = ""
        try await aduan.app.testing().test(.POST, "/lacak/\(code)/akses", beforeRequest: { request in
            try request.content.encode(["proof": Fixture.phone], as: .urlEncodedForm)
        }, afterResponse: { response in
            try #require(response.status == .seeOther)
            cookie = try #require(response.headers.cookie(named: FollowController.accessCookie))
        })
        return cookie
    }

    func page(_ aduan: TestAduan, _ path: String, headers: HTTPHeaders = [:]) async throws -> (HTTPStatus, String) {
        var result: (HTTPStatus, String) = (.internalServerError, "")
        try await aduan.app.testing().test(.GET, path, headers: headers) { response in
            result = (response.status, response.body.string)
        }
        return result
    }

    func officeDocuments(_ aduan: TestAduan) async throws -> [App.Attachment] {
        try await App.Attachment.query(on: aduan.app.db).filter(\.$kind == .officeDocument).all()
    }

    func audits(_ aduan: TestAduan, _ action: AuditEntry.Action) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: aduan.app.db).filter(\.$action == action).sort(\.$at).all()
    }

    // MARK: Console

    @Test("an officer resolves with a PDF from the console; the citizen downloads it only after the second proof, each download audited",
          arguments: TestDatabase.available)
    func consoleResolveReachesCitizen(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let budi = try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")

            // The page offers a file input on the resolution and the reply, not on the note.
            let (_, html) = try await page(aduan, "/petugas/pengaduan/\(code)", headers: browser.headers)
            #expect(html.contains("id=\"action-resolve\" enctype=\"multipart/form-data\""))
            #expect(html.contains("id=\"documents-resolve\" name=\"documents\" type=\"file\" multiple accept=\"application/pdf,image/jpeg,image/png,image/heic"))
            #expect(html.contains("id=\"documents-reply\""))
            #expect(!html.contains("id=\"documents-note\""))

            _ = try await consoleAct(aduan, browser, code, ["type": "resolve", "message": "SKPWNI Anda terlampir, silakan dicetak."],
                                     files: [("SKPWNI-Siti.pdf", Self.skpwni)], expect: .seeOther)

            let complaint = try await aduan.complaint(code)
            #expect(complaint.status == .resolved)
            let attachment = try #require(try await officeDocuments(aduan).first)
            let event = try #require(try await ComplaintEvent.query(on: aduan.app.db).filter(\.$action == .resolve).first())
            #expect(attachment.$event.id == event.id)
            #expect(attachment.$complaint.id == complaint.id)
            #expect(attachment.uploadedBy == .pengelola)
            #expect(attachment.originalName == "SKPWNI-Siti.pdf")
            #expect(attachment.contentType == .pdf)
            #expect([UInt8](try aduan.app.aduan.store.read(attachment.sha256)) == Self.skpwni)
            let link = SitePaths.followDocument(code, try attachment.requireID())

            // Before the second proof: the timeline says a document waits, never its name; the file is refused.
            let (_, before) = try await page(aduan, "/lacak/\(code)")
            #expect(before.contains("class=\"small office-documents-waiting\">Ada 1 dokumen dari kantor"))
            #expect(!before.contains("SKPWNI-Siti.pdf"))
            #expect(try await page(aduan, link).0 == .forbidden)
            #expect(try await audits(aduan, .documentDownloaded).isEmpty)

            // After it: listed under the resolution in the conversation, downloaded as a file.
            let cookie = try await followCookie(aduan, code)
            let (_, after) = try await page(aduan, "/lacak/\(code)", headers: ["Cookie": cookie])
            let conversation = try #require(after.firstRange(of: "id=\"conversation\"").map { String(after[$0.lowerBound...]) })
            let resolution = try #require(conversation.firstRange(of: "SKPWNI Anda terlampir").map { String(conversation[$0.lowerBound...]) })
            #expect(resolution.prefix(600).contains("href=\"\(link)\""), "the file is under the event that carried it")
            #expect(after.contains("Dokumen dari kantor"))
            for _ in 0..<2 {
                try await aduan.app.testing().test(.GET, link, headers: ["Cookie": cookie]) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers.contentType == .pdf)
                    #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
                    #expect([UInt8](response.body.readableBytesView) == Self.skpwni)
                }
            }

            // Every download is recorded, with the document and who took it; the staff's view too.
            let downloads = try await audits(aduan, .documentDownloaded)
            #expect(downloads.count == 2)
            #expect(downloads.allSatisfy {
                $0.detail == attachment.id?.uuidString && $0.actorRole == .citizen && $0.actorName == Fixture.name && $0.complaintID == complaint.id
            })
            let viewsBefore = try await audits(aduan, .documentViewed).count
            #expect(try await page(aduan, SitePaths.consoleDocument(code, try attachment.requireID()), headers: browser.headers).0 == .ok)
            let views = try await audits(aduan, .documentViewed)
            #expect(views.count == viewsBefore + 1)
            #expect(views.last?.actorUserID == budi.id && views.last?.detail == attachment.id?.uuidString)
        }
    }

    // MARK: Staff API

    @Test("an officer resolves with a PDF through the staff API; the citizen API lists it and downloads it with the access token",
          arguments: TestDatabase.available)
    func apiResolveReachesCitizen(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let officer = try await aduan.staffToken("budi", role: .pengelola)

            var created: CreatedEvent?
            try await apiAct(aduan, officer, code, ["type": "resolve", "message": "Surat keterangan terlampir."],
                             files: [("surat-keterangan.pdf", Self.skpwni), ("kk-baru.pdf", Fixture.pdf + [0x0A, 0x0A])]) { response in
                #expect(response.status == .created, "\(response.body.string)")
                created = try response.content.decode(CreatedEvent.self)
            }
            let event = try #require(created)
            #expect(event.type == "resolve" && event.to_status == "resolved")
            let stored = try await officeDocuments(aduan)
            #expect(Set(event.documents) == Set(stored.compactMap(\.id)))
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { $0.$event.id == event.id && $0.uploadedBy == .pengelola })

            // The citizen's API: the document URL needs the token of the second proof.
            let document = try #require(stored.first { $0.originalName == "surat-keterangan.pdf" })
            let url = SitePaths.apiDocument(code, try document.requireID())
            try await aduan.app.testing().test(.GET, url) { response in
                #expect(response.status == .unauthorized)
            }
            #expect(try await audits(aduan, .documentDownloaded).isEmpty)

            let token = try await aduan.accessToken(code)
            let view = try await aduan.citizenView(code, token: token)
            let resolution = try #require(view.conversation?.first { $0.type == "resolve" })
            #expect(resolution.author == "office")
            #expect(Set(resolution.documents) == Set(event.documents))
            let listed = try #require(view.documents?.first { $0.id == document.id })
            #expect(listed.kind == "office_document" && listed.url == url && listed.content_type == "application/pdf")
            try await aduan.app.testing().test(.GET, url, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                #expect([UInt8](response.body.readableBytesView) == Self.skpwni)
            }
            let downloads = try await audits(aduan, .documentDownloaded)
            #expect(downloads.count == 1)
            #expect(downloads.first?.detail == document.id?.uuidString && downloads.first?.actorRole == .citizen)

            // The office opens it through its API: recorded as a view by that officer.
            try await aduan.app.testing().test(.GET, SitePaths.staffAPIDocument(code, try document.requireID()), headers: bearer(officer)) { response in
                #expect(response.status == .ok)
            }
            let view2 = try #require(try await audits(aduan, .documentViewed).last)
            #expect(view2.actorName == "budi" && view2.detail == document.id?.uuidString)
        }
    }

    @Test("a unit attaches only to a complaint forwarded to it: another unit gets 404 and nothing is kept", arguments: TestDatabase.available)
    func otherUnitCannotAttach(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.act(.forward, "Mohon diperbaiki.", on: try await aduan.complaint(code)) { $0.unitCode = "dafduk" }
            let capil = try await aduan.staffToken("capil1", role: .bidang, unit: "capil")
            try await aduan.createUser("capil2", role: .bidang, unit: "capil")
            let capilBrowser = try await aduan.signIn("capil2")
            let dafduk = try await aduan.staffToken("dafduk1", role: .bidang, unit: "dafduk")
            let eventsBefore = try await ComplaintEvent.query(on: aduan.app.db).count()

            try await apiAct(aduan, capil, code, ["type": "resolve", "message": "KK sudah diperbaiki."], files: [("kk.pdf", Self.skpwni)]) { response in
                #expect(response.status == .notFound)
            }
            _ = try await consoleAct(aduan, capilBrowser, code, ["type": "resolve", "message": "KK sudah diperbaiki."],
                                     files: [("kk.pdf", Self.skpwni)], expect: .notFound)
            #expect(try await officeDocuments(aduan).isEmpty)
            #expect(try await ComplaintEvent.query(on: aduan.app.db).count() == eventsBefore)

            // The unit it was forwarded to may.
            try await apiAct(aduan, dafduk, code, ["type": "resolve", "message": "KK sudah diperbaiki."], files: [("kk.pdf", Self.skpwni)]) { response in
                #expect(response.status == .created, "\(response.body.string)")
            }
            let attached = try #require(try await officeDocuments(aduan).first)
            #expect(attached.uploadedBy == .bidang)
        }
    }

    @Test("another unit's request is answered before its body has been sent")
    func otherUnitRefusedBeforeBody() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let capil = try await aduan.staffToken("capil1", role: .bidang, unit: "capil")
            try await aduan.app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(aduan.app.http.server.shared.localAddress?.port)
                // 20 MB announced, below the upload limit, so nothing refuses it by its length alone.
                let head = "POST /api/v1/staff/complaints/\(code)/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(capil)\r\n"
                    + "Content-Type: multipart/form-data; boundary=grens\r\nContent-Length: 20000000\r\n\r\n"
                let answer = try await RawHTTP.exchange(port: port, head: head, bodyPrefix: 64 * 1024, waitSeconds: 15)
                #expect(answer.hasPrefix("HTTP/1.1 404"), "answer: \(answer.prefix(80))")
            } catch {
                await aduan.app.server.shutdown()
                throw error
            }
            await aduan.app.server.shutdown()
        }
    }

    // MARK: Refusals

    @Test("an HTML file named .pdf is refused with the inspector's message, and the action is not recorded", arguments: TestDatabase.available)
    func disguisedFileRefused(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let officer = try await aduan.staffToken("sari", role: .pengelola)
            let eventsBefore = try await ComplaintEvent.query(on: aduan.app.db).count()
            let expected = aduan.app.aduan.catalogue.text(DocumentError.unsupportedType.messageKey, .id)

            let html = try await consoleAct(aduan, browser, code, ["type": "resolve", "message": "SKPWNI terlampir."],
                                            files: [("skpwni.pdf", Self.htmlAsPDF)], expect: .unprocessableEntity)
            #expect(html.contains("id=\"form-errors\" role=\"alert\">\(expected)"))
            #expect(html.contains("SKPWNI terlampir."), "the typed message is kept")

            try await apiAct(aduan, officer, code, ["type": "resolve", "message": "SKPWNI terlampir."], files: [("skpwni.pdf", Self.htmlAsPDF)]) { response in
                #expect(response.status == .unprocessableEntity)
                let body = try response.content.decode(ErrorBody.self)
                #expect(body.error.code == "validation_failed")
                #expect(body.error.fields?["documents"] == expected)
            }
            // One good and one bad file: the whole action is refused.
            try await apiAct(aduan, officer, code, ["type": "reply", "message": "Terlampir."],
                             files: [("baik.pdf", Self.skpwni), ("buruk.pdf", Self.htmlAsPDF)]) { response in
                #expect(response.status == .unprocessableEntity)
            }

            #expect(try await aduan.complaint(code).status == .received)
            #expect(try await ComplaintEvent.query(on: aduan.app.db).count() == eventsBefore)
            #expect(try await officeDocuments(aduan).isEmpty)
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .complaintAction).count() == 0)
        }
    }

    @Test("files with a note (or any action that carries none) are refused with a clear message", arguments: TestDatabase.available)
    func noteRefusesFiles(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let officer = try await aduan.staffToken("sari", role: .pengelola)
            let expected = aduan.app.aduan.catalogue.text("action.documents_not_allowed", .id)
            #expect(expected.hasPrefix("Dokumen hanya dapat dilampirkan"))

            let html = try await consoleAct(aduan, browser, code, ["type": "note", "message": "Cek SIAK."], files: [("catatan.pdf", Self.skpwni)],
                                            expect: .unprocessableEntity)
            #expect(html.contains(expected))
            for (type, extra) in [("note", ["message": "Cek SIAK."]), ("forward", ["unit": "dafduk"]), ("reject", ["message": "Bukan kewenangan."])] {
                try await apiAct(aduan, officer, code, extra.merging(["type": type]) { a, _ in a }, files: [("x.pdf", Self.skpwni)]) { response in
                    #expect(response.status == .unprocessableEntity, "\(type)")
                    let body = try response.content.decode(ErrorBody.self)
                    #expect(body.error.fields?["documents"] == expected, "\(type)")
                }
            }
            #expect(try await ComplaintEvent.query(on: aduan.app.db).filter(\.$action ~~ [.note, .forward, .reject]).count() == 0)

            // The service keeps the rule whoever calls it.
            let stored = try aduan.app.aduan.store.store(try DocumentInspector.prepare(Self.skpwni))
            let upload = AcceptedUpload(kind: .officeDocument, stored: stored, originalName: "x.pdf")
            await #expect(throws: OfficeDocuments.NotAllowed.self) {
                try await aduan.act(.note, "Cek SIAK.", on: try await aduan.complaint(code), as: "budi") { $0.uploads = [upload] }
            }
            #expect(try await officeDocuments(aduan).isEmpty)

            // Without files, the note is taken as before, and a multipart reply without a chosen file too.
            _ = try await consoleAct(aduan, browser, code, ["type": "note", "message": "Cek SIAK."], expect: .seeOther)
            var empty = actionForm(browser, ["type": "reply", "message": "Sedang kami proses."], files: [])
            empty.emptyFile("documents")
            try await aduan.app.testing().test(.POST, "/petugas/pengaduan/\(code)/tindakan", headers: empty.headers.adding(browser.headers), body: empty.build()) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await officeDocuments(aduan).isEmpty)
        }
    }

    // MARK: Internal files

    @Test("a file of an internal note is never shown nor given to the citizen", arguments: TestDatabase.available)
    func internalFilesStayInside(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let complaint = try await aduan.complaint(code)
            let note = try await aduan.act(.note, "Hasil cek SIAK terlampir.", on: complaint)
            // However it came there (a channel, an import), a file on an internal event stays inside.
            let stored = try aduan.app.aduan.store.store(try DocumentInspector.prepare(Self.skpwni))
            let hidden = App.Attachment(kind: .officeDocument, stored: stored, originalName: "cek-siak-internal.pdf", uploadedBy: .pengelola, at: aduan.clock.now())
            hidden.$complaint.id = complaint.id
            hidden.$event.id = note.id
            try await hidden.create(on: aduan.app.db)
            let id = try hidden.requireID()

            let token = try await aduan.accessToken(code)
            let view = try await aduan.citizenView(code, token: token)
            #expect(view.documents?.contains { $0.id == id } == false)
            #expect(view.documents?.isEmpty == false, "the citizen's own documents are still listed")
            #expect(view.conversation?.contains { $0.documents.contains(id) } == false)
            try await aduan.app.testing().test(.GET, SitePaths.apiDocument(code, id), headers: bearer(token)) { response in
                #expect(response.status == .notFound)
            }

            let cookie = try await followCookie(aduan, code)
            let (_, html) = try await page(aduan, "/lacak/\(code)", headers: ["Cookie": cookie])
            #expect(html.contains("id=\"conversation\""))
            #expect(!html.contains("cek-siak-internal.pdf"))
            #expect(!html.contains(id.uuidString))
            #expect(try await page(aduan, SitePaths.followDocument(code, id), headers: ["Cookie": cookie]).0 == .notFound)
            #expect(try await audits(aduan, .documentDownloaded).isEmpty)

            // The office sees it.
            let officer = try await aduan.staffToken("sari", role: .pengelola)
            let staffView = try await aduan.staffComplaint(code, officer)
            #expect(staffView.documents.contains { $0.id == id && $0.kind == "office_document" })
        }
    }
}

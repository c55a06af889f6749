import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// The outbox as officers and the admin see it: the messages of a complaint with their states, the
/// failed deliveries and "kirim ulang", and the wording of the messages with its preview.
@Suite("Outbox screens: messages on the complaint, failed deliveries, templates")
struct OutboxScreensTests {
    static let fastHashing = StaffAuthTests.fastHashing

    /// A message as the outbox leaves it, written straight to the table (e-mail is not configured in
    /// tests, so filing queues none); a failed one has its failed job, as `OutboxDelivery` leaves it.
    @discardableResult
    func message(
        _ aduan: TestAduan, _ code: String, _ kind: CitizenMessageKind, _ state: OutgoingMessage.State,
        attempts: Int = 0, error: String? = nil, recipient: String = Fixture.email, after seconds: TimeInterval = 0
    ) async throws -> OutgoingMessage {
        let complaint = try await aduan.complaint(code)
        let at = aduan.clock.now().addingTimeInterval(seconds)
        let message = OutgoingMessage(
            complaintID: try complaint.requireID(), eventID: nil, kind: kind, channel: .email, recipient: recipient,
            language: .id, messageID: "aduan.\(UUID().uuidString.lowercased())@example.com", at: at)
        message.state = state
        message.attempts = attempts
        message.lastError = error
        if state == .sent { message.sentAt = at.addingTimeInterval(5) }
        try await message.create(on: aduan.app.db)
        if state == .failed {
            let job = Job(kind: .deliver, reference: message.id, runAt: at, at: at)
            job.state = .failed
            job.attempts = attempts
            job.lastError = error
            try await job.create(on: aduan.app.db)
        }
        return message
    }

    func section<S: StringProtocol>(_ page: S, from start: String, to end: String) -> S.SubSequence where S.SubSequence == Substring {
        guard let from = page.range(of: start) else { return "" }
        let rest = page[from.lowerBound...]
        return rest[..<(rest.range(of: end)?.lowerBound ?? rest.endIndex)]
    }

    func display(_ code: String) -> String { (try? TrackingCode(code))?.display ?? code }

    // MARK: The complaint page

    @Test("the complaint page lists every message, oldest first, with its channel, state, attempts and reason", arguments: TestDatabase.available)
    func complaintPage(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await message(aduan, code, .receipt, .sent, attempts: 1)
            try await message(aduan, code, .answer, .queued, attempts: 2, error: "421 try again later", after: 60)
            try await message(aduan, code, .infoRequested, .failed, attempts: 10, error: "550 5.1.1 mailbox unavailable", after: 120)
            try await aduan.createUser("budi", role: .pengelola)

            let (status, page) = try await aduan.get("/petugas/pengaduan/\(code)", as: try await aduan.signIn("budi"))

            #expect(status == .ok)
            let messages = section(page, from: "id=\"citizen-messages\"", to: "</section>")
            #expect(messages.contains("Pesan ke warga"))
            #expect(messages.contains("Pengiriman e-mail belum diaktifkan kantor (ADUAN_SMTP_URL)."), "the office has no SMTP in tests")
            let list = section(page, from: "id=\"messages\"", to: "</ol>")
            let receipt = try #require(list.range(of: "Tanda terima"))
            let answer = try #require(list.range(of: "Tanggapan petugas"))
            let request = try #require(list.range(of: "Permintaan kelengkapan"))
            #expect(receipt.lowerBound < answer.lowerBound && answer.lowerBound < request.lowerBound, "oldest first")
            #expect(list.contains("status-resolved\">Terkirim"))
            #expect(list.contains("status-needs_info\">Dicoba ulang") && list.contains("dicoba 2×") && list.contains("421 try again later"))
            #expect(list.contains("status-rejected\">Gagal") && list.contains("dicoba 10×") && list.contains("550 5.1.1 mailbox unavailable"))
            #expect(list.contains("E-mail · \(Fixture.email)"))
            #expect(list.contains("Senin, 30 November 2026 pukul 10.00 WIB"), "times in WIB")
        }
    }

    @Test("a complaint without messages says so, and that the citizen gave no e-mail")
    func noMessages() async throws {
        // An office that lets citizens file without an e-mail address.
        try await withAduan(environment: Self.fastHashing.merging(["ADUAN_EMAIL_REQUIRED": "false"]) { _, new in new }) { aduan in
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": ""]))
            try await aduan.createUser("budi", role: .pengelola)
            let (_, page) = try await aduan.get("/petugas/pengaduan/\(code)", as: try await aduan.signIn("budi"))
            let messages = section(page, from: "id=\"citizen-messages\"", to: "</section>")
            #expect(messages.contains("Warga tidak memberi alamat e-mail."))
            #expect(messages.contains("Belum ada pesan ke warga"))
            #expect(!messages.contains("id=\"messages\""))
        }
    }

    @Test("a unit member does not see the recipient of a confidential complaint's messages; an officer does", arguments: TestDatabase.available)
    func confidentialRecipient(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint(ConfidentialityTests.confidential)
            try await aduan.act(.forward, on: try await aduan.complaint(code)) { $0.unitCode = "capil" }
            try await message(aduan, code, .forwarded, .failed, attempts: 1, error: "550 no such user", recipient: "rahasia@example.com")
            try await aduan.createUser("capil1", role: .bidang, unit: "capil")
            try await aduan.createUser("budi", role: .pengelola)

            let (status, unitPage) = try await aduan.get("/petugas/pengaduan/\(code)", as: try await aduan.signIn("capil1"))
            let (_, officerPage) = try await aduan.get("/petugas/pengaduan/\(code)", as: try await aduan.signIn("budi"))

            #expect(status == .ok)
            let unitList = section(unitPage, from: "id=\"messages\"", to: "</ol>")
            #expect(unitList.contains("Diteruskan ke bidang") && unitList.contains("550 no such user"), "the state shows")
            #expect(!unitPage.contains("rahasia@example.com"))
            #expect(unitList.contains("Gagal"))
            #expect(section(officerPage, from: "id=\"messages\"", to: "</ol>").contains("rahasia@example.com"))
        }
    }

    @Test("the view model: states, attempts shown only when they tell something, recipient hidden")
    func messagesViewModel() throws {
        let catalogue = CatalogueTests.catalogue
        func make(_ state: OutgoingMessage.State, attempts: Int, error: String? = nil) -> OutgoingMessage {
            let message = OutgoingMessage(complaintID: UUID(), eventID: nil, kind: .resolved, channel: .email, recipient: "a@b.id",
                                          language: .en, messageID: "m", at: mondayMorning)
            message.state = state
            message.attempts = attempts
            message.lastError = error
            return message
        }
        let contact = CitizenChannels.Contact(channel: .email, address: "a@b.id", domain: "b.id")
        let view = StaffComplaintView.Messages(
            [make(.queued, attempts: 0), make(.sent, attempts: 1), make(.queued, attempts: 0, error: "re-sent by the admin"), make(.sent, attempts: 3, error: "stale")],
            contacts: [contact], unreachable: [], identityVisible: false, catalogue: catalogue, language: .en,
            dates: DateText(timeZone: TimeZone(identifier: "Asia/Jakarta")!))

        #expect(view.rows.map(\.state) == ["queued", "sent", "retrying", "sent"])
        #expect(view.rows.map(\.attempts) == [nil, nil, nil, "tried 3×"])
        #expect(view.rows[3].error == nil, "a sent message shows no old error")
        #expect(view.rows.allSatisfy { $0.recipient == nil })
        #expect(view.reach == ["E-mail: (hidden)"])
        #expect(view.rows[0].kind == "Resolved" && view.rows[0].stateLabel == "Queued")
    }

    // MARK: Failed deliveries

    @Test("the admin sees the failed deliveries and resends one with CSRF; without it nothing changes", arguments: TestDatabase.available)
    func failedAndResend(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let db = aduan.app.db
            let code = try await aduan.fileComplaint()
            try await message(aduan, code, .receipt, .sent, attempts: 1)
            let failed = try await message(aduan, code, .answer, .failed, attempts: 10, error: "550 5.1.1 mailbox unavailable", after: 60)
            let id = try failed.requireID()
            let admin = try await aduan.signInAdmin()

            let (status, page) = try await aduan.get("/petugas/admin/pengiriman", as: admin)
            #expect(status == .ok)
            let table = section(page, from: "id=\"failed-messages\"", to: "</table>")
            #expect(table.contains(display(code)) && table.contains("/petugas/pengaduan/\(code)"))
            #expect(table.contains("Tanggapan petugas") && table.contains(Fixture.email) && table.contains("dicoba 10×"))
            #expect(table.contains("550 5.1.1 mailbox unavailable") && table.contains("/petugas/admin/pengiriman/\(id.uuidString)/kirim-ulang"))
            #expect(!table.contains("Tanda terima"), "only the failed ones")
            #expect(page.contains("Pengiriman e-mail belum diaktifkan: atur ADUAN_SMTP_URL dan ADUAN_MAIL_FROM"))
            #expect(page.contains("id=\"count-sent\">1<") && page.contains("id=\"count-queued\">0<") && page.contains(">1</a></dd>"))

            // Without the session's CSRF token: refused, nothing changes.
            var refused = HTTPStatus.ok
            try await aduan.app.testing().test(.POST, "/petugas/admin/pengiriman/\(id.uuidString)/kirim-ulang", headers: admin.headers,
                                               beforeRequest: { try $0.content.encode(["_csrf": "salah"], as: .urlEncodedForm) },
                                               afterResponse: { refused = $0.status })
            #expect(refused == .forbidden)
            #expect(try await OutgoingMessage.find(id, on: db)?.state == .failed)

            let (resent, location, _) = try await aduan.post("/petugas/admin/pengiriman/\(id.uuidString)/kirim-ulang", [:], as: admin)
            #expect(resent == .seeOther && location == "/petugas/admin/pengiriman?ok=message_resent")
            let message = try #require(try await OutgoingMessage.find(id, on: db))
            #expect(message.state == .queued && message.attempts == 0)
            #expect(message.lastError == "550 5.1.1 mailbox unavailable", "kept until the next attempt")
            let jobs = try await Job.query(on: db).filter(\.$reference == id).all()
            #expect(jobs.count == 1 && jobs[0].state == .queued && jobs[0].attempts == 0 && jobs[0].runAt <= aduan.clock.now())
            let audit = try await AuditEntry.query(on: db).filter(\.$action == .messageResent).all()
            #expect(audit.count == 1 && audit[0].complaintID == message.$complaint.id && audit[0].actorName == "admin")
            #expect(try await aduan.get("/petugas/admin/pengiriman", as: admin).1.contains("id=\"no-failed\""))

            // Pressed twice: the second finds nothing failed and changes nothing.
            let (_, again, _) = try await aduan.post("/petugas/admin/pengiriman/\(id.uuidString)/kirim-ulang", [:], as: admin)
            #expect(again == "/petugas/admin/pengiriman?ok=message_not_failed")
            #expect(try await Job.query(on: db).filter(\.$reference == id).count() == 1)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == .messageResent).count() == 1)
        }
    }

    @Test("a failed message whose job is done (a bounce after sending) gets a new delivery job", arguments: TestDatabase.available)
    func resendWithoutFailedJob(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let db = aduan.app.db
            let code = try await aduan.fileComplaint()
            let bounced = try await message(aduan, code, .receipt, .sent, attempts: 1)
            let done = Job(kind: .deliver, reference: bounced.id, runAt: aduan.clock.now(), at: aduan.clock.now())
            done.state = .done
            try await done.create(on: db)
            bounced.state = .failed
            bounced.lastError = "bounce: 550 user unknown"
            try await bounced.save(on: db)
            let admin = try await aduan.signInAdmin()

            let (_, location, _) = try await aduan.post("/petugas/admin/pengiriman/\(try bounced.requireID().uuidString)/kirim-ulang", [:], as: admin)

            #expect(location == "/petugas/admin/pengiriman?ok=message_resent")
            let queued = try await Job.query(on: db).filter(\.$reference == bounced.id).filter(\.$state == .queued).all()
            #expect(queued.count == 1 && queued[0].kind == .deliver)
        }
    }

    @Test("only the admin reaches the outbox pages", arguments: [StaffRole.pengelola, .bidang, .pimpinan])
    func othersAreForbidden(role: StaffRole) async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let failed = try await message(aduan, code, .receipt, .failed, attempts: 10, error: "550")
            try await aduan.createUser("orang", role: role, unit: role == .bidang ? "capil" : nil)
            let browser = try await aduan.signIn("orang")
            for path in ["/petugas/admin/pengiriman", "/petugas/admin/templat", "/petugas/admin/templat/receipt/id"] {
                #expect(try await aduan.get(path, as: browser).0 == .forbidden, "\(path)")
            }
            let (resend, _, _) = try await aduan.post("/petugas/admin/pengiriman/\(try failed.requireID().uuidString)/kirim-ulang", [:], as: browser)
            #expect(resend == .forbidden)
            #expect(try await OutgoingMessage.find(failed.id, on: aduan.app.db)?.state == .failed)
            let (save, _, _) = try await aduan.post("/petugas/admin/templat/receipt/id", ["subject": "x", "body": "y", "intent": "save"], as: browser)
            #expect(save == .forbidden)
            #expect(try await MessageTemplate.query(on: aduan.app.db).count() == 0)
            let (signedOut, location, _) = try await aduan.getWithLocation("/petugas/admin/pengiriman")
            #expect(signedOut == .seeOther && location?.hasPrefix("/petugas/masuk") == true, "signed out: to the sign-in page")
        }
    }

    @Test("the admin home links the outbox pages and says e-mail is off")
    func adminHome() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let (status, page) = try await aduan.get("/petugas/admin", as: try await aduan.signInAdmin())
            #expect(status == .ok)
            #expect(page.contains("href=\"/petugas/admin/pengiriman\"") && page.contains("href=\"/petugas/admin/templat\""))
            #expect(page.contains("Pengiriman e-mail belum diaktifkan: atur ADUAN_SMTP_URL dan ADUAN_MAIL_FROM"))
        }
    }

    // MARK: Templates

    @Test("a custom Indonesian receipt is saved, shown and used; reset removes it", arguments: TestDatabase.available)
    func saveAndReset(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let db = aduan.app.db
            let admin = try await aduan.signInAdmin()
            let (_, editPage) = try await aduan.get("/petugas/admin/templat/receipt/id", as: admin)
            #expect(editPage.contains("Pengaduan Anda telah kami terima"), "the default wording to start from")
            #expect(editPage.contains("{tautan_berlaku}") && editPage.contains("Sampai kapan tautan itu berlaku."), "the placeholders explained")

            let (status, location, _) = try await aduan.post("/petugas/admin/templat/receipt/id", [
                "subject": "Terima kasih, {nama}", "body": "Kode pengaduan Anda: {kode}.\nSalam, {kantor}", "intent": "save"], as: admin)

            #expect(status == .seeOther && location == "/petugas/admin/templat/receipt/id?ok=template_saved")
            let stored = try #require(try await MessageTemplate.query(on: db).filter(\.$kind == .receipt).filter(\.$language == .id).first())
            #expect(stored.subject == "Terima kasih, {nama}" && stored.body == "Kode pengaduan Anda: {kode}.\nSalam, {kantor}")
            #expect(stored.updatedBy == "admin")
            #expect(try await MessageTemplate.query(on: db).count() == 1, "English is untouched")
            let used = try await CitizenMessageRenderer(db: db, context: aduan.app.aduan).template(.receipt, .id)
            #expect(used.body.hasPrefix("Kode pengaduan Anda: {kode}."))
            let (_, shown) = try await aduan.get("/petugas/admin/templat/receipt/id?ok=template_saved", as: admin)
            #expect(shown.contains("Templat disimpan") && shown.contains("value=\"Terima kasih, {nama}\"") && shown.contains("Kode pengaduan Anda: {kode}."))
            #expect(shown.contains("Diubah oleh admin"))
            let list = section(try await aduan.get("/petugas/admin/templat", as: admin).1, from: "id=\"templates\"", to: "</table>")
            #expect(list.contains("Terima kasih, {nama}") && list.contains("Diubah admin"))
            #expect(try await AuditEntry.query(on: db).filter(\.$action == .settingsChanged).filter(\.$detail == "message template saved receipt id").count() == 1)

            let (reset, resetLocation, _) = try await aduan.post("/petugas/admin/templat/receipt/id/bawaan", [:], as: admin)

            #expect(reset == .seeOther && resetLocation == "/petugas/admin/templat/receipt/id?ok=template_reset")
            #expect(try await MessageTemplate.query(on: db).count() == 0)
            let (_, after) = try await aduan.get("/petugas/admin/templat/receipt/id", as: admin)
            #expect(after.contains("value=\"Pengaduan Anda telah kami terima\"") && !after.contains("id=\"reset-form\""))
            #expect(try await AuditEntry.query(on: db).filter(\.$detail == "message template reset receipt id").count() == 1)
        }
    }

    @Test("an unknown placeholder or an open brace is refused with a message naming it; nothing is stored", arguments: TestDatabase.available)
    func refusedWording(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()

            let (unknown, _, page) = try await aduan.post("/petugas/admin/templat/receipt/id", [
                "subject": "Pengaduan diterima", "body": "NIK Anda {nik} tercatat.", "intent": "save"], as: admin)
            let (open, _, openPage) = try await aduan.post("/petugas/admin/templat/answer/en", [
                "subject": "Answer for {nama", "body": "Hello", "intent": "preview"], as: admin)
            let (multiline, _, linePage) = try await aduan.post("/petugas/admin/templat/answer/id", [
                "subject": "Baris satu\nBaris dua", "body": "Halo", "intent": "save"], as: admin)

            #expect(unknown == .unprocessableEntity)
            #expect(section(page, from: "id=\"body-error\"", to: "</p>").contains("Kode isian {nik} tidak dikenal"))
            #expect(page.contains("NIK Anda {nik} tercatat."), "what was typed is kept")
            #expect(open == .unprocessableEntity && section(openPage, from: "id=\"subject-error\"", to: "</p>").contains("tidak ditutup"))
            #expect(!openPage.contains("id=\"preview\""))
            #expect(multiline == .unprocessableEntity && linePage.contains("Subjek harus satu baris."))
            #expect(try await MessageTemplate.query(on: aduan.app.db).count() == 0)
        }
    }

    @Test("the preview fills the wording with a sample complaint and the office profile, and stores nothing", arguments: TestDatabase.available)
    func preview(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()

            let (status, _, page) = try await aduan.post("/petugas/admin/templat/info_requested/id", [
                "subject": "Lengkapi untuk {layanan}",
                "body": "Yth. {nama}, kode {kode}.\n\n{pesan}\nTenggat {tenggat}. Buka {tautan}\n<b>{kantor}</b>", "intent": "preview"], as: admin)

            #expect(status == .ok)
            let preview = section(page, from: "id=\"preview\"", to: "</section>")
            let subject = section(preview, from: "id=\"preview-subject\"", to: "</dd>")
            #expect(subject.contains("[Pengaduan KXV25-7FDHX-CRQQ] Lengkapi untuk "))
            let text = section(preview, from: "id=\"preview-text\"", to: "</p>")
            #expect(text.contains("Yth. Siti Rahmawati, kode KXV25-7FDHX-CRQQ."))
            #expect(text.contains("Mohon kirimkan foto Kartu Keluarga"))
            #expect(text.contains("http://localhost:8080/tautan/contoh"))
            #expect(text.contains("WIB") && !text.contains("{tenggat}"))
            #expect(text.contains("&lt;b&gt;Dinas Kependudukan dan Pencatatan Sipil Kabupaten Dharmasraya&lt;/b&gt;"), "escaped, never markup")
            let html = section(preview, from: "id=\"preview-html\"", to: "</details>")
            #expect(html.contains("&lt;!DOCTYPE html&gt;") && html.contains("&lt;a href=&quot;http://localhost:8080/tautan/contoh&quot;&gt;"))
            #expect(!html.contains("<b>") && !preview.contains("<iframe"))
            #expect(page.contains("value=\"Lengkapi untuk {layanan}\""), "the form keeps the typed wording")
            #expect(try await MessageTemplate.query(on: aduan.app.db).count() == 0)
        }
    }

    @Test("an unknown kind or language is 404")
    func unknownTemplate() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            #expect(try await aduan.get("/petugas/admin/templat/nik/id", as: admin).0 == .notFound)
            #expect(try await aduan.get("/petugas/admin/templat/receipt/fr", as: admin).0 == .notFound)
        }
    }

    @Test("every kind has a label and every placeholder an explanation, in both languages")
    func catalogueTexts() {
        let keys = CitizenMessageKind.allCases.map(\.labelKey) + MessageText.placeholders.map { "admin.templates.placeholders.\($0)" }
            + ["queued", "retrying", "sent", "failed"].map { "console.messages.state.\($0)" }
            + [CitizenChannels.Unreachable.noEmail, .emailOff].map { "console.messages.unreachable.\($0.rawValue)" }
        for language in Language.allCases {
            let known = CatalogueTests.catalogue.keys(language)
            #expect(keys.filter { !known.contains($0) }.isEmpty, "\(language)")
        }
    }
}

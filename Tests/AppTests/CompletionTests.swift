import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

/// A complaint that came by e-mail lacks what the standard asks; the citizen completes it on the follow
/// page (opened by the link of the receipt): only the missing items, each checked like the web form.
@Suite("Completing a complaint that came by e-mail")
struct CompletionTests {
    @Test("the follow page asks for what is missing; a wrong NIK is refused with its reason; the right data complete it", arguments: TestDatabase.available)
    func completes(database: TestDatabase) async throws {
        try await withAduan(database, environment: try await OutboxFlowTests.environment(TestSMTPServer.shared())) { aduan in
            let raw = MailIngestTests.mail(from: OutboxFlowTests.recipient("lengkap"), subject: "KK salah", body: "Nama ibu saya salah tulis di Kartu Keluarga.")
            let outcome = try await MailIngest(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger, threadPool: aduan.app.threadPool).ingest(raw)
            guard case .recorded(.complaint, let code?) = outcome else { Issue.record("no complaint"); return }
            let complaint = try await aduan.complaint(code)
            // The receipt names what is missing and how to send it.
            try await aduan.app.jobRunner.runUntilIdle()
            let stored = try #require(try await TestSMTPServer.shared().messages(to: complaint.email ?? "").first)
            let receipt = try InboundMail.parse(stored.bytes).text.replacingOccurrences(of: "\n", with: " ")
            #expect(receipt.contains("kami masih memerlukan: NIK, nomor KK, nomor telepon, foto KK, foto KTP-el"), "\(receipt)")
            let link = try await AccessLinks(db: aduan.app.db, context: aduan.app.aduan).issue(for: complaint, message: nil)
            var cookie = ""
            try await aduan.app.testing().test(.POST, "/tautan/\(link.token)") { response in
                cookie = try #require(response.headers.cookie(named: FollowController.accessCookie))
            }
            let headers: HTTPHeaders = ["Cookie": cookie]
            try await aduan.app.testing().test(.GET, "/lacak/\(code)", headers: headers) { response in
                let page = response.body.string
                #expect(page.contains("id=\"completion-form\""))
                for name in ["nik", "kk_number", "phone", "kk_photo", "ktp_photo", "consent"] {
                    #expect(page.contains("name=\"\(name)\""), "asks for \(name)")
                }
            }

            var wrong = MultipartBuilder()
            wrong.field("nik", "1234")
            wrong.field("kk_number", Fixture.kk)
            wrong.field("phone", Fixture.phone)
            var bad = HTTPHeaders(wrong.headers.map { ($0.name, $0.value) })
            bad.add(name: "Cookie", value: cookie)
            try await aduan.app.testing().test(.POST, "/lacak/\(code)/lengkapi", headers: bad, body: wrong.build()) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("id=\"c-nik-error\""))
                #expect(response.body.string.contains("id=\"c-kk-photo-error\""))
                #expect(response.body.string.contains("id=\"c-consent-error\""))
            }
            #expect(try await aduan.complaint(code).nik == nil, "nothing kept from a refused completion")

            var right = MultipartBuilder()
            right.field("nik", Fixture.nik)
            right.field("kk_number", Fixture.kk)
            right.field("phone", Fixture.phone)
            right.file("kk_photo", filename: "kk.jpg", contentType: "image/jpeg", Fixture.jpeg(seed: 3))
            right.file("ktp_photo", filename: "ktp.jpg", contentType: "image/jpeg", Fixture.jpeg(seed: 4))
            right.field("consent", "true")
            var good = HTTPHeaders(right.headers.map { ($0.name, $0.value) })
            good.add(name: "Cookie", value: cookie)
            try await aduan.app.testing().test(.POST, "/lacak/\(code)/lengkapi", headers: good, body: right.build()) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/lacak/\(code)?ok=lengkap")
            }
            let completed = try await aduan.complaint(code)
            #expect(completed.nik == Fixture.nik)
            #expect(completed.kkNumber == Fixture.kk)
            #expect(completed.phone == Fixture.phoneNormalised)
            #expect(completed.consentAt != nil && completed.consentMethod == OfficerEntry.onlineConsent)
            let kinds = try await Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == completed.requireID()).all().map(\.kind)
            #expect(Set(kinds) == [.kkPhoto, .ktpPhoto])
            #expect(ComplaintService.missing(completed, attachments: try await Attachment.query(on: aduan.app.db).all()).isEmpty)
            let event = try #require(try await ComplaintEvent.query(on: aduan.app.db).filter(\.$action == .citizenReply).first())
            #expect(event.message?.hasPrefix("Data pengaduan dilengkapi: NIK, nomor KK, nomor telepon") == true)
            try await aduan.app.testing().test(.GET, "/lacak/\(code)", headers: headers) { response in
                #expect(!response.body.string.contains("id=\"completion-form\""), "nothing more to complete")
            }
        }
    }

    @Test("without access the completion is refused")
    func needsAccess() async throws {
        try await withAduan { aduan in
            let code = try await aduan.fileComplaint()
            var form = MultipartBuilder()
            form.field("nik", Fixture.nik)
            try await aduan.app.testing().test(.POST, "/lacak/\(code)/lengkapi", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}

@Suite("Completion rules")
struct CompletionRuleTests {
    @Test func asksOnlyWhatIsMissing() {
        let today = CivilDate(year: 2026, month: 12, day: 2)!
        let onlyPhone = ComplaintCompletion.validate(ComplaintCompletionInput(nik: "x", phone: "0812 3456 7890"), missing: [.phone], needsConsent: false, today: today)
        #expect((try? onlyPhone.get())?.phone?.value == "6281234567890")
        #expect((try? onlyPhone.get())?.nik == nil, "a field that is not missing is not taken")
        guard case .failure(let errors) = ComplaintCompletion.validate(ComplaintCompletionInput(), missing: [.nik, .kkPhoto], needsConsent: true, today: today) else {
            Issue.record("empty input accepted"); return
        }
        #expect(errors[.nik] == "validation.nik.empty")
        #expect(errors[.kkPhoto] == "validation.kk_photo.required")
        #expect(errors[.consent] == "validation.consent.required")
        #expect(errors[.kkNumber] == nil)
    }
}

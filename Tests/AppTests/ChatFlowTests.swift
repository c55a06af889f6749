import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// The WhatsApp channel end to end: the intake conversation through the signed webhook, the receipt, the
/// officer's answers inside and outside the 24-hour window, the fall-back to e-mail, status callbacks in
/// any order, and the citizen answering a request for information with a photo.
@Suite("Chat flow (WhatsApp through the webhook)")
struct ChatFlowTests {
    static func environment(_ graph: TestGraphServer, smtp: TestSMTPServer? = nil) -> [String: String] {
        var environment = TestWhatsAppCitizen.environment(graph).merging(StaffAuthTests.fastHashing) { _, new in new }
        if let smtp { environment.merge(OutboxFlowTests.environment(smtp)) { _, new in new } }
        return environment
    }

    /// Files a complete complaint in the chat, from the first "Halo" to the consent, checking each
    /// question on the way; returns the complaint.
    static func fileComplaint(_ citizen: inout TestWhatsAppCitizen, email: String? = nil, finalTimes: Int = 1) async throws -> Complaint {
        try await citizen.text("Halo, selamat pagi")
        let menu = try await citizen.last()
        #expect(menu["type"].string == "interactive" && menu["interactive"]["type"].string == "button", "the greeting offers buttons: \(menu)")
        #expect(TestWhatsAppCitizen.optionIDs(menu).contains("menu:complaint"))
        #expect(TestWhatsAppCitizen.words(menu).contains("1 × 24 jam"), "the greeting gives the promise: \(TestWhatsAppCitizen.words(menu))")

        try await citizen.button("menu:complaint", title: "Buat pengaduan")
        let services = try await citizen.last()
        #expect(services["interactive"]["type"].string == "list", "the services come as a list: \(services)")
        #expect(TestWhatsAppCitizen.optionIDs(services).contains("svc:ktp_el"))
        try await citizen.listRow("svc:ktp_el", title: "KTP-el")
        #expect(try await citizen.step() == "description")
        try await citizen.text(Fixture.description)
        try await citizen.text(Fixture.name)
        #expect(try await citizen.step() == "nik")

        // A wrong NIK is asked again with the web form's reason.
        try await citizen.text("12345")
        #expect(try await citizen.step() == "nik", "a wrong NIK keeps the question")
        let reason = TestWhatsAppCitizen.words(try await citizen.last())
        #expect(reason.contains("16"), "the reason names the 16 digits: \(reason)")
        try await citizen.text(Fixture.nik)
        #expect(try await citizen.step() == "kkNumber")
        try await citizen.text(Fixture.kk)
        #expect(try await citizen.step() == "kkPhoto")
        try await citizen.image(Fixture.jpeg(seed: 11), caption: "KK saya")
        #expect(try await citizen.step() == "ktpPhoto")
        try await citizen.image(Fixture.jpeg(seed: 12))
        #expect(try await citizen.step() == "documents")
        try await citizen.document(Fixture.pdf, filename: "surat-pengantar.pdf")
        try await citizen.text("selesai")
        #expect(try await citizen.step() == "email")
        try await citizen.text(email ?? "lewati")
        #expect(try await citizen.step() == "phone")
        try await citizen.button("phone:yes", title: "Ya")
        #expect(try await citizen.step() == "consent")
        let consent = try await citizen.last()
        #expect(TestWhatsAppCitizen.words(consent).contains("/privasi"), "the consent question links the privacy page")
        try await citizen.send(type: "interactive", ["interactive": ["type": "button_reply", "button_reply": ["id": "consent:yes", "title": "Setuju"]]],
                               times: finalTimes)
        #expect(try await citizen.step() == nil, "the intake ended")
        let complaint = try #require(try await Complaint.query(on: citizen.aduan.app.db).filter(\.$channel == .whatsapp)
            .filter(\.$phone == citizen.waID).first(), "the complaint exists on the whatsapp channel")
        return complaint
    }

    @Test("A citizen files a complete complaint in WhatsApp, with both photos and a PDF; the receipt comes there", arguments: TestDatabase.available)
    func wholeIntake(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        try await withAduan(database, environment: Self.environment(graph)) { aduan in
            var citizen = TestWhatsAppCitizen(aduan, graph: graph)
            let complaint = try await Self.fileComplaint(&citizen)
            #expect(complaint.nik == Fixture.nik)
            #expect(complaint.kkNumber == Fixture.kk)
            #expect(complaint.serviceCode == "ktp_el")
            #expect(complaint.reporterName == Fixture.name)
            #expect(complaint.consentMethod == ChannelIntake.chatConsent && complaint.consentAt != nil)
            let files = try await Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.requireID()).all()
            #expect(files.filter { $0.kind == .kkPhoto }.count == 1)
            #expect(files.filter { $0.kind == .ktpPhoto }.count == 1)
            #expect(files.filter { $0.kind == .document && $0.contentType == .pdf }.count == 1)
            #expect(ComplaintService.missing(complaint, attachments: files).isEmpty, "nothing the standard asks is missing")

            let code = CitizenMessageRenderer.displayCode(complaint.trackingCode)
            let receipts = try await citizen.received().filter { TestWhatsAppCitizen.words($0).contains(code) }
            #expect(receipts.count == 1, "one receipt with the tracking code")
            let receipt = try #require(try await OutgoingMessage.query(on: aduan.app.db).filter(\.$kind == .receipt).first())
            #expect(receipt.channel == .whatsapp && receipt.state == .sent && receipt.externalID?.hasPrefix("wamid.") == true)

            // The transcript keeps both directions, the photos linked.
            let transcript = try await ChatMessage.query(on: aduan.app.db).filter(\.$complaintID == complaint.requireID()).all()
            #expect(transcript.contains { $0.direction == .outbound && $0.outgoingMessageID == receipt.id })
        }
    }

    @Test("The same message delivered three times gives one complaint and one receipt", arguments: TestDatabase.available)
    func duplicateDeliveries(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        try await withAduan(database, environment: Self.environment(graph)) { aduan in
            var citizen = TestWhatsAppCitizen(aduan, graph: graph)
            let complaint = try await Self.fileComplaint(&citizen, finalTimes: 3)
            #expect(try await Complaint.query(on: aduan.app.db).filter(\.$phone == citizen.waID).count() == 1)
            #expect(try await OutgoingMessage.query(on: aduan.app.db).filter(\.$kind == .receipt).count() == 1)
            let code = CitizenMessageRenderer.displayCode(complaint.trackingCode)
            #expect(try await citizen.received().filter { TestWhatsAppCitizen.words($0).contains(code) }.count == 1)
            #expect(try await ReceivedWebhook.query(on: aduan.app.db).count() >= 3, "each delivery was acknowledged and kept")
        }
    }

    @Test("An officer's answer goes as text inside the window, as the approved template outside it", arguments: TestDatabase.available)
    func windowAndTemplate(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        try await withAduan(database, environment: Self.environment(graph)) { aduan in
            var citizen = TestWhatsAppCitizen(aduan, graph: graph)
            let complaint = try await Self.fileComplaint(&citizen)
            let officer = try await aduan.createUser("petugas.wa", role: .pengelola)
            let actions = ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
            try await actions.perform(OfficerAction(type: .reply, message: "KTP-el Anda sudah dicetak, silakan diambil."), on: complaint, by: officer)
            try await aduan.app.jobRunner.runUntilIdle()
            let inside = try await citizen.last()
            #expect(inside["type"].string == "text")
            #expect(TestWhatsAppCitizen.words(inside).contains("sudah dicetak"))

            // A day and a half later the window is closed: the admin's template for answers is used.
            try await WhatsAppTemplate(kind: .answer, spec: ChatTemplateSpec(name: "jawaban_pengaduan", language: "id", parameters: ["kode", "tautan"], body: "Pengaduan {{1}} sudah dijawab. Baca jawabannya: {{2}}"), at: aduan.clock.now(), by: "admin").create(on: aduan.app.db)
            aduan.clock.advance(by: 36 * 3600)
            try await actions.perform(OfficerAction(type: .reply, message: "Kami tunggu di loket 2."), on: try await aduan.complaint(complaint.trackingCode), by: officer)
            try await aduan.app.jobRunner.runUntilIdle()
            let outside = try await citizen.last()
            #expect(outside["type"].string == "template", "outside the window only a template: \(outside)")
            #expect(outside["template"]["name"].string == "jawaban_pengaduan")
            let parameters = outside["template"]["components"][0]["parameters"]
            #expect(parameters[0]["text"].string == CitizenMessageRenderer.displayCode(complaint.trackingCode))
            #expect(parameters[1]["text"].string?.contains("/tautan/") == true, "the second parameter is the one-time link")
            let row = try #require(try await ChatMessage.query(on: aduan.app.db).filter(\.$kind == .template).first())
            #expect(row.text?.contains("sudah dijawab") == true, "the transcript shows what the citizen read")
        }
    }

    @Test("A citizen not on WhatsApp is reached by e-mail, and the officer sees why", arguments: TestDatabase.available)
    func fallbackToEmail(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        let smtp = try await TestSMTPServer.shared()
        try await withAduan(database, environment: Self.environment(graph, smtp: smtp)) { aduan in
            var citizen = TestWhatsAppCitizen(aduan, graph: graph)
            let email = OutboxFlowTests.recipient("wa")
            let complaint = try await Self.fileComplaint(&citizen, email: email)
            #expect(complaint.email == email)
            let officer = try await aduan.createUser("petugas.fb", role: .pengelola)
            try await graph.failNext(to: citizen.waID, code: 131026, httpStatus: 400)
            try await ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
                .perform(OfficerAction(type: .requestInfo, message: "Mohon kirim foto KTP-el yang lebih jelas."), on: complaint, by: officer)
            try await aduan.app.jobRunner.runUntilIdle()
            let messages = try await OutgoingMessage.query(on: aduan.app.db).filter(\.$kind == .infoRequested).all()
            let whatsapp = try #require(messages.first { $0.channel == .whatsapp })
            #expect(whatsapp.state == .failed && whatsapp.lastError?.contains("131026") == true, "the reason is on the message: \(whatsapp.lastError ?? "-")")
            let mail = try OutboxFlowTests.received(smtp, email)
            #expect(mail.contains { $0.contains("foto KTP-el yang lebih jelas") || $0.contains("Permintaan") }, "the request arrived by e-mail")
        }
    }

    @Test("Status callbacks only move forward, in whatever order; a closed window sends the template", arguments: TestDatabase.available)
    func statusCallbacks(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        try await withAduan(database, environment: Self.environment(graph)) { aduan in
            var citizen = TestWhatsAppCitizen(aduan, graph: graph)
            _ = try await Self.fileComplaint(&citizen)
            let receipt = try #require(try await OutgoingMessage.query(on: aduan.app.db).filter(\.$kind == .receipt).first())
            let wamid = try #require(receipt.externalID)
            try await citizen.status(wamid, "delivered")
            try await citizen.status(wamid, "sent")
            var now = try #require(try await OutgoingMessage.find(receipt.id, on: aduan.app.db))
            #expect(now.deliveryStatus == .delivered, "a late 'sent' does not undo 'delivered'")
            try await citizen.status(wamid, "read")
            now = try #require(try await OutgoingMessage.find(receipt.id, on: aduan.app.db))
            #expect(now.deliveryStatus == .read)
            let row = try #require(try await ChatMessage.query(on: aduan.app.db).filter(\.$externalID == wamid).first())
            #expect(row.state == .read)

            // Meta says later that the window had closed for a message: it goes again as the template.
            try await WhatsAppTemplate(kind: .receipt, spec: ChatTemplateSpec(name: "tanda_terima", language: "id", parameters: ["kode"], body: "Pengaduan {{1}} kami terima."), at: aduan.clock.now(), by: "admin").create(on: aduan.app.db)
            let complaint = try #require(try await Complaint.find(receipt.$complaint.id, on: aduan.app.db))
            let officer = try await aduan.createUser("petugas.st", role: .pengelola)
            try await ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
                .perform(OfficerAction(type: .reply, message: "Sedang kami periksa."), on: complaint, by: officer)
            try await aduan.app.jobRunner.runUntilIdle()
            let answer = try #require(try await OutgoingMessage.query(on: aduan.app.db).filter(\.$kind == .answer).first())
            try await WhatsAppTemplate(kind: .answer, spec: ChatTemplateSpec(name: "jawaban", language: "id", parameters: ["kode"], body: "Ada jawaban untuk {{1}}."), at: aduan.clock.now(), by: "admin")
                .create(on: aduan.app.db)
            try await citizen.status(try #require(answer.externalID), "failed", errorCode: 131047)
            try await citizen.status(try #require(answer.externalID), "delivered")
            let again = try #require(try await OutgoingMessage.find(answer.id, on: aduan.app.db))
            #expect(again.state == .sent && again.templateOnly == true, "sent again as a template: \(again.lastError ?? "-")")
            #expect(try await citizen.last()["template"]["name"].string == "jawaban")
        }
    }

    @Test("A request for information is answered with a photo in the chat, and the answer read there", arguments: TestDatabase.available)
    func answerWithPhoto(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        try await withAduan(database, environment: Self.environment(graph)) { aduan in
            var citizen = TestWhatsAppCitizen(aduan, graph: graph)
            var complaint = try await Self.fileComplaint(&citizen)
            let officer = try await aduan.createUser("petugas.ri", role: .pengelola)
            let actions = ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
            try await actions.perform(OfficerAction(type: .requestInfo, message: "Mohon kirim foto surat keterangan kehilangan."), on: complaint, by: officer)
            try await aduan.app.jobRunner.runUntilIdle()
            #expect(TestWhatsAppCitizen.words(try await citizen.last()).contains("surat keterangan kehilangan"))
            complaint = try await aduan.complaint(complaint.trackingCode)
            #expect(complaint.status == .needsInfo)

            aduan.clock.advance(by: 3600)
            try await citizen.image(Fixture.jpeg(seed: 21), caption: "Ini suratnya, Pak")
            complaint = try await aduan.complaint(complaint.trackingCode)
            #expect(complaint.status == .inProgress, "the answer resumes the complaint")
            let reply = try #require(try await ComplaintEvent.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.requireID())
                .filter(\.$action == .citizenReply).first())
            #expect(reply.message?.contains("Ini suratnya") == true)
            let photo = try await Attachment.query(on: aduan.app.db).filter(\.$event.$id == reply.requireID()).all()
            #expect(photo.count == 1 && photo.first?.kind == .document)
            #expect(try await Notification.query(on: aduan.app.db).filter(\.$kind == .citizenReplied).count() > 0, "the officer is told")

            try await actions.perform(OfficerAction(type: .resolve, message: "KTP-el Anda sudah jadi dan dapat diambil di kantor."),
                                      on: try await aduan.complaint(complaint.trackingCode), by: officer)
            try await aduan.app.jobRunner.runUntilIdle()
            #expect(TestWhatsAppCitizen.words(try await citizen.last()).contains("sudah jadi"), "the answer is read in the chat")
        }
    }

    @Test("A Messenger message gets the greeting as quick replies through the Send API", arguments: TestDatabase.available)
    func messengerGreeting(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        try await withAduan(database, environment: Self.environment(graph)) { aduan in
            let psid = "psid" + String(UInt64.random(in: 1_000_000...9_999_999))
            let payload: [String: Any] = ["object": "page", "entry": [["id": "page-1", "time": 1_796_007_600_000, "messaging": [[
                "sender": ["id": psid], "recipient": ["id": "page-1"], "timestamp": Int(aduan.clock.now().timeIntervalSince1970 * 1000),
                "message": ["mid": "m_\(psid)", "text": "Halo"],
            ] as [String: Any]]]]]
            let citizen = TestWhatsAppCitizen(aduan, graph: graph)
            let body = [UInt8](try JSONSerialization.data(withJSONObject: payload))
            #expect(try await citizen.post(body, path: "/webhooks/meta", secret: "test_meta_secret") == .ok)
            try await aduan.app.jobRunner.runUntilIdle()
            let sent = try #require(try await graph.sent(to: psid).last)
            #expect(sent["messaging_type"].string == "RESPONSE")
            #expect((sent["message"]["quick_replies"].count ?? 0) >= 3, "the menu as quick replies: \(sent)")
            #expect(try await Complaint.query(on: aduan.app.db).count() == 0)
        }
    }
}

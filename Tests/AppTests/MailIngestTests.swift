import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

/// Mail in: new mails open complaints on the e-mail channel, replies join their complaint only from its
/// own address, automatic mail and bounces never make a complaint or a reply, nothing counts twice.
@Suite("Mail in: what each received mail becomes")
struct MailIngestTests {
    static let office = "pengaduan@dharmasrayakab.go.id"

    /// A mail as a phone's mail program writes it (CRLF, a photo attached when asked).
    static func mail(
        from: String, name: String = "Budi Santoso", subject: String, body: String, messageID: String = "\(UUID().uuidString)@mail.example.com",
        inReplyTo: String? = nil, extraHeaders: [String] = [], photo: [UInt8]? = nil, fakePDF: Bool = false
    ) -> [UInt8] {
        var head = [
            "From: \(name) <\(from)>", "To: Disdukcapil <\(office)>", "Subject: \(subject)", "Date: Mon, 30 Nov 2026 10:05:00 +0700",
            "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
        ]
        if let inReplyTo { head += ["In-Reply-To: <\(inReplyTo)>", "References: <\(inReplyTo)>"] }
        head += extraHeaders
        guard photo != nil || fakePDF else {
            return Array((head + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body, ""]).joined(separator: "\r\n").utf8)
        }
        var parts = ["--b1", "Content-Type: text/plain; charset=utf-8", "", body, ""]
        if let photo {
            parts += ["--b1", "Content-Type: image/jpeg; name=\"foto KK.jpg\"", "Content-Disposition: attachment; filename=\"foto KK.jpg\"",
                      "Content-Transfer-Encoding: base64", "", Data(photo).base64EncodedString(options: .lineLength76Characters), ""]
        }
        if fakePDF {
            parts += ["--b1", "Content-Type: application/pdf; name=\"surat.pdf\"", "Content-Disposition: attachment; filename=\"surat.pdf\"",
                      "Content-Transfer-Encoding: base64", "", Data("<html><script>alert(1)</script></html>".utf8).base64EncodedString(), ""]
        }
        parts += ["--b1--", ""]
        return Array((head + ["Content-Type: multipart/mixed; boundary=\"b1\"", ""] + parts).joined(separator: "\r\n").utf8)
    }

    func ingest(_ aduan: TestAduan, _ raw: [UInt8]) async throws -> MailIngest.Outcome {
        try await MailIngest(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger, threadPool: aduan.app.threadPool).ingest(raw)
    }

    func environment() async throws -> [String: String] {
        OutboxFlowTests.environment(try await TestSMTPServer.shared())
    }

    @Test("a new mail opens a complaint on the e-mail channel; the same mail again counts once", arguments: TestDatabase.available)
    func newComplaint(database: TestDatabase) async throws {
        try await withAduan(database, environment: try await environment()) { aduan in
            let citizen = OutboxFlowTests.recipient("budi")
            let raw = Self.mail(from: citizen, subject: "KTP-el belum jadi", body: "Selamat pagi, KTP-el saya sudah rekam sejak Agustus tetapi belum dicetak.",
                                photo: Fixture.jpeg(seed: 7), fakePDF: true)
            guard case .recorded(.complaint, let code?) = try await ingest(aduan, raw) else { Issue.record("no complaint"); return }
            let complaint = try await aduan.complaint(code)
            #expect(complaint.channel == .email)
            #expect(complaint.email == citizen)
            #expect(complaint.reporterName == "Budi Santoso")
            #expect(complaint.serviceCode == "ktp_el")
            #expect(complaint.description.hasPrefix("KTP-el belum jadi\n\nSelamat pagi"))
            #expect(complaint.description.contains("Lampiran tidak diterima: surat.pdf"))
            #expect(complaint.consentAt == nil, "consent is given when the citizen completes the complaint")
            #expect(complaint.channelReference?.hasSuffix("@mail.example.com") == true)
            let files = try await Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.requireID()).all()
            #expect(files.map(\.originalName) == ["foto KK.jpg"])
            let receipt = try #require(try await OutgoingMessage.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.requireID()).first())
            #expect(receipt.kind == .receipt && receipt.recipient == citizen)
            #expect(try await ingest(aduan, raw) == .duplicate)
            #expect(try await Complaint.query(on: aduan.app.db).count() == 1)
            #expect(try await ReceivedMail.query(on: aduan.app.db).count() == 1)

            // The officer sees what the standard still asks.
            let officer = try await aduan.createUser("petugas", role: .pengelola)
            _ = officer
            let browser = try await aduan.signIn("petugas")
            try await aduan.app.testing().test(.GET, "/petugas/pengaduan/\(code)", headers: browser.headers) { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("id=\"missing-requirements\""))
                #expect(response.body.string.contains("nomor KK"))
            }
        }
    }

    @Test("a reply to our message from the complaint's address joins it and resumes the clock; from another address it waits for the officer", arguments: TestDatabase.available)
    func replies(database: TestDatabase) async throws {
        try await withAduan(database, environment: try await environment()) { aduan in
            let citizen = OutboxFlowTests.recipient("siti")
            let officer = try await aduan.createUser("petugas", role: .pengelola)
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": citizen]))
            let complaint = try await aduan.complaint(code)
            try await ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
                .perform(OfficerAction(type: .requestInfo, message: "Mohon kirim foto KK terbaru."), on: complaint, by: officer)
            let request = try #require(try await OutgoingMessage.query(on: aduan.app.db).filter(\.$kind == .infoRequested).first())
            aduan.clock.advance(by: 3600)

            let reply = Self.mail(from: citizen.uppercased(), name: "Siti", subject: "Re: [Pengaduan \(CitizenMessageRenderer.displayCode(code))] Mohon lengkapi pengaduan Anda",
                                  body: "Ini foto KK saya.\r\n\r\nPada Sen, 30 Nov 2026 pukul 10.00 Disdukcapil <\(Self.office)> menulis:\r\n> Mohon kirim foto KK terbaru.",
                                  inReplyTo: request.messageID, photo: Fixture.jpeg(seed: 9))
            #expect(try await ingest(aduan, reply) == .recorded(.reply, trackingCode: code))
            let updated = try await aduan.complaint(code)
            #expect(updated.status == .inProgress)
            #expect(updated.pausedSince == nil)
            let event = try #require(try await ComplaintEvent.query(on: aduan.app.db).filter(\.$action == .citizenReply).first())
            #expect(event.message == "Ini foto KK saya.", "the quoted history is left out")
            #expect(try await Attachment.query(on: aduan.app.db).filter(\.$event.$id == event.requireID()).count() == 1)
            #expect(try await App.Notification.query(on: aduan.app.db).filter(\.$kind == .citizenReplied).count() == 1)

            // The tracking code in the subject from a stranger: an internal note, the officer decides.
            let stranger = Self.mail(from: "orang.lain@example.net", subject: "Re: [Pengaduan \(code)] tolong", body: "Saya juga punya masalah yang sama.")
            #expect(try await ingest(aduan, stranger) == .recorded(.unverified, trackingCode: code))
            let note = try #require(try await ComplaintEvent.query(on: aduan.app.db).filter(\.$action == .note).first())
            #expect(note.visibility == .internal)
            #expect(note.message?.contains("orang.lain@example.net") == true)
            #expect(try await App.Notification.query(on: aduan.app.db).filter(\.$kind == .unverifiedMail).count() == 1)
            #expect(try await ComplaintEvent.query(on: aduan.app.db).filter(\.$action == .citizenReply).count() == 1)
        }
    }

    @Test("auto-replies, list mail and our own messages never make a complaint or a reply; a bounce fails our message", arguments: TestDatabase.available)
    func automatic(database: TestDatabase) async throws {
        try await withAduan(database, environment: try await environment()) { aduan in
            let citizen = OutboxFlowTests.recipient("cuti")
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": citizen]))
            let receipt = try #require(try await OutgoingMessage.query(on: aduan.app.db).first())
            let subject = "Re: [Pengaduan \(CitizenMessageRenderer.displayCode(code))] Pengaduan Anda telah kami terima"

            let outOfOffice = Self.mail(from: citizen, subject: "Otomatis: \(subject)", body: "Saya sedang cuti sampai 7 Desember.",
                                        inReplyTo: receipt.messageID, extraHeaders: ["Auto-Submitted: auto-replied"])
            #expect(try await ingest(aduan, outOfOffice) == .recorded(.automatic, trackingCode: nil))
            let list = Self.mail(from: "warga-dharmasraya@googlegroups.com", subject: "Info KTP", body: "Diskusi grup.",
                                 extraHeaders: ["List-Id: <warga-dharmasraya.googlegroups.com>", "Precedence: list"])
            #expect(try await ingest(aduan, list) == .recorded(.automatic, trackingCode: nil))
            let own = Self.mail(from: Self.office, subject: subject, body: "copy", messageID: receipt.messageID)
            #expect(try await ingest(aduan, own) == .recorded(.own, trackingCode: nil))

            let bounce = Array("""
                From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\r
                To: \(Self.office)\r
                Subject: Undelivered Mail Returned to Sender\r
                Message-ID: <bounce.\(UUID().uuidString)@mx.example.com>\r
                Auto-Submitted: auto-replied\r
                MIME-Version: 1.0\r
                Content-Type: multipart/report; report-type=delivery-status; boundary="r1"\r
                \r
                --r1\r
                Content-Type: text/plain\r
                \r
                Your message could not be delivered.\r
                --r1\r
                Content-Type: message/delivery-status\r
                \r
                Reporting-MTA: dns; mx.example.com\r
                \r
                Final-Recipient: rfc822; \(citizen)\r
                Action: failed\r
                Status: 5.1.1\r
                Diagnostic-Code: smtp; 550 5.1.1 user unknown\r
                \r
                --r1\r
                Content-Type: text/rfc822-headers\r
                \r
                Message-ID: <\(receipt.messageID)>\r
                Subject: [Pengaduan]\r
                \r
                --r1--\r

                """.utf8)
            #expect(try await ingest(aduan, bounce) == .recorded(.bounce, trackingCode: nil))
            let failed = try #require(try await OutgoingMessage.find(receipt.id, on: aduan.app.db))
            #expect(failed.state == .failed)
            #expect(failed.lastError?.contains("5.1.1") == true)

            #expect(try await Complaint.query(on: aduan.app.db).count() == 1)
            #expect(try await ComplaintEvent.query(on: aduan.app.db).count() == 1, "only the filing")
        }
    }

    @Test("more than five new complaints from one sender in an hour: kept, no complaint, no reply")
    func throttled() async throws {
        try await withAduan(environment: try await environment()) { aduan in
            let sender = OutboxFlowTests.recipient("banjir")
            var outcomes: [ReceivedMail.Outcome] = []
            for index in 0..<6 {
                if case .recorded(let outcome, _) = try await ingest(aduan, Self.mail(from: sender, subject: "Aduan \(index)", body: "Isi pengaduan nomor \(index) yang cukup panjang.")) {
                    outcomes.append(outcome)
                }
            }
            #expect(outcomes == [.complaint, .complaint, .complaint, .complaint, .complaint, .throttled])
            #expect(try await Complaint.query(on: aduan.app.db).count() == 5)
        }
    }

    @Test("an unreadable mail is quarantined, not lost, and blocks nothing")
    func quarantine() async throws {
        try await withAduan(environment: try await environment()) { aduan in
            let huge = Array(repeating: UInt8(ascii: "a"), count: aduan.app.aduan.config.maxComplaintBytes + 10 * 1_048_576 + 1)
            #expect(try await ingest(aduan, huge) == .recorded(.quarantined, trackingCode: nil))
            let kept = try #require(try await ReceivedMail.query(on: aduan.app.db).first())
            #expect(kept.outcome == .quarantined && kept.size == huge.count)
        }
    }

    @Test("the mailbox poll fetches new mail from Dovecot into complaints, once", arguments: TestDatabase.available)
    func fromDovecot(database: TestDatabase) async throws {
        let imap = try await TestIMAPServer.shared()
        try await imap.withMailbox { client, mailbox in
            let password = imap.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            var env = try await environment()
            env["ADUAN_IMAP_URL"] = "imap://\(imap.user):\(password)@127.0.0.1:\(imap.port)/\(mailbox)"
            try await withAduan(database, environment: env) { aduan in
                let first = OutboxFlowTests.recipient("imap")
                _ = try await client.append(Self.mail(from: first, subject: "Akta kelahiran", body: "Akta kelahiran anak saya belum terbit."), to: mailbox)
                _ = try await client.append(Self.mail(from: first, subject: "Otomatis", body: "cuti", extraHeaders: ["Auto-Submitted: auto-replied"]), to: mailbox)
                let poll = try #require(aduan.app.mailboxPoll)
                try await poll()
                try await poll()
                let complaints = try await Complaint.query(on: aduan.app.db).all()
                #expect(complaints.map(\.serviceCode) == ["akta_kelahiran"])
                #expect(try await ReceivedMail.query(on: aduan.app.db).count() == 2)
            }
        }
    }
}

import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

/// Messages to the citizen, end to end: a step queues them in its own transaction, the job runner
/// renders and hands them to a real SMTP server (aiosmtpd, `TestSMTPServer`), and what arrives there is
/// checked header by header.
@Suite("The outbox delivers the citizen's messages by e-mail")
struct OutboxFlowTests {
    static let from = "\"Disdukcapil Dharmasraya\" <pengaduan@dharmasrayakab.go.id>"

    static func environment(_ server: TestSMTPServer, port: Int? = nil) -> [String: String] {
        StaffAuthTests.fastHashing.merging([
            "ADUAN_SMTP_URL": "smtp://\(server.host):\(port ?? server.plain)",
            "ADUAN_MAIL_FROM": from,
            "ADUAN_PUBLIC_URL": "https://pengaduan.dharmasrayakab.go.id",
        ]) { _, new in new }
    }

    static func recipient(_ label: String) -> String {
        "\(label).\(UUID().uuidString.prefix(8).lowercased())@example.com"
    }

    /// The messages that reached the SMTP server for `recipient`, as text, oldest first.
    static func received(_ server: TestSMTPServer, _ recipient: String) throws -> [String] {
        try server.messages(to: recipient).map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    static func header(_ name: String, in message: String) -> String? {
        let head = message.components(separatedBy: "\r\n\r\n").first ?? ""
        // Unfold, then find the field.
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
        return unfolded.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    func messages(_ aduan: TestAduan, _ code: String) async throws -> [OutgoingMessage] {
        let complaint = try await aduan.complaint(code)
        return try await OutgoingMessage.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.requireID()).sort(\.$createdAt).all()
    }

    @Test("the receipt, then the officer's answer and request in one thread, each with its headers", arguments: TestDatabase.available)
    func conversation(database: TestDatabase) async throws {
        let server = try await TestSMTPServer.shared()
        let citizen = Self.recipient("siti")
        try await withAduan(database, environment: Self.environment(server)) { aduan in
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": citizen]))
            let display = CitizenMessageRenderer.displayCode(code)

            // Queued with the filing, in its transaction: one receipt, one job, nothing sent yet.
            let queued = try await messages(aduan, code)
            #expect(queued.map(\.kind) == [.receipt])
            #expect(queued.map(\.state) == [.queued])
            #expect(try await Job.query(on: aduan.app.db).filter(\.$reference == queued[0].id).count() == 1)
            #expect(try Self.received(server, citizen).isEmpty)

            #expect(try await aduan.app.jobRunner.runUntilIdle() == 1)
            let receipts = try Self.received(server, citizen)
            try #require(receipts.count == 1)
            let receipt = receipts[0]
            let receiptID = try #require(try await messages(aduan, code).first).messageID
            #expect(receiptID.hasSuffix("@dharmasrayakab.go.id"))
            #expect(Self.header("Message-ID", in: receipt) == "<\(receiptID)>")
            #expect(Self.header("Subject", in: receipt) == "[Pengaduan \(display)] Pengaduan Anda telah kami terima")
            #expect(Self.header("From", in: receipt) == "\"Disdukcapil Dharmasraya\" <pengaduan@dharmasrayakab.go.id>")
            #expect(Self.header("To", in: receipt)?.contains(citizen) == true)
            #expect(Self.header("Auto-Submitted", in: receipt) == "auto-generated")
            #expect(Self.header("In-Reply-To", in: receipt) == nil)
            #expect(Self.header("Date", in: receipt)?.hasSuffix("+0700") == true)
            #expect(Self.header("Content-Type", in: receipt)?.hasPrefix("multipart/alternative") == true)
            let sent = try #require(try await messages(aduan, code).first)
            #expect(sent.state == .sent)
            #expect(sent.sentAt == aduan.clock.now())
            #expect(sent.subject == "[Pengaduan \(display)] Pengaduan Anda telah kami terima")

            // The officer answers, then asks for a document: two messages that answer the receipt.
            let officer = try await aduan.createUser("petugas", role: .pengelola)
            let complaint = try await aduan.complaint(code)
            let actions = ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
            aduan.clock.advance(by: 600)
            try await actions.perform(OfficerAction(type: .reply, message: "Data Anda sedang kami periksa."), on: complaint, by: officer)
            aduan.clock.advance(by: 60)
            try await actions.perform(OfficerAction(type: .requestInfo, message: "Mohon kirim foto KK terbaru."), on: complaint, by: officer)
            #expect(try await aduan.app.jobRunner.runUntilIdle() == 2)
            let all = try Self.received(server, citizen)
            try #require(all.count == 3)
            let ids = try await messages(aduan, code).map(\.messageID)
            #expect(try await messages(aduan, code).map(\.kind) == [.receipt, .answer, .infoRequested])
            let answer = try #require(all.first { Self.header("Message-ID", in: $0) == "<\(ids[1])>" })
            let request = try #require(all.first { Self.header("Message-ID", in: $0) == "<\(ids[2])>" })
            #expect(Self.header("Auto-Submitted", in: answer) == nil, "an officer's words are not automatic")
            #expect(Self.header("In-Reply-To", in: answer) == "<\(receiptID)>")
            #expect(Self.header("References", in: answer) == "<\(receiptID)>")
            #expect(Self.header("In-Reply-To", in: request) == "<\(ids[1])>")
            #expect(Self.header("References", in: request) == "<\(receiptID)> <\(ids[1])>")
            #expect(Self.header("Subject", in: request) == "[Pengaduan \(display)] Mohon lengkapi pengaduan Anda")
            #expect(request.contains("Mohon kirim foto KK terbaru."))
            #expect(request.contains("https://pengaduan.dharmasrayakab.go.id/tautan/"))

            // Each message carries its own one-time link.
            #expect(try await AccessLink.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.requireID()).count() == 3)
        }
    }

    @Test("a recipient refused for good fails at once with the server's reason; a deferred one is retried later", arguments: TestDatabase.available)
    func failures(database: TestDatabase) async throws {
        let server = try await TestSMTPServer.shared()
        let refused = try #require(server.reject.first)
        let deferred = try #require(server.deferred.first)
        try await withAduan(database, environment: Self.environment(server)) { aduan in
            try await aduan.createUser("petugas", role: .pengelola)
            let refusedCode = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": refused]))
            let deferredCode = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": deferred, "phone": "0813 1111 2222"]))
            #expect(try await aduan.app.jobRunner.runUntilIdle() == 2)

            let failed = try #require(try await messages(aduan, refusedCode).first)
            #expect(failed.state == .failed)
            #expect(failed.lastError?.contains("550") == true)
            #expect(try await App.Notification.query(on: aduan.app.db).filter(\.$kind == .deliveryFailed).count() == 1,
                    "the complaints officer hears of it")

            let waiting = try #require(try await messages(aduan, deferredCode).first)
            #expect(waiting.state == .queued)
            #expect(waiting.lastError?.contains("451") == true)
            let job = try #require(try await Job.query(on: aduan.app.db).filter(\.$reference == waiting.id).first())
            #expect(job.state == .queued)
            #expect(job.runAt > aduan.clock.now())
            #expect(try await aduan.app.jobRunner.runUntilIdle() == 0, "not before its wait")
            aduan.clock.set(job.runAt.addingTimeInterval(1))
            #expect(try await aduan.app.jobRunner.runUntilIdle() == 1)
            #expect(try await Job.find(job.requireID(), on: aduan.app.db)?.attempts == 2)
        }
    }

    @Test("no SMTP server configured: nothing is queued for e-mail, and the officer sees why")
    func emailOff() async throws {
        try await withAduan { aduan in
            let code = try await aduan.fileComplaint()
            #expect(try await messages(aduan, code).isEmpty)
            let complaint = try await aduan.complaint(code)
            #expect(CitizenChannels(context: aduan.app.aduan).unreachable(complaint) == [.emailOff])
        }
    }

    @Test("the office's documents of a step go as attachments", arguments: TestDatabase.available)
    func documents(database: TestDatabase) async throws {
        let server = try await TestSMTPServer.shared()
        let citizen = Self.recipient("dokumen")
        try await withAduan(database, environment: Self.environment(server)) { aduan in
            let officer = try await aduan.createUser("petugas", role: .pengelola)
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": citizen]))
            let complaint = try await aduan.complaint(code)
            // The office's file, stored as the console's upload stores it, carried by the resolution.
            let stored = try aduan.app.aduan.store.store(try DocumentInspector.prepare(Fixture.pdf))
            var action = OfficerAction(type: .resolve, message: "KK baru terlampir.")
            action.uploads = [AcceptedUpload(kind: .officeDocument, stored: stored, originalName: "KK-baru.pdf")]
            try await ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
                .perform(action, on: complaint, by: officer)
            try await aduan.app.jobRunner.runUntilIdle()
            let resolved = try #require(try Self.received(server, citizen).first { $0.contains("KK baru terlampir.") })
            #expect(resolved.contains("Content-Disposition: attachment; filename=\"KK-baru.pdf\""))
            #expect(resolved.contains("KK-baru.pdf"))
            #expect(Self.header("Content-Type", in: resolved)?.hasPrefix("multipart/mixed") == true)
        }
    }
}

@Suite("The outbox under crashes and several instances")
struct OutboxInstancesTests {
    /// Queues `count` messages to the complaint's citizen, as steps do.
    func queue(_ count: Int, for code: String, _ aduan: TestAduan) async throws {
        let complaint = try await aduan.complaint(code)
        let recorder = ComplaintRecorder(context: aduan.app.aduan)
        for _ in 0..<count {
            try await aduan.app.db.transaction { db in
                try await recorder.record(.init(event: nil, actor: .system, audit: .complaintAction, auditDetail: "test", message: .some(.withdrawalReminder)),
                                          of: complaint, on: db)
            }
        }
    }

    @Test("two instances delivering at once send each message exactly once", arguments: TestDatabase.available)
    func twoInstances(database: TestDatabase) async throws {
        let server = try await TestSMTPServer.shared()
        let citizen = OutboxFlowTests.recipient("dua")
        try await withAduan(database, environment: OutboxFlowTests.environment(server)) { aduan in
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": citizen]))
            try await queue(39, for: code, aduan)
            // Two runners with their own worker names, as two processes would be.
            let first = aduan.app.jobRunner
            let second = aduan.app.jobRunner
            #expect(first.worker != second.worker)
            async let a = first.runUntilIdle()
            async let b = second.runUntilIdle()
            let ran = try await [a, b]
            #expect(ran.reduce(0, +) == 40)
            let received = try server.messages(to: citizen).map { OutboxFlowTests.header("Message-ID", in: String(decoding: $0.bytes, as: UTF8.self)) ?? "" }
            #expect(received.count == 40)
            #expect(Set(received).count == 40, "no message twice")
            let states = try await OutgoingMessage.query(on: aduan.app.db).all().map(\.state)
            #expect(states.count == 40 && states.allSatisfy { $0 == .sent })
        }
    }

    @Test("a worker that died holding a message: another delivers it after the lease, with the same Message-ID", arguments: TestDatabase.available)
    func takeover(database: TestDatabase) async throws {
        let server = try await TestSMTPServer.shared()
        let citizen = OutboxFlowTests.recipient("lease")
        try await withAduan(database, environment: OutboxFlowTests.environment(server)) { aduan in
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": citizen]))
            let message = try #require(try await OutgoingMessage.query(on: aduan.app.db).first())
            // The dead worker's claim: never settled.
            let claimed = try await JobQueue(db: aduan.app.db, now: aduan.clock.now()).claim(limit: 10, worker: "died", lease: 300)
            #expect(claimed.count == 1)
            #expect(try await aduan.app.jobRunner.runUntilIdle() == 0, "held by the dead worker")
            aduan.clock.advance(by: 301)
            #expect(try await aduan.app.jobRunner.runUntilIdle() == 1)
            let received = try server.messages(to: citizen)
            #expect(received.count == 1)
            #expect(OutboxFlowTests.header("Message-ID", in: String(decoding: received[0].bytes, as: UTF8.self)) == "<\(message.messageID)>")
            #expect(try await OutgoingMessage.find(message.id, on: aduan.app.db)?.state == .sent)
            _ = code
        }
    }
}

@Suite("Office documents beyond the e-mail size go by the link")
struct OutboxAttachmentLimitTests {
    @Test("with ADUAN_MAIL_ATTACH_MAX_MB=0 the document is named and left to the link")
    func byLink() async throws {
        let server = try await TestSMTPServer.shared()
        let citizen = OutboxFlowTests.recipient("tautan")
        var environment = OutboxFlowTests.environment(server)
        environment["ADUAN_MAIL_ATTACH_MAX_MB"] = "0"
        try await withAduan(environment: environment) { aduan in
            let officer = try await aduan.createUser("petugas", role: .pengelola)
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": citizen]))
            let stored = try aduan.app.aduan.store.store(try DocumentInspector.prepare(Fixture.pdf))
            var action = OfficerAction(type: .resolve, message: "KK baru dapat diunduh.")
            action.uploads = [AcceptedUpload(kind: .officeDocument, stored: stored, originalName: "KK-baru.pdf")]
            try await ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
                .perform(action, on: try await aduan.complaint(code), by: officer)
            try await aduan.app.jobRunner.runUntilIdle()
            let resolved = try #require(try OutboxFlowTests.received(server, citizen).first { $0.contains("KK baru dapat diunduh.") })
            #expect(!resolved.contains("Content-Disposition: attachment"))
            #expect(resolved.contains("- KK-baru.pdf"))
            #expect(resolved.contains("diunduh di halaman pengaduan"))
        }
    }
}

@Suite("The sweep's messages to the citizen")
struct SweepMessagesTests {
    @Test("23 days after a request: one reminder naming the withdrawal date; at 30 days the withdrawal", arguments: TestDatabase.available)
    func reminderThenWithdrawal(database: TestDatabase) async throws {
        let server = try await TestSMTPServer.shared()
        let citizen = OutboxFlowTests.recipient("pengingat")
        try await withAduan(database, environment: OutboxFlowTests.environment(server)) { aduan in
            let officer = try await aduan.createUser("petugas", role: .pengelola)
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["email": citizen]))
            aduan.clock.advance(by: 60)
            try await ComplaintActions(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
                .perform(OfficerAction(type: .requestInfo, message: "Mohon kirim foto KK."), on: try await aduan.complaint(code), by: officer)
            let sweep = SLASweep(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
            aduan.clock.advance(by: 22 * 86_400)
            #expect(try await sweep.run().reminders == 0)
            aduan.clock.advance(by: 86_400 + 60)
            #expect(try await sweep.run().reminders == 1)
            #expect(try await sweep.run().reminders == 0, "once")
            try await aduan.app.jobRunner.runUntilIdle()
            aduan.clock.advance(by: 7 * 86_400)
            #expect(try await sweep.run().withdrawn == 1)
            try await aduan.app.jobRunner.runUntilIdle()
            let kinds = try await OutgoingMessage.query(on: aduan.app.db).sort(\.$createdAt).all().map(\.kind)
            #expect(kinds == [.receipt, .infoRequested, .withdrawalReminder, .withdrawn])
            let mails = try OutboxFlowTests.received(server, citizen)
            let reminder = try #require(mails.first { OutboxFlowTests.header("Subject", in: $0)?.contains("Pengingat") == true })
            #expect(try InboundMail.parse(Array(reminder.utf8)).text.contains("Rabu, 30 Desember 2026"), "the withdrawal date: 30 days after the request")
            #expect(OutboxFlowTests.header("Auto-Submitted", in: reminder) == "auto-generated")
        }
    }
}

import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// The officers' side of the chat channels: a complaint's conversation on its page, the conversations
/// not yet complaints (take over, write), and the admin's WhatsApp page with its templates. The
/// conversations and messages are written straight to the tables, as the chat ingest leaves them.
@Suite("Chat console: transcripts, conversations, WhatsApp administration")
struct ChatConsoleTests {
    static let fastHashing = StaffAuthTests.fastHashing
    static let waID = "6281234567890"

    // MARK: Fixtures

    @discardableResult
    func conversation(
        _ aduan: TestAduan, platform: ChatPlatform = .whatsapp, citizen: String = ChatConsoleTests.waID, name: String? = "Siti di WA",
        complaint: String? = nil, state: String? = nil, waitingSince: Date? = nil, takenBy: UUID? = nil,
        lastInbound: TimeInterval? = -3600, updated: TimeInterval = 0
    ) async throws -> ChatConversation {
        let now = aduan.clock.now()
        let conversation = ChatConversation(platform: platform, citizen: citizen, profileName: name, at: now.addingTimeInterval(updated))
        if let complaint { conversation.complaintID = try await aduan.complaint(complaint).requireID() }
        conversation.state = state
        conversation.waitingSince = waitingSince
        conversation.takenBy = takenBy
        conversation.lastInboundAt = lastInbound.map { now.addingTimeInterval($0) }
        try await conversation.create(on: aduan.app.db)
        return conversation
    }

    @discardableResult
    func message(
        _ aduan: TestAduan, _ conversation: ChatConversation, _ direction: ChatMessage.Direction, _ text: String?,
        kind: ChatMessage.Kind = .text, state: ChatMessage.State? = nil, at seconds: TimeInterval, attachment: UUID? = nil,
        errorCode: Int? = nil, error: String? = nil, attached: Bool = true
    ) async throws -> ChatMessage {
        let at = aduan.clock.now().addingTimeInterval(seconds)
        let message = ChatMessage(conversationID: try conversation.requireID(), direction: direction, kind: kind,
                                  state: state ?? (direction == .inbound ? .received : .sent), at: at)
        message.text = text
        message.sentAt = at
        message.attachmentID = attachment
        message.errorCode = errorCode
        message.error = error
        if attached { message.complaintID = conversation.complaintID }
        try await message.create(on: aduan.app.db)
        return message
    }

    func attachment(_ aduan: TestAduan, _ code: String, _ kind: AttachmentKind) async throws -> App.Attachment {
        let id = try await aduan.complaint(code).requireID()
        return try #require(try await App.Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == id).filter(\.$kind == kind).first())
    }

    func section(_ page: String, _ id: String) -> Substring {
        guard let start = page.range(of: "id=\"\(id)\"") else { return "" }
        let rest = page[start.lowerBound...]
        return rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
    }

    // MARK: The complaint page

    @Test("the complaint page shows its chat both ways in time order, with media, delivery states and the open window", arguments: TestDatabase.available)
    func complaintTranscript(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let chat = try await conversation(aduan, complaint: code, lastInbound: -3600)
            let photo = try await attachment(aduan, code, .kkPhoto)
            try await message(aduan, chat, .inbound, "Halo, KTP-el saya belum jadi", at: -7200)
            try await message(aduan, chat, .inbound, "Foto KK", kind: .image, at: -7100, attachment: photo.id)
            try await message(aduan, chat, .outbound, "Pengaduan Anda kami terima", state: .read, at: -7000)
            try await message(aduan, chat, .outbound, "Mohon kirim foto KTP-el", state: .delivered, at: -6000)
            try await message(aduan, chat, .outbound, "Jawaban kedua", state: .failed, at: -5000, errorCode: 131026, error: "Message undeliverable")
            try await message(aduan, chat, .outbound, "Masih antre", state: .queued, at: -10)
            try await aduan.createUser("budi", role: .pengelola)

            let (status, page) = try await aduan.get("/petugas/pengaduan/\(code)", as: try await aduan.signIn("budi"))

            #expect(status == .ok)
            let transcript = section(page, "chat")
            #expect(transcript.contains("Percakapan WhatsApp / Facebook / Instagram"))
            #expect(transcript.contains("+62 812-3456-7890") && transcript.contains("Siti di WA"))
            let first = try #require(transcript.range(of: "Halo, KTP-el saya belum jadi"))
            let last = try #require(transcript.range(of: "Masih antre"))
            #expect(first.lowerBound < last.lowerBound, "oldest first")
            #expect(transcript.contains("bubble bubble-inbound"))
            #expect(transcript.contains("bubble bubble-outbound bubble-read"))
            #expect(transcript.contains("Dibaca <span class=\"ticks\" aria-hidden=\"true\">✓✓</span>"))
            #expect(transcript.contains("Sampai <span class=\"ticks\" aria-hidden=\"true\">✓✓</span>"))
            #expect(transcript.contains(">Antre<") || transcript.contains(">Antre</span>"))
            #expect(transcript.contains("Kode 131026 · Message undeliverable"))
            #expect(transcript.contains("<img class=\"bubble-image\" src=\"/petugas/pengaduan/\(code)/dokumen/\(photo.id!.uuidString)\""))
            // 10.00 WIB less an hour, plus 24 hours: Tuesday 09.00 WIB.
            #expect(transcript.contains("Jendela 24 jam terbuka sampai Selasa, 1 Desember 2026 pukul 09.00 WIB"))
            #expect(transcript.contains("Senin, 30 November 2026 pukul 08.00 WIB"), "times in WIB")
            // The officer writes with the complaint's own reply action.
            #expect(transcript.contains("action=\"/petugas/pengaduan/\(code)/tindakan\""))
            #expect(transcript.contains("name=\"type\" value=\"reply\""))
        }
    }

    @Test("a closed window says the next message goes as a template; the reply from the chat form is the complaint's answer")
    func closedWindowAndReply() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let chat = try await conversation(aduan, complaint: code, lastInbound: -25 * 3600)
            try await message(aduan, chat, .inbound, "Halo", at: -25 * 3600)
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")

            let (_, page) = try await aduan.get("/petugas/pengaduan/\(code)", as: browser)
            let (status, location, _) = try await aduan.post("/petugas/pengaduan/\(code)/tindakan", ["type": "reply", "message": "Sudah kami proses."], as: browser)

            #expect(section(page, "chat").contains("Jendela 24 jam tertutup sejak Senin, 30 November 2026 pukul 09.00 WIB: pesan berikutnya dikirim sebagai templat."))
            #expect(section(page, "chat").contains("templat WhatsApp yang disetujui"))
            #expect(status == .seeOther && location == "/petugas/pengaduan/\(code)?ok=reply")
            let events = try await ComplaintEvent.query(on: aduan.app.db).filter(\.$action == .reply).all()
            #expect(events.map(\.message) == ["Sudah kami proses."])
        }
    }

    @Test("a complaint without a chat has no chat section")
    func noChat() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.createUser("budi", role: .pengelola)
            let (_, page) = try await aduan.get("/petugas/pengaduan/\(code)", as: try await aduan.signIn("budi"))
            #expect(!page.contains("id=\"chat\""))
        }
    }

    @Test("a unit member who may not see the identity sees the chat without the number, the name, the NIK or the identity photos", arguments: TestDatabase.available)
    func confidentialTranscript(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint(ConfidentialityTests.confidential)
            try await aduan.act(.forward, on: try await aduan.complaint(code)) { $0.unitCode = "capil" }
            let chat = try await conversation(aduan, complaint: code)
            let ktp = try await attachment(aduan, code, .ktpPhoto)
            try await message(aduan, chat, .inbound, "Nama saya \(Fixture.name), NIK \(Fixture.nik), HP 0812 3456 7890", at: -7200)
            try await message(aduan, chat, .inbound, nil, kind: .image, at: -7100, attachment: ktp.id)
            try await message(aduan, chat, .outbound, "Terima kasih", state: .delivered, at: -7000)
            try await aduan.createUser("capil1", role: .bidang, unit: "capil")
            try await aduan.createUser("budi", role: .pengelola)

            let (status, unitPage) = try await aduan.get("/petugas/pengaduan/\(code)", as: try await aduan.signIn("capil1"))
            let (_, officerPage) = try await aduan.get("/petugas/pengaduan/\(code)", as: try await aduan.signIn("budi"))

            #expect(status == .ok)
            let hidden = section(unitPage, "chat")
            #expect(hidden.contains("Terima kasih") && hidden.contains("Sampai"), "the chat itself shows")
            for secret in [Self.waID, "812-3456-7890", "0812 3456 7890", Fixture.nik, Fixture.name, "Siti di WA", ktp.id!.uuidString] {
                #expect(!hidden.contains(secret), "\(secret) shows to the unit")
            }
            #expect(hidden.contains("disembunyikan"))
            let shown = section(officerPage, "chat")
            #expect(shown.contains("+62 812-3456-7890") && shown.contains(Fixture.nik) && shown.contains(ktp.id!.uuidString))
        }
    }

    // MARK: Conversations not yet complaints

    @Test("the list shows only conversations not yet complaints with something going on, newest first; the menu counts who waits", arguments: TestDatabase.available)
    func conversationList(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let officer = try await aduan.createUser("budi", role: .pengelola)
            try await conversation(aduan, citizen: "6281100000001", name: "Intake Nik", state: #"{"step":"nik","answers":{"name":"x"}}"#, updated: -300)
            try await conversation(aduan, citizen: "6281100000002", name: "Menunggu Petugas", waitingSince: aduan.clock.now().addingTimeInterval(-60), updated: -60)
            try await conversation(aduan, citizen: "6281100000003", name: "Sudah Pengaduan", complaint: code, state: #"{"step":"nik"}"#)
            try await conversation(aduan, citizen: "6281100000004", name: "Tidak Ada Apa", updated: -10)
            try await conversation(aduan, platform: .messenger, citizen: "25031234567", name: "Diambil Alih", takenBy: officer.id, updated: -600)
            try await conversation(aduan, citizen: "6281100000006", name: "State Aneh", state: "not json", updated: -900)

            let (status, page) = try await aduan.get("/petugas/percakapan", as: try await aduan.signIn("budi"))

            #expect(status == .ok)
            let table = section(page, "conversations")
            let names = ["Menunggu Petugas", "Intake Nik", "Diambil Alih", "State Aneh"]
            let positions = try names.map { try #require(table.range(of: $0), "\($0) listed").lowerBound }
            #expect(positions == positions.sorted(), "newest first")
            #expect(!table.contains("Sudah Pengaduan") && !table.contains("Tidak Ada Apa"))
            #expect(table.contains("<td>Mengisi NIK</td>"), "the intake's step in the officer's words")
            #expect(table.contains("+62 811-0000-0001"), "an officer sees the whole number")
            #expect(table.contains("Facebook Messenger") && table.contains("Budi"))
            #expect(page.contains("id=\"nav-conversations\"") && page.contains("<span class=\"badge\" id=\"conversations-count\">1</span>"))
        }
    }

    @Test("a unit's staff have no conversations: no menu entry, 403 on the list, 404 on one")
    func unitSeesNoConversations() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let chat = try await conversation(aduan, waitingSince: aduan.clock.now())
            try await aduan.createUser("capil1", role: .bidang, unit: "capil")
            let browser = try await aduan.signIn("capil1")

            let (listStatus, _) = try await aduan.get("/petugas/percakapan", as: browser)
            let (detailStatus, _) = try await aduan.get("/petugas/percakapan/\(chat.id!.uuidString)", as: browser)
            let (_, queue) = try await aduan.get("/petugas/antrean", as: browser)

            #expect(listStatus == .forbidden)
            #expect(detailStatus == .notFound)
            #expect(!queue.contains("nav-conversations"))
        }
    }

    @Test("the detail page shows the transcript and the intake; taking over is audited and stops the intake", arguments: TestDatabase.available)
    func takeOver(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let chat = try await conversation(aduan, state: #"{"step":"description"}"#)
            try await message(aduan, chat, .inbound, "Saya mau mengadu soal akta", at: -3600)
            try await message(aduan, chat, .outbound, "Ceritakan masalah Anda", state: .sent, at: -3590)
            let officer = try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let path = "/petugas/percakapan/\(chat.id!.uuidString)"

            let (status, page) = try await aduan.get(path, as: browser)
            let (taken, location, _) = try await aduan.post(path + "/ambil-alih", [:], as: browser)
            let (_, after) = try await aduan.get(path + "?ok=taken", as: browser)

            #expect(status == .ok)
            #expect(section(page, "chat").contains("Saya mau mengadu soal akta") && section(page, "chat").contains("Terkirim"))
            #expect(page.contains("id=\"conversation-step\">Menulis uraian</dd>"), "the step in the officer's words, not its stored name")
            #expect(page.contains("id=\"take-over\""))
            #expect(page.contains("href=\"/petugas/pengaduan-baru?percakapan=\(chat.id!.uuidString)\""), "Jadikan pengaduan")
            #expect(taken == .seeOther && location == path + "?ok=taken")
            let stored = try #require(try await ChatConversation.find(chat.id, on: aduan.app.db))
            #expect(stored.takenBy == officer.id && stored.state == nil)
            let audit = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .chatTakenOver).all()
            #expect(audit.count == 1 && audit.first?.actorName == "budi" && audit.first?.detail?.contains(chat.id!.uuidString) == true)
            #expect(after.contains("Percakapan diambil alih") && after.contains("id=\"conversation-taken-by\">Budi<"))
            #expect(!after.contains("id=\"take-over\""), "nothing more to take over")
        }
    }

    @Test("\"Jadikan pengaduan\" opens the entry form with the chat's channel, number and words; the complaint entered takes the chat", arguments: TestDatabase.available)
    func makeComplaint(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let chat = try await conversation(aduan, name: "Siti Rahmawati", state: #"{"step":"service"}"#, waitingSince: aduan.clock.now())
            try await message(aduan, chat, .inbound, "Akta kelahiran anak saya salah nama.", at: -600)
            try await message(aduan, chat, .outbound, "Pilih layanan", state: .sent, at: -590, attached: false)
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")

            let (status, form) = try await aduan.get("/petugas/pengaduan-baru?percakapan=\(chat.id!.uuidString)", as: browser)

            #expect(status == .ok)
            #expect(form.contains("<option value=\"whatsapp\" selected>"))
            #expect(form.contains("value=\"+6281234567890\"") && form.contains("value=\"Siti Rahmawati\""))
            #expect(form.contains("Pesan warga lewat WhatsApp:\n&gt; Akta kelahiran anak saya salah nama."))
            #expect(form.contains("name=\"conversation\" value=\"\(chat.id!.uuidString)\""))

            var entry = Fixture.complaintForm(overriding: ["description": "Akta kelahiran anak saya salah nama, mohon dibetulkan."])
            entry.field("channel", "whatsapp")
            entry.field("conversation", chat.id!.uuidString)
            let (entered, body, location) = try await ConsoleEntryTests().submit(aduan, browser, entry)
            #expect(entered == .seeOther, "\(body.prefix(400))")
            let code = try #require(location?.firstMatch(of: /\/petugas\/pengaduan\/([A-Z0-9]{14})\?ok=submit/)?.1).description
            let complaint = try await aduan.complaint(code)
            let stored = try #require(try await ChatConversation.find(chat.id, on: aduan.app.db))
            #expect(stored.complaintID == complaint.id && stored.state == nil && stored.waitingSince == nil)
            #expect(try await ChatMessage.query(on: aduan.app.db).filter(\.$complaintID == complaint.id).count() == 2)
            let (_, list) = try await aduan.get("/petugas/percakapan", as: browser)
            #expect(list.contains("id=\"conversations-empty\""))
            let (_, page) = try await aduan.get("/petugas/pengaduan/\(code)", as: browser)
            #expect(section(page, "chat").contains("Akta kelahiran anak saya salah nama."))
        }
    }

    @Test("the head of office reads conversations but does not take them over or write in them")
    func pimpinanReadsOnly() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let chat = try await conversation(aduan, waitingSince: aduan.clock.now())
            try await aduan.createUser("kepala", role: .pimpinan)
            let browser = try await aduan.signIn("kepala")
            let path = "/petugas/percakapan/\(chat.id!.uuidString)"

            let (status, page) = try await aduan.get(path, as: browser)
            let (taken, _, _) = try await aduan.post(path + "/ambil-alih", [:], as: browser)
            let (written, _, _) = try await aduan.post(path + "/balas", ["message": "Halo"], as: browser)

            #expect(status == .ok && !page.contains("id=\"take-over\"") && !page.contains("id=\"chat-compose\""))
            #expect(taken == .forbidden && written == .forbidden)
            #expect(try await ChatMessage.query(on: aduan.app.db).count() == 0)
        }
    }

    @Test("writing queues a chat message and its deliver_chat job and takes the chat over; refused once the window is closed", arguments: TestDatabase.available)
    func reply(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let chat = try await conversation(aduan, state: #"{"step":"nik"}"#, waitingSince: aduan.clock.now(), lastInbound: -3600)
            let officer = try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let path = "/petugas/percakapan/\(chat.id!.uuidString)"

            let (status, location, _) = try await aduan.post(path + "/balas", ["message": "  Silakan kirim foto KK Anda.  "], as: browser)

            #expect(status == .seeOther && location == path + "?ok=queued")
            let message = try #require(try await ChatMessage.query(on: aduan.app.db).first())
            #expect(message.direction == .outbound && message.kind == .text && message.state == .queued)
            #expect(message.text == "Silakan kirim foto KK Anda.")
            let payload = try JSONDecoder().decode(ChatOutbound.self, from: Data(try #require(message.payload).utf8))
            #expect(payload == ChatOutbound(text: "Silakan kirim foto KK Anda."))
            let jobs = try await Job.query(on: aduan.app.db).filter(\.$kind == .deliverChat).all()
            #expect(jobs.map(\.reference) == [chat.id], "the chat's delivery job")
            let stored = try #require(try await ChatConversation.find(chat.id, on: aduan.app.db))
            #expect(stored.takenBy == officer.id && stored.state == nil, "the officer who writes takes over")
            let actions = try await AuditEntry.query(on: aduan.app.db).filter(\.$actorName == "budi").all().map(\.action)
            #expect(actions.contains(.chatReplied) && actions.contains(.chatTakenOver))

            // 23 hours later the window (opened an hour before the first reply) has closed.
            aduan.clock.advance(by: 23 * 3600)
            let later = try await aduan.signIn("budi")
            let (_, page) = try await aduan.get(path, as: later)
            let (refused, _, body) = try await aduan.post(path + "/balas", ["message": "Masih ada?"], as: later)

            #expect(section(page, "chat").contains("textarea id=\"chat-message\" name=\"message\" rows=\"3\" maxlength=\"4096\" aria-describedby=\"chat-compose-note\" disabled"))
            #expect(refused == .conflict)
            #expect(body.contains("sudah lebih dari 24 jam sejak warga terakhir menulis") && body.contains("Masih ada?"), "the words are kept")
            #expect(try await ChatMessage.query(on: aduan.app.db).count() == 1)
            #expect(try await Job.query(on: aduan.app.db).filter(\.$kind == .deliverChat).count() == 1)
        }
    }

    @Test("ChatOutbox refuses empty words and words without an open window, and queues nothing")
    func outboxRules() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let never = try await conversation(aduan, citizen: "6281100000010", lastInbound: nil)
            let open = try await conversation(aduan, citizen: "6281100000011", lastInbound: -60)
            let now = aduan.clock.now()

            await #expect(throws: ChatOutbox.Failure.windowClosed) { try await ChatOutbox.queueText("Halo", in: never, by: nil, at: now, on: aduan.app.db) }
            await #expect(throws: ChatOutbox.Failure.empty) { try await ChatOutbox.queueText(" \n ", in: open, by: nil, at: now, on: aduan.app.db) }
            await #expect(throws: ChatOutbox.Failure.tooLong) { try await ChatOutbox.queueText(String(repeating: "a", count: 4097), in: open, by: nil, at: now, on: aduan.app.db) }
            let queued = try await ChatOutbox.queueText("Halo", in: open, by: nil, at: now, on: aduan.app.db)

            #expect(try await ChatMessage.query(on: aduan.app.db).count() == 1)
            #expect(queued.state == .queued && queued.$conversation.id == open.id)
            #expect(try await ChatConversation.find(open.id, on: aduan.app.db)?.takenBy == nil, "the system writing takes nothing over")
        }
    }

    // MARK: The admin's WhatsApp page

    @Test("the admin page says both channels are off, which settings are missing, and the callback URLs")
    func adminOff() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let (status, page) = try await aduan.get("/petugas/admin/whatsapp", as: admin)

            #expect(status == .ok)
            let channels = section(page, "chat-channels")
            for variable in AdminWhatsAppController.whatsAppVariables + AdminWhatsAppController.metaVariables {
                #expect(channels.contains("<li class=\"mono\">\(variable)</li>"), "\(variable)")
            }
            #expect(channels.contains("WhatsApp belum diaktifkan") && channels.contains("Facebook Messenger dan Instagram belum diaktifkan"))
            #expect(channels.contains("https://graph.facebook.com/v23.0"))
            let callbacks = section(page, "callbacks")
            #expect(callbacks.contains("http://localhost:8080/webhooks/whatsapp") && callbacks.contains("http://localhost:8080/webhooks/meta"))
            #expect(page.contains("id=\"no-graph-errors\""))
            let (_, home) = try await aduan.get("/petugas/admin", as: admin)
            #expect(home.contains("href=\"/petugas/admin/whatsapp\""))
        }
    }

    @Test("configured, the page shows the phone number id and the Graph URL, never a secret; counts and the latest errors", arguments: TestDatabase.available)
    func adminOn(database: TestDatabase) async throws {
        let environment = Self.fastHashing.merging([
            "ADUAN_WHATSAPP_TOKEN": "EAAG-sangat-rahasia", "ADUAN_WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
            "ADUAN_WHATSAPP_APP_SECRET": "app-secret-rahasia", "ADUAN_WHATSAPP_VERIFY_TOKEN": "verify-rahasia",
            "ADUAN_PUBLIC_URL": "https://aduan.example.go.id", "ADUAN_GRAPH_API_URL": "http://127.0.0.1:9/v23.0",
        ]) { _, new in new }
        try await withAduan(database, environment: environment) { aduan in
            let code = try await aduan.fileComplaint()
            let chat = try await conversation(aduan, complaint: code)
            try await message(aduan, chat, .inbound, "Halo", at: -100)
            try await message(aduan, chat, .outbound, "Balasan", state: .delivered, at: -90)
            try await message(aduan, chat, .outbound, "Gagal", state: .failed, at: -80, errorCode: 131047, error: "Re-engagement message")
            try await message(aduan, chat, .inbound, "Lama sekali", at: -8 * 86_400)

            let (status, page) = try await aduan.get("/petugas/admin/whatsapp", as: try await aduan.signInAdmin())

            #expect(status == .ok)
            let whatsapp = section(page, "chat-channels")
            #expect(whatsapp.contains("106540352242922") && whatsapp.contains("http://127.0.0.1:9/v23.0"))
            #expect(!whatsapp.contains("<li class=\"mono\">ADUAN_WHATSAPP_TOKEN</li>"))
            #expect(whatsapp.contains("<li class=\"mono\">ADUAN_META_PAGE_TOKEN</li>"), "Meta is still off")
            #expect(whatsapp.components(separatedBy: "Atur variabel lingkungan").count == 2, "the hint to set variables only for the channel that is off")
            for secret in ["EAAG-sangat-rahasia", "app-secret-rahasia", "verify-rahasia"] { #expect(!page.contains(secret)) }
            #expect(section(page, "callbacks").contains("https://aduan.example.go.id/webhooks/whatsapp"))
            let counts = section(page, "chat-counts")
            #expect(counts.contains("id=\"count-inbound\">1<") && counts.contains("id=\"count-outbound\">2<") && counts.contains("id=\"count-chat-failed\">1<"))
            #expect(counts.contains("Kode 131047 · Re-engagement message") && counts.contains("href=\"/petugas/pengaduan/\(code)\""))
        }
    }

    @Test("a template's mistakes are named beside their fields, in Bahasa Indonesia")
    func templateValidation() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let path = "/petugas/admin/whatsapp/templat/answer"

            let (status, _, page) = try await aduan.post(path, [
                "name": "Status Pengaduan", "language": "indonesia", "parameters": "kode_pengaduan", "body": "Kode {{1}}", "intent": "save",
            ], as: admin)
            let (countStatus, _, countPage) = try await aduan.post(path, [
                "name": "status_pengaduan", "language": "id", "parameters": "kode", "body": "Kode {{1}}, baca {{2}}", "intent": "save",
            ], as: admin)
            let (numberingStatus, _, numberingPage) = try await aduan.post(path, [
                "name": "status_pengaduan", "language": "id", "parameters": "kode", "body": "Kode {{2}}", "intent": "save",
            ], as: admin)

            #expect(status == .unprocessableEntity)
            #expect(page.contains("id=\"name-error\">Nama templat hanya boleh berisi huruf kecil, angka dan garis bawah"))
            #expect(page.contains("id=\"language-error\">Kode bahasa tidak dikenal"))
            #expect(page.contains("id=\"parameters-error\">Kode isian kode_pengaduan tidak dikenal"))
            #expect(countStatus == .unprocessableEntity)
            #expect(countPage.contains("id=\"parameters-error\">Isi templat memuat 2 parameter, tetapi daftar parameter berisi 1"))
            #expect(numberingStatus == .unprocessableEntity && numberingPage.contains("id=\"body-error\">Parameter dalam isi templat harus ditulis {{1}}, {{2}}"))
            #expect(try await WhatsAppTemplate.query(on: aduan.app.db).count() == 0)
        }
    }

    @Test("the preview fills the approved body with a sample complaint; saving keeps it, audited, for the sender", arguments: TestDatabase.available)
    func templatePreviewAndSave(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let path = "/petugas/admin/whatsapp/templat/answer"
            let fields = ["name": "tanggapan_pengaduan", "language": "id", "parameters": "kode, tautan",
                          "body": "Pengaduan {{1}} sudah ditanggapi petugas. Baca tanggapannya: {{2}}"]

            let (previewStatus, _, preview) = try await aduan.post(path, fields.merging(["intent": "preview"]) { a, _ in a }, as: admin)
            let unsaved = try await WhatsAppTemplate.query(on: aduan.app.db).count()
            let (saved, location, _) = try await aduan.post(path, fields.merging(["intent": "save"]) { a, _ in a }, as: admin)
            let (_, overview) = try await aduan.get("/petugas/admin/whatsapp", as: admin)

            #expect(previewStatus == .ok)
            #expect(preview.contains("id=\"preview-text\">Pengaduan KXV25-7FDHX-CRQQ sudah ditanggapi petugas. Baca tanggapannya: http://localhost:8080/tautan/contoh<"))
            #expect(unsaved == 0, "a preview saves nothing")
            #expect(saved == .seeOther && location == path + "?ok=whatsapp_template_saved")
            let template = try #require(try await WhatsAppTemplates(db: aduan.app.db).template(for: .answer))
            #expect(template.name == "tanggapan_pengaduan" && template.language == "id" && template.parameters == ["kode", "tautan"])
            #expect(template.parameters(values: ["kode": "ABC", "tautan": "https://x/t"]) == ["ABC", "https://x/t"])
            #expect(template.preview(values: ["kode": "ABC", "tautan": "https://x/t"]) == "Pengaduan ABC sudah ditanggapi petugas. Baca tanggapannya: https://x/t")
            #expect(try await WhatsAppTemplates(db: aduan.app.db).template(for: .receipt) == nil)
            let audit = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .settingsChanged).all()
            #expect(audit.contains { $0.detail == "whatsapp template saved answer tanggapan_pengaduan id" })
            #expect(section(overview, "whatsapp-templates").contains("<span class=\"mono\">tanggapan_pengaduan</span>"))
            #expect(section(overview, "whatsapp-templates").contains("{kode}, {tautan}"))

            let (removed, back, _) = try await aduan.post(path + "/hapus", [:], as: admin)
            #expect(removed == .seeOther && back == "/petugas/admin/whatsapp?ok=whatsapp_template_deleted")
            #expect(try await WhatsAppTemplates(db: aduan.app.db).template(for: .answer) == nil)
        }
    }

    @Test("only the admin reaches the WhatsApp page", arguments: [StaffRole.pengelola, .pimpinan])
    func adminOnly(role: StaffRole) async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("orang", role: role)
            let (status, _) = try await aduan.get("/petugas/admin/whatsapp", as: try await aduan.signIn("orang"))
            #expect(status == .forbidden)
        }
    }

    // MARK: The view model alone

    @Test("the transcript's view model: order by the platform's clock, ticks, words from the payload, a masked number")
    func viewModel() throws {
        let conversation = ChatConversation(platform: .whatsapp, citizen: Self.waID, profileName: "Siti", at: mondayMorning)
        conversation.id = UUID()
        conversation.lastInboundAt = mondayMorning
        func make(_ direction: ChatMessage.Direction, _ state: ChatMessage.State, text: String?, payload: String? = nil, created: TimeInterval, sent: TimeInterval?) -> ChatMessage {
            let message = ChatMessage(conversationID: conversation.id!, direction: direction, kind: .text, state: state, at: mondayMorning.addingTimeInterval(created))
            message.id = UUID()
            message.text = text
            message.payload = payload
            message.sentAt = sent.map { mondayMorning.addingTimeInterval($0) }
            return message
        }
        let prompt = String(decoding: try JSONEncoder().encode(ChatOutbound(text: "Pilih:", style: .buttons, options: [.init(id: "a", title: "Buat pengaduan")])), as: UTF8.self)
        let messages = ChatTranscriptView.ordered([
            make(.outbound, .sent, text: nil, payload: prompt, created: 20, sent: 25),
            // Stored late, but written before the prompt by the citizen's clock.
            make(.inbound, .received, text: "Halo", created: 30, sent: 10),
            make(.outbound, .read, text: "Dibaca", created: 40, sent: 41),
        ])
        let view = ChatTranscriptView(
            .init(conversation: conversation, messages: messages, attachments: [:], truncated: false),
            presentation: .init(identityVisible: true, fullContact: false, documentHref: { _ in nil }, compose: nil, now: mondayMorning.addingTimeInterval(60)),
            catalogue: CatalogueTests.catalogue, language: .en, dates: DateText(timeZone: TimeZone(identifier: "Asia/Jakarta")!))

        #expect(view.bubbles.map(\.text) == ["Halo", "Pilih:\n\n1. Buat pengaduan", "Dibaca"])
        #expect(view.bubbles.map(\.ticks) == [nil, "✓", "✓✓"])
        #expect(view.bubbles.map(\.stateLabel) == [nil, "Sent", "Read"])
        #expect(view.contact == "•••• 7890")
        #expect(view.window.open && view.window.text == "24-hour window open until Tuesday, 1 December 2026 at 10:00 WIB: messages go out as plain text.")
        #expect(ChatTranscriptView.redacted("NIK 1310054507900001, mail a@b.id, kode 2026", terms: [], with: "(x)") == "NIK (x), mail (x), kode 2026")
        #expect(ChatIntakeStep.step(of: #"{"step":"kk_photo","x":1}"#) == "kk_photo")
        #expect(ChatIntakeStep.step(of: #"{"step":{"documents":{"count":2}}}"#) == "documents")
        #expect(ChatIntakeStep.step(of: "[1,2]") == nil && ChatIntakeStep.step(of: nil) == nil)
    }
}

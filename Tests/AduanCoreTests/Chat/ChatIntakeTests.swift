import Foundation
import Testing
@testable import AduanCore

/// A citizen's chat with the intake: the state carried from one message to the next, as the App stores it.
struct Chat {
    typealias Step = ChatIntakeState.Step

    var context: ChatIntakeContext
    var state: ChatIntakeState?
    /// Every effect so far, in order.
    var effects: [ChatEffect] = []

    init(_ platform: ChatPlatform = .whatsapp, contactPhone: PhoneNumber? = IntakeFixture.waNumber, rules: SubmissionRules = IntakeFixture.rules) {
        context = ChatIntakeContext(
            platform: platform, rules: rules, services: IntakeFixture.services, contactPhone: contactPhone,
            privacyURL: "https://aduan.example/privasi", officeHours: IntakeFixture.hours, officeName: "Disdukcapil Dharmasraya"
        )
    }

    @discardableResult
    mutating func send(_ input: ChatInput) -> ChatTurn {
        let turn = ChatIntake.handle(input, state: state, context: context)
        state = turn.state
        effects += turn.effects
        return turn
    }

    @discardableResult
    mutating func say(_ text: String) -> ChatTurn { send(.text(text)) }

    @discardableResult
    mutating func photo(_ name: String = "foto.jpg") -> ChatTurn { send(.file(.accepted(isImage: true, name: name))) }

    /// Answers each question with a valid answer until the intake asks `step`.
    static func at(_ step: Step, _ platform: ChatPlatform = .whatsapp, contactPhone: PhoneNumber? = IntakeFixture.waNumber) throws -> Chat {
        var chat = Chat(platform, contactPhone: contactPhone)
        chat.say("halo")
        var guardCount = 0
        while chat.state?.step != step {
            guardCount += 1
            guard guardCount < 20, let current = chat.state?.step else { throw IntakeFixture.Unreachable(step: step) }
            switch current {
            case .menu: chat.say("1")
            case .service: chat.send(.choice(id: "svc:ktp_el", title: "KTP-el"))
            case .description: chat.say(IntakeFixture.description)
            case .name: chat.say("Siti  Nurhaliza")
            case .nik: chat.say(IntakeFixture.nik)
            case .kkNumber: chat.say(IntakeFixture.kk)
            case .kkPhoto: chat.photo("kk.jpg")
            case .ktpPhoto: chat.photo("ktp.jpg")
            case .documents: chat.say("selesai")
            case .email: chat.say("lewati")
            case .phone: chat.say(contactPhone == nil ? "0813 1111 2222" : "ya")
            case .consent, .statusCode, .officer: throw IntakeFixture.Unreachable(step: step)
            }
        }
        return chat
    }
}

enum IntakeFixture {
    struct Unreachable: Error { let step: ChatIntakeState.Step }

    static let services: [(code: String, name: String)] = [
        ("kk", "Kartu Keluarga (KK)"), ("ktp_el", "KTP-el"), ("pindah", "Surat Keterangan Pindah (SKPWNI)"),
        ("akta_kelahiran", "Akta Kelahiran"), ("akta_kematian", "Akta Kematian"), ("akta_perkawinan", "Akta Perkawinan"),
        ("akta_perceraian", "Akta Perceraian"), ("kia", "Kartu Identitas Anak (KIA)"),
        ("ikd", "Identitas Kependudukan Digital (IKD)"), ("biodata", "Perbaikan biodata"), ("nik", "NIK tidak aktif/ganda"),
        ("lainnya", "Lainnya"),
    ]
    static let today = Fixture.day("2026-12-02")
    static let rules = SubmissionRules(serviceCodes: Set(services.map(\.code)), districts: [:], today: today)
    static let hours = "Senin–Kamis 08.00–16.00 WIB, Jumat 08.00–16.30 WIB"
    static let waNumber = try! PhoneNumber("6281234567890")
    /// A woman born on 10 May 1990 in Dharmasraya (13.10.01), serial 0003.
    static let nik = "1310 0150 0590 0003"
    static let kk = "1310010101230001"
    static let description = "KTP-el saya belum jadi sejak 3 bulan, padahal sudah rekam di kecamatan."

    static func code(seed: UInt64) -> TrackingCode {
        var generator = SplitMix64(seed: seed)
        return TrackingCode.generate(using: &generator)
    }
}

extension ChatTurn {
    var reply: ChatPrompt? { replies.last }
    var leadKeys: [String] { replies.last?.lead.map(\.key) ?? [] }
    var optionIDs: [String] { replies.last?.options.map(\.id) ?? [] }
}

@Suite("Chat intake: greeting and menu")
struct ChatIntakeMenuTests {
    @Test("a first message is greeted with the office hours, the promise and the three choices")
    func greeting() throws {
        var chat = Chat()
        let turn = chat.say("Halo")

        let reply = try #require(turn.reply)
        #expect(turn.replies.count == 1)
        #expect(turn.state == ChatIntakeState.start())
        #expect(reply.lead == [ChatLine("chat.greeting", ["office": "Disdukcapil Dharmasraya", "hours": IntakeFixture.hours])])
        #expect(reply.key == "chat.menu.ask")
        #expect(reply.style == .buttons)
        #expect(turn.optionIDs == ["menu:complaint", "menu:status", "menu:officer"])
        #expect(turn.effects.isEmpty, "a greeting is not a note for the officer")
    }

    @Test("a first message that says something is kept for the officer, and greeted")
    func firstMessageKept() {
        var chat = Chat()
        let turn = chat.say("KTP elektronik saya belum jadi sejak 3 bulan")
        #expect(turn.effects == [.keepNote("KTP elektronik saya belum jadi sejak 3 bulan")])
        #expect(turn.state?.notes == ["KTP elektronik saya belum jadi sejak 3 bulan"])
        #expect(turn.leadKeys == ["chat.greeting", "chat.note.kept"])
        #expect(turn.state?.step == .menu)
    }

    @Test("a first message that is a tracking code is looked up at once")
    func firstMessageCode() {
        let code = IntakeFixture.code(seed: 7)
        var chat = Chat()
        let turn = chat.say(code.display.lowercased())
        #expect(turn.state == nil)
        #expect(turn.effects == [.checkStatus(code: code.value)])
    }

    @Test("a menu choice is made by number, title (any case, either language) or button id", arguments: [
        (ChatInput.text("1"), ChatIntakeState.Step.service), (.text("2"), .statusCode), (.text("3"), .officer),
        (.text("Buat pengaduan"), .service), (.text("*BUAT PENGADUAN*"), .service), (.text("file a complaint"), .service),
        (.text("cek status pengaduan"), .statusCode), (.text("Check status"), .statusCode),
        (.text("Bicara ke petugas"), .officer), (.text("talk to an officer"), .officer),
        (.choice(id: "menu:complaint", title: "Buat pengaduan"), .service), (.choice(id: "menu:status", title: "x"), .statusCode),
        (.choice(id: "menu:officer", title: "x"), .officer),
    ])
    func menuChoice(input: ChatInput, expected: ChatIntakeState.Step) {
        var chat = Chat()
        chat.say("halo")
        let turn = chat.send(input)
        #expect(turn.state?.step == expected)
        #expect(turn.state?.trail == [.menu])
    }

    @Test("an unknown answer or number at the menu is asked again; a number out of range is no choice")
    func unknownAtMenu() {
        var chat = Chat()
        chat.say("halo")
        let number = chat.say("4")
        #expect(number.state?.step == .menu)
        #expect(number.leadKeys == ["chat.choice.unknown"])
        #expect(number.effects.isEmpty)

        let words = chat.say("saya mau tanya soal akta")
        #expect(words.state?.step == .menu)
        #expect(words.leadKeys == ["chat.note.kept", "chat.menu.unknown"])
        #expect(words.effects == [.keepNote("saya mau tanya soal akta")])
    }

    @Test("the button of an old greeting still works as the first message")
    func oldButton() {
        var chat = Chat()
        let turn = chat.send(.choice(id: "menu:complaint", title: "Buat pengaduan"))
        #expect(turn.state?.step == .service)
        #expect(turn.leadKeys == ["chat.complaint.intro"])
    }
}

@Suite("Chat intake: a whole complaint")
struct ChatIntakeFilingTests {
    @Test("WhatsApp: greeting to filing, with a wrong NIK asked again, two photos and a PDF")
    func wholeIntake() throws {
        var chat = Chat()
        chat.say("Assalamualaikum")
        let service = chat.say("1")
        #expect(service.reply?.key == "chat.service.ask")
        #expect(service.reply?.style == .list)
        #expect(service.reply?.listButtonKey == "chat.service.list_button")

        let description = chat.send(.choice(id: "svc:ktp_el", title: "KTP-el"))
        #expect(description.reply?.key == "chat.description.ask")
        #expect(description.reply?.values == ["service": "KTP-el"])

        #expect(chat.say("  " + IntakeFixture.description + "\n").reply?.key == "chat.name.ask")
        #expect(chat.say("Siti   Nurhaliza").reply?.key == "chat.nik.ask")

        let wrong = chat.say("1310014005900003")
        #expect(wrong.state?.step == .nik)
        #expect(wrong.leadKeys == ["validation.nik.birth_date"])
        #expect(wrong.reply?.key == "chat.nik.ask")

        #expect(chat.say(IntakeFixture.nik).reply?.key == "chat.kk.ask")
        #expect(chat.say("1310-0101-0123-0001").reply?.key == "chat.kk_photo.ask")

        let kkPhoto = chat.photo("kk.jpg")
        #expect(kkPhoto.effects == [.keepFile(as: .kkPhoto)])
        #expect(kkPhoto.leadKeys == ["chat.kk_photo.received"])
        #expect(kkPhoto.reply?.key == "chat.ktp_photo.ask")

        let ktpPhoto = chat.photo("ktp.jpg")
        #expect(ktpPhoto.effects == [.keepFile(as: .ktpPhoto)])
        #expect(ktpPhoto.reply?.key == "chat.documents.ask")
        #expect(ktpPhoto.optionIDs == ["docs:done"])

        let pdf = chat.send(.file(.accepted(isImage: false, name: "surat.pdf")))
        #expect(pdf.effects == [.keepFile(as: .document)])
        #expect(pdf.reply?.key == "chat.documents.more")
        #expect(pdf.reply?.values["count"] == "1")

        let email = chat.say("Selesai")
        #expect(email.reply?.key == "chat.email.ask")
        #expect(email.optionIDs == ["skip"])

        let phone = chat.send(.choice(id: "skip", title: "Lewati"))
        #expect(phone.reply?.key == "chat.phone.confirm")
        #expect(phone.reply?.values == ["phone": "+62 812-3456-7890"])
        #expect(phone.optionIDs == ["phone:yes", "phone:other"])

        let consent = chat.send(.choice(id: "phone:yes", title: "Ya"))
        #expect(consent.replies.map(\.key) == ["chat.summary.title", "chat.consent.ask"])
        #expect(consent.reply?.values == ["office": "Disdukcapil Dharmasraya", "privacy_url": "https://aduan.example/privasi"])
        #expect(consent.optionIDs == ["consent:yes", "consent:no"])

        let filed = chat.send(.choice(id: "consent:yes", title: "Setuju"))
        #expect(filed.state == nil)
        #expect(filed.replies.isEmpty, "the App sends the receipt with the tracking code")
        let expected = ValidComplaintSubmission(
            name: "Siti Nurhaliza", nik: try NIK(IntakeFixture.nik, today: IntakeFixture.today), kkNumber: try KKNumber(IntakeFixture.kk),
            phone: IntakeFixture.waNumber, email: nil, serviceCode: "ktp_el", classification: .pengaduan, districtCode: nil,
            nagariCode: nil, description: IntakeFixture.description, confidential: false
        )
        #expect(filed.effects == [.file(expected)])
        #expect(chat.effects == [.keepFile(as: .kkPhoto), .keepFile(as: .ktpPhoto), .keepFile(as: .document), .file(expected)])
    }

    @Test("Messenger without a number: the phone is asked, checked and given with the complaint")
    func messengerAsksPhone() throws {
        var chat = try Chat.at(.phone, .messenger, contactPhone: nil)
        let ask = try #require(ChatIntake.handle(.text("bantuan"), state: chat.state, context: chat.context).reply)
        #expect(ask.key == "chat.phone.ask")
        #expect(ask.options.isEmpty)

        let landline = chat.say("0754 71234")
        #expect(landline.state?.step == .phone)
        #expect(landline.leadKeys == ["validation.phone.landline"])

        chat.say("0813-1111-2222")
        #expect(chat.state?.step == .consent)
        let filed = chat.say("setuju")
        guard case .file(let valid)? = filed.effects.last else {
            Issue.record("not filed: \(filed)")
            return
        }
        #expect(valid.phone?.value == "6281311112222")
    }

    @Test("WhatsApp: another number than the chat's is typed after *Nomor lain*; kembali returns to the question")
    func anotherNumber() throws {
        var chat = try Chat.at(.phone)
        let other = chat.say("2")
        #expect(other.state?.typingPhone == true)
        #expect(other.reply?.key == "chat.phone.ask")
        let back = chat.say("kembali")
        #expect(back.state?.step == .phone)
        #expect(back.reply?.key == "chat.phone.confirm")
        chat.say("nomor lain")
        chat.say("+62 821 7000 8000")
        #expect(chat.state?.answers.phone == "6282170008000")
        #expect(chat.state?.step == .consent)
    }

    @Test("a number typed at the confirmation is taken as the number")
    func numberTypedAtConfirmation() throws {
        var chat = try Chat.at(.phone)
        chat.say("0821 7000 8000")
        #expect(chat.state?.answers.phone == "6282170008000")
        #expect(chat.state?.step == .consent)
    }

    @Test("the summary lists what was collected, the NIK and KK number showing only their last four digits")
    func summary() throws {
        var chat = try Chat.at(.email)
        chat.say("siti@Gmail.com")
        let turn = chat.say("ya")
        let summary = try #require(turn.replies.first)
        #expect(summary.key == "chat.summary.title")
        #expect(summary.lines == [
            ChatLine("chat.summary.service", ["service": "KTP-el"]),
            ChatLine("chat.summary.description", ["description": IntakeFixture.description]),
            ChatLine("chat.summary.name", ["name": "Siti Nurhaliza"]),
            ChatLine("chat.summary.nik", ["nik": "••••••••••••0003"]),
            ChatLine("chat.summary.kk", ["kk": "••••••••••••0001"]),
            ChatLine("chat.summary.kk_photo"), ChatLine("chat.summary.ktp_photo"),
            ChatLine("chat.summary.email", ["email": "siti@gmail.com"]),
            ChatLine("chat.summary.phone", ["phone": "+62 812-3456-7890"]),
        ])
        let shown = summary.lines.flatMap(\.values.values).joined(separator: " ")
        #expect(!shown.contains("13100150"), "no more of the NIK than its last digits")
    }

    @Test("a long description is cut in the summary, kept whole in the answers")
    func longDescriptionSummary() throws {
        var chat = try Chat.at(.description)
        let long = String(repeating: "Sudah tiga kali datang ke kantor. ", count: 20)
        chat.say(long)
        #expect(chat.state?.answers.description == long.trimmingCharacters(in: .whitespaces))
        var last: ChatTurn?
        while chat.state?.step != .consent {
            switch chat.state?.step {
            case .name: last = chat.say("Siti")
            case .nik: last = chat.say(IntakeFixture.nik)
            case .kkNumber: last = chat.say(IntakeFixture.kk)
            case .kkPhoto, .ktpPhoto: last = chat.photo()
            case .documents: last = chat.say("selesai")
            case .email: last = chat.say("skip")
            default: last = chat.say("yes")
            }
        }
        let line = try #require(last?.replies.first?.lines.first { $0.key == "chat.summary.description" })
        let shown = try #require(line.values["description"])
        #expect(shown.count <= 160)
        #expect(shown.count > 100)
        #expect(shown.hasSuffix("…"))
    }

    @Test("not agreeing explains it and offers to agree, go back or cancel")
    func consentDeclined() throws {
        var chat = try Chat.at(.consent)
        let declined = chat.send(.choice(id: "consent:no", title: "Tidak setuju"))
        #expect(declined.state?.step == .consent)
        #expect(declined.state?.answers.consent == false)
        #expect(declined.reply?.key == "chat.consent.declined")
        #expect(declined.optionIDs == ["consent:yes", "cmd:back", "cmd:cancel"])
        #expect(!declined.effects.contains { if case .file = $0 { true } else { false } })

        let back = chat.say("2")
        #expect(back.state?.step == .phone)
        #expect(back.state?.consentDeclined == false)

        chat.say("ya")
        chat.say("tidak")
        let cancel = chat.send(.choice(id: "cmd:cancel", title: "Batal"))
        #expect(cancel.state == nil)
        #expect(cancel.effects == [.cancelled])
    }

    @Test("the web form's check is the last word: a service withdrawn meanwhile is asked again with the reason")
    func finalCheck() throws {
        var chat = try Chat.at(.consent)
        chat.context.rules.serviceCodes.remove("ktp_el")
        let turn = chat.say("setuju")
        #expect(turn.state?.step == .service)
        #expect(turn.state?.trail == [.menu])
        #expect(turn.leadKeys == ["validation.service.unknown"])
        #expect(turn.state?.answers.consent == false)
        #expect(!turn.effects.contains { if case .file = $0 { true } else { false } })
    }
}

@Suite("Chat intake: answers checked as on the web form")
struct ChatIntakeValidationTests {
    @Test("a wrong NIK is asked again with the reason, then accepted", arguments: [
        ("131001500590", "validation.nik.not_sixteen_digits"),
        ("9910015005900003", "validation.nik.unknown_province"),
        ("1300015005900003", "validation.nik.invalid_region"),
        ("1310014005900003", "validation.nik.birth_date"),
        ("1310011013900003", "validation.nik.birth_date"),
        ("1310015005900000", "validation.nik.zero_serial"),
        ("NIK saya 1310", "validation.nik.not_sixteen_digits"),
    ])
    func wrongNIK(raw: String, reason: String) throws {
        var chat = try Chat.at(.nik)
        let wrong = chat.say(raw)
        #expect(wrong.state?.step == .nik)
        #expect(wrong.leadKeys == [reason])
        #expect(wrong.reply?.key == "chat.nik.ask")
        #expect(wrong.effects.isEmpty)

        let right = chat.say(IntakeFixture.nik)
        #expect(right.state?.step == .kkNumber)
        #expect(right.state?.answers.nik == "1310015005900003")
    }

    @Test("each typed answer has the web form's rule", arguments: [
        (ChatIntakeState.Step.description, "KTP?", "validation.description.too_short"),
        (.description, String(repeating: "a", count: 5001), "validation.description.too_long"),
        (.name, "S", "validation.name.length"),
        (.name, String(repeating: "Siti ", count: 30), "validation.name.length"),
        (.kkNumber, "1310", "validation.kk.not_sixteen_digits"),
        (.kkNumber, "0010010101230001", "validation.kk.invalid_region"),
        (.email, "siti@gmail", "validation.email.invalid"),
        (.email, "siti gmail.com", "validation.email.invalid"),
    ])
    func rules(step: ChatIntakeState.Step, raw: String, reason: String) throws {
        var chat = try Chat.at(step)
        let turn = chat.say(raw)
        #expect(turn.state?.step == step)
        #expect(turn.leadKeys == [reason])
    }

    @Test("a phone number is checked where it is typed", arguments: [
        ("0754 71234", "validation.phone.landline"), ("0812", "validation.phone.wrong_length"),
        ("+1 555 0100 200", "validation.phone.not_mobile"), ("0812 3456 789x", "validation.phone.invalid_characters"),
    ])
    func phone(raw: String, reason: String) throws {
        var chat = try Chat.at(.phone, .instagram, contactPhone: nil)
        let turn = chat.say(raw)
        #expect(turn.state?.step == .phone)
        #expect(turn.leadKeys == [reason])
    }

    @Test("an e-mail address is required where the rules say so: no *Lewati* then")
    func requiredEmail() throws {
        var chat = try Chat.at(.documents)
        chat.context.rules.requireEmail = true
        let turn = chat.say("selesai")
        #expect(turn.reply?.key == "chat.email.ask_required")
        #expect(turn.optionIDs.isEmpty)
        let skip = chat.say("lewati")
        #expect(skip.state?.step == .email)
        #expect(skip.leadKeys == ["validation.email.invalid"])
    }

    @Test("a field the channel may leave out can be skipped (here the NIK)")
    func optionalField() throws {
        var chat = Chat(rules: SubmissionRules(
            serviceCodes: Set(IntakeFixture.services.map(\.code)), districts: [:], today: IntakeFixture.today, optionalFields: [.nik]
        ))
        chat.say("halo")
        chat.say("1")
        chat.say("KTP-el")
        chat.say(IntakeFixture.description)
        let nik = chat.say("Siti")
        #expect(nik.optionIDs == ["skip"])
        chat.say("1")
        #expect(chat.state?.step == .kkNumber)
        #expect(chat.state?.answers.nik == nil)
    }
}

@Suite("Chat intake: services")
struct ChatIntakeServiceTests {
    @Test("WhatsApp: twelve services in pages of a ten-row list, with *Layanan lainnya* and back")
    func whatsappPages() throws {
        var chat = try Chat.at(.service)
        let first = try #require(ChatIntake.handle(.text("bantuan"), state: chat.state, context: chat.context).reply)
        #expect(first.options.map(\.id) == IntakeFixture.services.prefix(9).map { "svc:\($0.code)" } + ["svc:more"])
        #expect(first.lines.isEmpty, "WhatsApp shows the full names in the rows' descriptions")

        let second = chat.say("10")
        #expect(second.state?.servicePage == 1)
        #expect(second.reply?.key == "chat.service.ask_more")
        #expect(second.optionIDs == ["svc:biodata", "svc:nik", "svc:lainnya", "svc:prev"])

        let back = chat.say("kembali")
        #expect(back.state?.step == .service)
        #expect(back.state?.servicePage == 0)

        chat.send(.choice(id: "svc:more", title: "Layanan lainnya"))
        let chosen = chat.say("2")
        #expect(chosen.state?.answers.serviceCode == "nik")
        #expect(chosen.state?.step == .description)
    }

    @Test("titles and descriptions fit WhatsApp's limits; a shortened title keeps the full name beneath")
    func whatsappLimits() throws {
        let chat = try Chat.at(.service)
        var options: [ChatPromptOption] = []
        for page in 0..<2 {
            var state = try #require(chat.state)
            state.servicePage = page
            let prompt = ChatIntake.prompt(for: state, context: chat.context)
            #expect(prompt.options.count <= 10)
            options += prompt.options
        }
        for option in options {
            if case .literal(let title) = option.title { #expect(title.count <= 24, "\(title)") }
            if case .literal(let description)? = option.description { #expect(description.count <= 72) }
        }
        let ikd = try #require(options.first { $0.id == "svc:ikd" })
        #expect(ikd.title == .literal("Identitas Kependudukan…"))
        #expect(ikd.description == .literal("Identitas Kependudukan Digital (IKD)"))
        let kk = try #require(options.first { $0.id == "svc:kk" })
        #expect(kk.title == .literal("Kartu Keluarga (KK)"))
        #expect(kk.description == nil)
    }

    @Test("Messenger: all twelve as quick replies of at most 20 characters, the full names numbered above")
    func messengerQuickReplies() throws {
        let chat = try Chat.at(.service, .messenger, contactPhone: nil)
        let prompt = ChatIntake.prompt(for: try #require(chat.state), context: chat.context)
        #expect(prompt.options.count == 12)
        #expect(prompt.options.count <= 13)
        for option in prompt.options {
            guard case .literal(let title) = option.title else { Issue.record("\(option)"); continue }
            #expect(title.count <= 20, "\(title)")
        }
        #expect(prompt.options.first { $0.id == "svc:kia" }?.title == .literal("Kartu Identitas Anak"))
        #expect(prompt.lines.count == 12)
        #expect(prompt.lines[2] == ChatLine("chat.service.row", ["number": "3", "name": "Surat Keterangan Pindah (SKPWNI)"]))
    }

    @Test("a service is chosen by its name typed, its code, or the one name containing the words", arguments: [
        ("akta kelahiran", "akta_kelahiran"), ("AKTA KEMATIAN", "akta_kematian"), ("kia", "kia"), ("ktp", "ktp_el"),
        ("Identitas Kependudukan Digital (IKD)", "ikd"), ("surat keterangan pindah", "pindah"), ("lainnya", "lainnya"),
    ])
    func typedService(raw: String, code: String) throws {
        var chat = try Chat.at(.service)
        let turn = chat.say(raw)
        #expect(turn.state?.answers.serviceCode == code)
        #expect(turn.state?.step == .description)
    }

    @Test("an ambiguous or unknown service is asked again with the reason")
    func unknownService() throws {
        var chat = try Chat.at(.service)
        let turn = chat.say("akta")
        #expect(turn.state?.step == .service)
        #expect(turn.leadKeys == ["validation.service.unknown"])
        #expect(turn.effects.isEmpty)
        let sentence = chat.say("kartu saya hilang waktu banjir")
        #expect(sentence.effects == [.keepNote("kartu saya hilang waktu banjir")])
        #expect(sentence.leadKeys == ["chat.note.kept", "validation.service.unknown"])
    }

    @Test("service pages never exceed the rows, and cover every service once", arguments: [
        (12, 10), (12, 13), (10, 10), (11, 10), (30, 10), (1, 10), (0, 10),
    ])
    func pages(count: Int, rows: Int) {
        let pages = ChatIntakeConversation.servicePages(count: count, rows: rows)
        #expect(pages.flatMap { Array($0) } == Array(0..<count))
        for (index, page) in pages.enumerated() {
            let extra = (index > 0 ? 1 : 0) + (index + 1 < pages.count ? 1 : 0)
            #expect(page.count + extra <= rows)
        }
    }
}

@Suite("Chat intake: batal, kembali, bantuan, menu")
struct ChatIntakeCommandTests {
    @Test("batal at any step ends the intake and says how to start again", arguments: [
        ChatIntakeState.Step.menu, .service, .description, .nik, .kkPhoto, .documents, .email, .phone, .consent,
    ])
    func cancel(step: ChatIntakeState.Step) throws {
        var chat = try Chat.at(step)
        let turn = chat.say(step == .nik ? "Cancel" : "batal")
        #expect(turn.state == nil)
        #expect(turn.effects == [.cancelled])
        #expect(turn.replies.map(\.key) == ["chat.cancelled"])
    }

    @Test("kembali goes back one step", arguments: [
        (ChatIntakeState.Step.service, ChatIntakeState.Step.menu), (.description, .service), (.name, .description),
        (.nik, .name), (.kkNumber, .nik), (.kkPhoto, .kkNumber), (.email, .documents), (.phone, .email), (.consent, .phone),
    ])
    func back(from step: ChatIntakeState.Step, to expected: ChatIntakeState.Step) throws {
        var chat = try Chat.at(step)
        let answers = try #require(chat.state?.answers)
        let turn = chat.say("kembali")
        #expect(turn.state?.step == expected)
        #expect(turn.effects.isEmpty)
        #expect(turn.state?.answers == answers, "going back forgets nothing but a photo")
        #expect(turn.reply?.key == ChatIntake.prompt(for: try #require(turn.state), context: chat.context).key)
    }

    @Test("kembali to a photo step forgets the photo kept there")
    func backOverPhotos() throws {
        var chat = try Chat.at(.documents)
        #expect(chat.state?.answers.hasKTPPhoto == true)
        let toKTP = chat.say("back")
        #expect(toKTP.state?.step == .ktpPhoto)
        #expect(toKTP.effects == [.dropFiles(.ktpPhoto)])
        #expect(toKTP.state?.answers.hasKTPPhoto == false)

        let toKK = chat.say("kembali")
        #expect(toKK.state?.step == .kkPhoto)
        #expect(toKK.effects == [.dropFiles(.kkPhoto)])
        #expect(toKK.state?.answers.hasKKPhoto == false)

        let again = chat.photo("kk-baru.jpg")
        #expect(again.effects == [.keepFile(as: .kkPhoto)])
        #expect(again.state?.step == .ktpPhoto)
    }

    @Test("kembali at the menu has nowhere to go")
    func backAtStart() {
        var chat = Chat()
        chat.say("halo")
        let turn = chat.say("kembali")
        #expect(turn.state?.step == .menu)
        #expect(turn.leadKeys == ["chat.back.at_start"])
    }

    @Test("bantuan explains the step and the commands and asks the same question again", arguments: [
        (ChatIntakeState.Step.menu, "chat.help.menu"), (.service, "chat.help.service"), (.description, "chat.help.description"),
        (.name, "chat.help.name"), (.nik, "chat.help.nik"), (.kkNumber, "chat.help.kk_number"), (.kkPhoto, "chat.help.kk_photo"),
        (.ktpPhoto, "chat.help.ktp_photo"), (.documents, "chat.help.documents"), (.email, "chat.help.email"),
        (.phone, "chat.help.phone"), (.consent, "chat.help.consent"),
    ])
    func help(step: ChatIntakeState.Step, key: String) throws {
        var chat = try Chat.at(step)
        let before = try #require(chat.state)
        let turn = chat.say(step == .email ? "HELP" : "bantuan")
        #expect(turn.state == before)
        #expect(turn.effects.isEmpty)
        #expect(turn.leadKeys == [key, "chat.help.commands"])
        #expect(turn.reply?.key == ChatIntake.prompt(for: before, context: chat.context).key)
        #expect(turn.reply?.options == ChatIntake.prompt(for: before, context: chat.context).options)
    }

    @Test("menu during a complaint starts again: its files are dropped, its notes stay")
    func menuRestarts() throws {
        var chat = try Chat.at(.ktpPhoto)
        chat.say("KK asli ada di rumah orang tua saya")
        let turn = chat.say("menu")
        #expect(turn.state?.step == .menu)
        #expect(turn.state?.answers == ChatIntakeAnswers())
        #expect(turn.state?.notes == ["KK asli ada di rumah orang tua saya"])
        #expect(turn.effects == [.cancelled])
        #expect(turn.leadKeys == ["chat.menu.restarted"])
    }

    @Test("the button of an earlier question is not taken for an answer")
    func staleChoice() throws {
        var chat = try Chat.at(.name)
        let turn = chat.send(.choice(id: "svc:kk", title: "Kartu Keluarga (KK)"))
        #expect(turn.state?.step == .name)
        #expect(turn.state?.answers.name == nil)
        #expect(turn.leadKeys == ["chat.choice.stale"])
    }

    @Test("petugas at any step hands over, keeping what was answered")
    func officerMidway() throws {
        var chat = try Chat.at(.nik)
        let turn = chat.say("petugas")
        #expect(turn.effects == [.handOver])
        #expect(turn.state?.step == .officer)
        #expect(turn.state?.answers.name == "Siti Nurhaliza")
        let back = chat.say("kembali")
        #expect(back.state?.step == .nik)
    }
}

@Suite("Chat intake: files, notes and locations")
struct ChatIntakeFileTests {
    @Test("a refused or lost file is asked for again with the reason, and not kept", arguments: [
        (ChatFileOutcome.refused(messageKey: "upload.unsupported_type"), "upload.unsupported_type"),
        (.refused(messageKey: "upload.too_large", values: ["max": "10 MB"]), "upload.too_large"),
        (.unavailable, "chat.file.unavailable"),
    ])
    func refused(outcome: ChatFileOutcome, reason: String) throws {
        var chat = try Chat.at(.kkPhoto)
        let turn = chat.send(.file(outcome))
        #expect(turn.state?.step == .kkPhoto)
        #expect(turn.effects.isEmpty)
        #expect(turn.leadKeys == [reason])
        if case .refused(_, let values) = outcome { #expect(turn.reply?.lead.first?.values == values) }
        #expect(turn.reply?.key == "chat.kk_photo.ask")
    }

    @Test("a PDF is as good as a photo for the KK")
    func pdfForKK() throws {
        var chat = try Chat.at(.kkPhoto)
        let turn = chat.send(.file(.accepted(isImage: false, name: "kk.pdf")))
        #expect(turn.effects == [.keepFile(as: .kkPhoto)])
        #expect(turn.state?.step == .ktpPhoto)
    }

    @Test("text at a photo step is kept for the officer and the photo asked again")
    func textAtPhotoStep() throws {
        var chat = try Chat.at(.ktpPhoto)
        let turn = chat.say("KTP saya hilang")
        #expect(turn.state?.step == .ktpPhoto)
        #expect(turn.effects == [.keepNote("KTP saya hilang")])
        #expect(turn.state?.notes == ["KTP saya hilang"])
        #expect(turn.leadKeys == ["chat.note.kept", "chat.photo.expected"])
        let thanks = chat.say("ok")
        #expect(thanks.effects.isEmpty)
        #expect(thanks.leadKeys == ["chat.photo.expected"])
    }

    @Test("a photo at a question that wants words is kept as a further document, and the question asked again", arguments: [
        ChatIntakeState.Step.description, .name, .nik, .email,
    ])
    func photoAtTextStep(step: ChatIntakeState.Step) throws {
        var chat = try Chat.at(step)
        let turn = chat.photo()
        #expect(turn.state?.step == step)
        #expect(turn.effects == [.keepFile(as: .document)])
        #expect(turn.state?.answers.documentCount == 1)
        #expect(turn.leadKeys == ["chat.file.kept_as_document"])
    }

    @Test("ten further documents at most; the tenth moves on to the e-mail")
    func documentLimit() throws {
        var chat = try Chat.at(.documents)
        for n in 1...9 {
            let turn = chat.photo("dok\(n).jpg")
            #expect(turn.state?.step == .documents)
            #expect(turn.reply?.values["count"] == String(n))
        }
        let tenth = chat.photo("dok10.jpg")
        #expect(tenth.effects == [.keepFile(as: .document)])
        #expect(tenth.state?.step == .email)
        #expect(tenth.leadKeys == ["chat.documents.full"])
        let eleventh = chat.photo("dok11.jpg")
        #expect(eleventh.effects.isEmpty, "no eleventh document")
        #expect(eleventh.leadKeys == ["upload.too_many"])
        #expect(chat.effects.filter { $0 == .keepFile(as: .document) }.count == 10)
    }

    @Test("text at the documents step is kept; selesai, done and its number finish", arguments: ["selesai", "Done", "1", "tidak ada"])
    func documentsDone(word: String) throws {
        var chat = try Chat.at(.documents)
        let note = chat.say("Surat dari desa menyusul minggu depan")
        #expect(note.effects == [.keepNote("Surat dari desa menyusul minggu depan")])
        #expect(note.state?.step == .documents)
        #expect(chat.say(word).state?.step == .email)
    }

    @Test("a location is kept at any step, and the question asked again")
    func location() throws {
        let place = ChatLocation(latitude: -1.05, longitude: 101.6, name: "Kantor Wali Nagari", address: "Pulau Punjung")
        var chat = try Chat.at(.name)
        let turn = chat.send(.location(place))
        #expect(turn.effects == [.keepLocation(place)])
        #expect(turn.state?.answers.location == place)
        #expect(turn.state?.step == .name)
        #expect(turn.leadKeys == ["chat.location.kept"])
    }

    @Test("a sticker is answered with what can be sent")
    func unsupported() throws {
        var chat = try Chat.at(.description)
        let turn = chat.send(.unsupported(type: "sticker"))
        #expect(turn.state?.step == .description)
        #expect(turn.effects.isEmpty)
        #expect(turn.leadKeys == ["chat.unsupported"])
    }
}

@Suite("Chat intake: status and officer")
struct ChatIntakeStatusOfficerTests {
    @Test("Cek status: a wrong code is asked again with the reason; a right one, however typed, is looked up")
    func status() throws {
        let code = IntakeFixture.code(seed: 42)
        var chat = Chat()
        chat.say("halo")
        let ask = chat.say("2")
        #expect(ask.reply?.key == "chat.status.ask")

        let short = chat.say("7KQ4M")
        #expect(short.state?.step == .statusCode)
        #expect(short.leadKeys == ["validation.tracking_code.wrong_length"])

        var typo = Array(code.value)
        typo[3] = typo[3] == "2" ? "3" : "2"
        let mistyped = chat.say(String(typo))
        #expect(mistyped.leadKeys == ["validation.tracking_code.check_failed"])

        let found = chat.say(" " + code.display.lowercased().replacingOccurrences(of: "-", with: " ") + " ")
        #expect(found.state == nil)
        #expect(found.effects == [.checkStatus(code: code.value)])
        #expect(found.replies.isEmpty, "the App answers with the status")
    }

    @Test("a code inside a sentence is found")
    func codeInSentence() throws {
        let code = IntakeFixture.code(seed: 3)
        var chat = Chat()
        chat.say("halo")
        chat.say("cek status")
        let turn = chat.say("kode saya \(code.display.lowercased()) terima kasih")
        #expect(turn.effects == [.checkStatus(code: code.value)])
    }

    @Test("Bicara ke petugas: handed over; messages kept, acknowledged once, files kept as documents")
    func officer() throws {
        var chat = Chat()
        chat.say("halo")
        let handOver = chat.say("3")
        #expect(handOver.effects == [.handOver])
        #expect(handOver.state?.step == .officer)
        #expect(handOver.replies.map(\.key) == ["chat.officer.handover"])
        #expect(handOver.reply?.values == ["hours": IntakeFixture.hours])

        let first = chat.say("Akta kelahiran anak saya salah nama")
        #expect(first.effects == [.keepNote("Akta kelahiran anak saya salah nama")])
        #expect(first.replies.map(\.key) == ["chat.officer.noted"])

        let second = chat.say("1")
        #expect(second.effects == [.keepNote("1")], "no more bot questions: a number is a message for the officer")
        #expect(second.replies.isEmpty)

        let photo = chat.photo()
        #expect(photo.effects == [.keepFile(as: .document)])
        #expect(photo.replies.isEmpty)

        let again = chat.say("petugas")
        #expect(again.effects.isEmpty)
        #expect(again.replies.isEmpty)
        #expect(again.state?.step == .officer)

        let menu = chat.say("menu")
        #expect(menu.state?.step == .menu)
    }
}

@Suite("Chat intake: stored state and rendering")
struct ChatIntakeStateTests {
    @Test("the state survives a JSON round trip")
    func roundTrip() throws {
        var chat = try Chat.at(.documents)
        chat.say("surat desa menyusul")
        chat.send(.location(ChatLocation(latitude: -1, longitude: 101)))
        let state = try #require(chat.state)
        let data = try JSONEncoder().encode(state)
        let decoded = try JSONDecoder().decode(ChatIntakeState.self, from: data)
        #expect(decoded == state)
        #expect(decoded.answers.nik == "1310015005900003")
        #expect(decoded.trail == [.menu, .service, .description, .name, .nik, .kkNumber, .kkPhoto, .ktpPhoto])
    }

    @Test("a state stored before a field existed still reads, with the field's default")
    func lenientDecoding() throws {
        let json = #"{"step":"nik","trail":["menu","service"],"answers":{"serviceCode":"kk"}}"#
        let state = try JSONDecoder().decode(ChatIntakeState.self, from: Data(json.utf8))
        #expect(state.step == .nik)
        #expect(state.answers.serviceCode == "kk")
        #expect(state.answers.documentCount == 0)
        #expect(state.notes.isEmpty)
        #expect(!state.typingPhone)
    }

    @Test("an unanswered conversation ends with a message and its files dropped")
    func expired() throws {
        let chat = try Chat.at(.documents)
        let turn = ChatIntake.expired(try #require(chat.state))
        #expect(turn.state == nil)
        #expect(turn.effects == [.cancelled])
        #expect(turn.replies.map(\.key) == ["chat.expired"])
    }

    @Test("a prompt renders as lead paragraphs, its words with lines under them, and its options")
    func outbound() {
        let prompt = ChatPrompt(
            "q", ["x": "1"], lead: [ChatLine("a"), ChatLine("b", ["y": "2"])], lines: [ChatLine("l1"), ChatLine("l2")],
            style: .list, options: [ChatPromptOption(id: "o1", title: .key("t1"), description: .literal("full name")),
                                    ChatPromptOption(id: "o2", title: .literal("Dua"))],
            listButtonKey: "button"
        )
        let message = prompt.outbound { key, values in key.uppercased() + values.sorted { $0.key < $1.key }.map { "[\($0.key)=\($0.value)]" }.joined() }
        #expect(message.text == "A\n\nB[y=2]\n\nQ[x=1]\nL1\nL2")
        #expect(message.style == .list)
        #expect(message.options == [ChatOutbound.Option(id: "o1", title: "T1", description: "full name"), ChatOutbound.Option(id: "o2", title: "Dua")])
        #expect(message.listButton == "BUTTON")
        #expect(prompt.keys == ["a", "b", "q", "l1", "l2", "t1", "button"])
    }

    @Test("typed words are compared without case, spaces or the punctuation around them", arguments: [
        ("  *Batal*  ", "batal"), ("Selesai.", "selesai"), ("YA!", "ya"), ("1)", "1"), ("Tidak   setuju", "tidak setuju"),
        ("?", "?"), ("-", "-"),
    ])
    func normalized(raw: String, expected: String) {
        #expect(ChatIntake.normalized(raw) == expected)
    }
}

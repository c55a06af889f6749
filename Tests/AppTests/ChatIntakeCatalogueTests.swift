import AduanCore
import Foundation
import Testing
@testable import App

/// The chat intake says everything by catalogue key: each key it can emit has a text in both languages, its
/// placeholders are filled, its labels fit what WhatsApp and Messenger accept, and every button's title,
/// typed, is understood as pressing it.
@Suite("Chat intake texts")
struct ChatIntakeCatalogueTests {
    static let catalogue = CatalogueTests.catalogue
    static let services: [(code: String, name: String)] = [
        ("kk", "Kartu Keluarga (KK)"), ("ktp_el", "KTP-el"), ("pindah", "Surat Keterangan Pindah (SKPWNI)"),
        ("akta_kelahiran", "Akta Kelahiran"), ("akta_kematian", "Akta Kematian"), ("akta_perkawinan", "Akta Perkawinan"),
        ("akta_perceraian", "Akta Perceraian"), ("kia", "Kartu Identitas Anak (KIA)"),
        ("ikd", "Identitas Kependudukan Digital (IKD)"), ("biodata", "Perbaikan biodata"), ("nik", "NIK tidak aktif/ganda"),
        ("lainnya", "Lainnya"),
    ]

    static func context(_ platform: ChatPlatform) -> ChatIntakeContext {
        ChatIntakeContext(
            platform: platform,
            rules: SubmissionRules(serviceCodes: Set(services.map(\.code)), districts: [:], today: CivilDate(iso: "2026-12-02")!),
            services: services, contactPhone: platform == .whatsapp ? try! PhoneNumber("6281234567890") : nil,
            privacyURL: "https://aduan.example/privasi", officeHours: "Senin–Kamis 08.00–16.00 WIB, Jumat 08.00–16.30 WIB",
            officeName: "Disdukcapil Dharmasraya"
        )
    }

    static let photo = ChatInput.file(.accepted(isImage: true, name: "foto.jpg"))
    static let help = ChatInput.text("bantuan")

    /// A conversation that passes every step, asks for help at each, and makes the mistakes the intake
    /// answers: every turn it gives, with the state it leaves.
    static func turns(_ platform: ChatPlatform) -> [ChatTurn] {
        let context = context(platform)
        var turns: [ChatTurn] = []
        var state: ChatIntakeState?
        func run(_ inputs: [ChatInput]) {
            for input in inputs {
                let turn = ChatIntake.handle(input, state: state, context: context)
                turns.append(turn)
                state = turn.state
            }
        }
        let code = TrackingCode.generate()
        let complaint: [ChatInput] = [
            .text("Assalamualaikum, KTP saya belum jadi"), help, .text("kembali"), .text("saya bingung sekali"), .text("9"), .unsupported(type: "sticker"),
            .location(ChatLocation(latitude: -1, longitude: 101)), photo, .text("1"), help, .text("10"), help, .text("kembali"),
            .text("akta"), .choice(id: "svc:ktp_el", title: "KTP-el"), help, .text("KTP?"), .text(String(repeating: "a", count: 5001)),
            photo, .file(.refused(messageKey: "upload.unsupported_type")), .file(.unavailable),
            .choice(id: "svc:kk", title: "Kartu Keluarga (KK)"),
            .text("KTP-el saya belum jadi sejak 3 bulan, padahal sudah rekam di kecamatan."), help, .text("S"), .text("Siti Nurhaliza"),
            help, .text("1310014005900003"), .text("12"), .text("9910015005900003"), .text("1300015005900003"),
            .text("1310015005900000"), .text("1310015005900003"), help, .text("1310"), .text("0010010101230001"),
            .text("1310010101230001"), help, .text("KK saya di rumah orang tua"), .file(.refused(messageKey: "upload.too_large", values: ["max": "10 MB"])),
            photo, help, photo, help, .text("surat menyusul"), photo, .text("selesai"), help, .text("siti@gmail"), .text("siti@gmail.com"),
            help, .text("2"), .text("0754 71234"), .text("+1 555 0100 200"), .text("0812"), .text("0812 3456 789x"),
            .text("0812 3456 7890"), help, .text("hmm"), .text("tidak setuju"), help, .text("kembali"), .text("kembali"),
            .text("lewati"), .text("0812 3456 7890"),
        ]
        run(complaint)
        let consent = state
        run([.text("setuju")])
        state = consent
        run([.text("menu")])
        run([.text("2"), help, .text("7KQ4M"), photo, .text(code.display)])
        run([.text("halo"), .text("3"), help, .text("Akta anak saya salah"), photo, .file(.refused(messageKey: "upload.damaged")),
             .file(.unavailable), .unsupported(type: "contacts"), .text("menu"), .text("1")])
        run(Array(repeating: photo, count: 8) + [.choice(id: "svc:kk", title: "x"), .text("batal")])
        state = try? JSONDecoder().decode(ChatIntakeState.self, from: Data(#"{"step":"documents","answers":{"documentCount":9}}"#.utf8))
        run([photo, photo])
        state = try? JSONDecoder().decode(ChatIntakeState.self, from: Data(#"{"step":"ktpPhoto"}"#.utf8))
        run([photo])
        if let state { turns.append(ChatIntake.expired(state)) }
        return turns
    }

    static let platforms: [ChatPlatform] = [.whatsapp, .messenger]

    /// What the turns send, and each state's question as `ChatIntake.prompt(for:)` gives it on resuming.
    static func prompts(_ platform: ChatPlatform) -> [ChatPrompt] {
        let turns = turns(platform)
        return turns.flatMap(\.replies) + turns.compactMap(\.state).map { ChatIntake.prompt(for: $0, context: context(platform)) }
    }

    @Test("every key the intake emits has a text in both languages, its placeholders filled", arguments: platforms)
    func keysExist(platform: ChatPlatform) {
        let known = (id: Self.catalogue.keys(.id), en: Self.catalogue.keys(.en))
        let prompts = Self.prompts(platform)
        let keys = Set(prompts.flatMap(\.keys))
        #expect(keys.count > 60, "the conversation reaches most of the texts: \(keys.count)")
        #expect(keys.subtracting(known.id).isEmpty, "missing in id: \(keys.subtracting(known.id).sorted())")
        #expect(keys.subtracting(known.en).isEmpty, "missing in en: \(keys.subtracting(known.en).sorted())")
        for language in Language.allCases {
            for prompt in prompts {
                let message = prompt.outbound { Self.catalogue.text($0, language, $1) }
                #expect(!message.text.contains("{"), "unfilled placeholder in \(prompt.key): \(message.text)")
            }
        }
    }

    @Test("every chat text of the catalogue is reached by the conversation (none is dead)")
    func noDeadTexts() {
        let emitted = Set(Self.platforms.flatMap { Self.prompts($0).flatMap(\.keys) })
        let chatKeys = Self.catalogue.keys(.id).filter { $0.hasPrefix("chat.") }
        // Reached only in configurations the sample office does not use (an e-mail required, a field optional).
        let elsewhere: Set<String> = ["chat.email.ask_required", "chat.option.skip", "chat.summary.kk_photo_missing", "chat.summary.ktp_photo_missing"]
        #expect(chatKeys.subtracting(emitted).subtracting(elsewhere).isEmpty, "\(chatKeys.subtracting(emitted).subtracting(elsewhere).sorted())")
    }

    @Test("labels fit the platform: WhatsApp buttons, lists and bodies; Messenger quick replies", arguments: platforms)
    func limits(platform: ChatPlatform) {
        for language in Language.allCases {
            for prompt in Self.prompts(platform) {
                let message = prompt.outbound { Self.catalogue.text($0, language, $1) }
                let label = "\(prompt.key) (\(language))"
                if message.options.isEmpty {
                    #expect(message.text.count <= 4096, "\(label)")
                    continue
                }
                // An interactive message's body holds 1024 characters.
                #expect(message.text.count <= 1024, "\(label): \(message.text.count)")
                switch (platform.hasInteractiveMessages, message.style) {
                case (true, .list):
                    #expect(message.options.count <= 10, "\(label)")
                    #expect((message.listButton ?? "").count <= 20, "\(label)")
                    for option in message.options {
                        #expect(option.title.count <= 24, "\(label): \(option.title)")
                        #expect((option.description ?? "").count <= 72, "\(label): \(option.description ?? "")")
                    }
                case (true, _):
                    #expect(message.options.count <= 3, "\(label)")
                    for option in message.options { #expect(option.title.count <= 20, "\(label): \(option.title)") }
                case (false, _):
                    #expect(message.options.count <= 13, "\(label)")
                    for option in message.options { #expect(option.title.count <= 20, "\(label): \(option.title)") }
                }
            }
        }
    }

    @Test("a button's title typed, in either language, does what pressing it does", arguments: platforms)
    func typedTitles(platform: ChatPlatform) {
        let context = Self.context(platform)
        var checked = 0
        for turn in Self.turns(platform) {
            guard let state = turn.state, let prompt = turn.replies.last, state.step != .officer else { continue }
            for option in prompt.options {
                guard case .key(let key) = option.title else { continue }
                let pressed = ChatIntake.handle(.choice(id: option.id, title: ""), state: state, context: context)
                for language in Language.allCases {
                    let title = Self.catalogue.text(key, language)
                    let typed = ChatIntake.handle(.text(title), state: state, context: context)
                    #expect(typed == pressed, "\"\(title)\" at \(state.step)")
                    checked += 1
                }
            }
        }
        #expect(checked > 20)
    }
}

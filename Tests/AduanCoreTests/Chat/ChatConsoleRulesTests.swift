import AduanCore
import Foundation
import Testing

@Suite("The 24-hour window of a chat")
struct ChatWindowTests {
    static let wrote = Date(timeIntervalSince1970: 1_796_007_600)

    static let boundaries: [(TimeInterval, Bool)] = [
        (0, true), (60, true), (86_399, true), (86_400, false), (86_401, false), (259_200, false),
    ]

    @Test("open for 24 hours after the citizen's latest message, closed from that instant on", arguments: boundaries)
    func boundary(after seconds: TimeInterval, open: Bool) {
        #expect(ChatWindow.isOpen(lastInbound: Self.wrote, now: Self.wrote.addingTimeInterval(seconds)) == open)
    }

    @Test("closes exactly 24 hours after the message; a chat whose citizen never wrote has no window")
    func closing() {
        #expect(ChatWindow.closesAt(lastInbound: Self.wrote) == Self.wrote.addingTimeInterval(86_400))
        #expect(ChatWindow.closesAt(lastInbound: nil) == nil)
        #expect(!ChatWindow.isOpen(lastInbound: nil, now: Self.wrote))
    }

    @Test("a message stamped a little in the future by the platform's clock keeps the window open")
    func clockSkew() {
        #expect(ChatWindow.isOpen(lastInbound: Self.wrote.addingTimeInterval(30), now: Self.wrote))
    }
}

@Suite("WhatsApp templates: what the admin describes is checked and filled")
struct ChatTemplateSpecTests {
    static let known = MessageText.placeholders

    func spec(name: String = "status_pengaduan", language: String = "id", parameters: [String] = ["kode", "tautan"],
              body: String = "Pengaduan {{1}} sudah ditanggapi. Baca di {{2}}") -> ChatTemplateSpec {
        ChatTemplateSpec(name: name, language: language, parameters: parameters, body: body)
    }

    @Test("a template as Meta shows it passes")
    func valid() {
        #expect(spec().problems(knownPlaceholders: Self.known).isEmpty)
        #expect(spec(parameters: [], body: "Terima kasih.").problems(knownPlaceholders: Self.known).isEmpty)
        #expect(spec(language: "en_US").problems(knownPlaceholders: Self.known).isEmpty)
    }

    @Test("names: lowercase letters, digits and underscores, 1 to 512", arguments: [
        ("status_pengaduan", true), ("a", true), ("tanda_terima_2", true), ("", false), ("Status", false),
        ("status-pengaduan", false), ("status pengaduan", false), ("pengadüan", false),
        (String(repeating: "a", count: 512), true), (String(repeating: "a", count: 513), false),
    ])
    func names(name: String, valid: Bool) {
        #expect(ChatTemplateSpec.isValidName(name) == valid)
    }

    @Test("language codes as Meta writes them", arguments: [
        ("id", true), ("en", true), ("en_US", true), ("pt_BR", true), ("fil", true),
        ("", false), ("ID", false), ("en_us", false), ("en-US", false), ("indonesia", false), ("en_USA", false), ("_US", false),
    ])
    func languages(code: String, valid: Bool) {
        #expect(ChatTemplateSpec.isValidLanguage(code) == valid)
    }

    @Test("each field's problem", arguments: [
        (ChatTemplateSpec(name: "Bad Name", language: "id", parameters: [], body: "x"), ChatTemplateSpec.Field.name, ChatTemplateSpec.Problem.nameInvalid),
        (ChatTemplateSpec(name: "ok", language: "Indonesia", parameters: [], body: "x"), .language, .languageInvalid),
        (ChatTemplateSpec(name: "ok", language: "id", parameters: ["kode_pengaduan"], body: "{{1}}"), .parameters, .unknownParameter("kode_pengaduan")),
        (ChatTemplateSpec(name: "ok", language: "id", parameters: ["kode"], body: "Kode {{1}}, tautan {{2}}"), .parameters, .parameterCount(body: 2, parameters: 1)),
        (ChatTemplateSpec(name: "ok", language: "id", parameters: ["kode", "tautan"], body: "Kode {{1}}"), .parameters, .parameterCount(body: 1, parameters: 2)),
        (ChatTemplateSpec(name: "ok", language: "id", parameters: ["kode"], body: "Kode {{2}}"), .body, .bodyNumbering),
        (ChatTemplateSpec(name: "ok", language: "id", parameters: ["kode"], body: "Kode {{kode}}"), .body, .bodyNumbering),
        (ChatTemplateSpec(name: "ok", language: "id", parameters: ["kode"], body: "Kode {{1"), .body, .bodyNumbering),
        (ChatTemplateSpec(name: "ok", language: "id", parameters: [], body: "  \n"), .body, .bodyEmpty),
        (ChatTemplateSpec(name: "ok", language: "id", parameters: [], body: String(repeating: "a", count: 1025)), .body, .bodyTooLong),
    ])
    func problems(spec: ChatTemplateSpec, field: ChatTemplateSpec.Field, problem: ChatTemplateSpec.Problem) {
        let found = spec.problems(knownPlaceholders: Self.known)
        #expect(found[field] == problem, "\(found)")
        #expect(found.count == 1, "\(found)")
    }

    @Test("a number used twice counts once")
    func repeatedNumber() {
        #expect(spec(parameters: ["kode"], body: "{{1}} … {{1}}").problems(knownPlaceholders: Self.known).isEmpty)
        #expect(ChatTemplateSpec.numbers(in: "a {{2}} b {{1}} {{2}}") == [2, 1, 2])
    }

    @Test("the parameter list is read from commas or spaces, braces dropped")
    func parameterList() {
        #expect(ChatTemplateSpec.parameterList("kode, tautan") == ["kode", "tautan"])
        #expect(ChatTemplateSpec.parameterList(" {kode}  {tautan}\n") == ["kode", "tautan"])
        #expect(ChatTemplateSpec.parameterList("") == [])
    }

    @Test("the preview fills each number with its placeholder's value; values Meta refuses are made plain")
    func preview() {
        let values = ["kode": "KXV25-7FDHX-CRQQ", "tautan": "https://aduan.example/tautan/abc"]
        #expect(spec().preview(values) == "Pengaduan KXV25-7FDHX-CRQQ sudah ditanggapi. Baca di https://aduan.example/tautan/abc")
        #expect(spec(parameters: ["pesan"], body: "Jawaban: {{1}}").parameterValues(["pesan": "Baris satu\nbaris\tdua     spasi"])
            == ["Baris satu baris dua spasi"])
        #expect(spec(parameters: ["unit"], body: "{{1}}").parameterValues([:]) == ["-"], "Meta refuses an empty parameter")
        #expect(ChatTemplateSpec.fill("{{1}} {{2}}", with: ["{{2}}", "b"]) == "{{2}} b", "a value is not read again")
    }
}

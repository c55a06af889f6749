import Foundation
import Testing
@testable import AduanCore

/// The committed webhook posts (Tests/AduanCoreTests/Fixtures/chat): `whatsapp-text` and
/// `whatsapp-image` are the samples of shared/integrations/wa byte for byte (without the trailing
/// newline, as CONTRACTS.md signs them); the others are written after Meta's reference payloads.
enum ChatFixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/chat"),
                               "fixture \(name).json")
        return [UInt8](try Data(contentsOf: url))
    }

    static func whatsapp(_ name: String) throws -> ChatWebhook {
        try WhatsAppWebhook.parse(bytes("whatsapp-\(name)"))
    }

    static func meta(_ name: String) throws -> ChatWebhook {
        try MessengerWebhook.parse(bytes(name))
    }

    static func seconds(_ value: TimeInterval) -> Date { Date(timeIntervalSince1970: value) }

    static let phoneNumberID = "106540352242922"
    static let siti = "6281234567890"
    static func wamid(_ letter: String) -> String { "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBBMDA3RjA1QkNBMDhGNkE\(letter)AA==" }
}

@Suite("WhatsApp webhook: the Cloud API's posts read")
struct WhatsAppWebhookTests {
    @Test("the sample text message: id, sender, profile name, Meta's time, the words")
    func text() throws {
        let webhook = try ChatFixture.whatsapp("text")
        #expect(webhook.statuses.isEmpty && webhook.watermarks.isEmpty)
        #expect(webhook.messages == [InboundChatMessage(
            platform: .whatsapp, externalID: ChatFixture.wamid("2"), from: ChatFixture.siti, profileName: "Siti Nurhaliza",
            sentAt: ChatFixture.seconds(1_717_400_000), content: .text("KTP elektronik saya belum jadi sejak 3 bulan"),
            businessID: ChatFixture.phoneNumberID)])
    }

    @Test("the sample image: a Graph media id with its type, checksum and caption")
    func image() throws {
        let message = try #require(try ChatFixture.whatsapp("image").messages.first)
        #expect(message.externalID == ChatFixture.wamid("3"))
        #expect(message.sentAt == ChatFixture.seconds(1_717_400_060))
        #expect(message.content == .media(ChatMedia(
            kind: .image, source: .graphMedia(id: "1003383421387256"), mimeType: "image/jpeg",
            sha256: "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=", caption: "Foto bukti pengambilan KK")))
    }

    @Test("media of each kind", arguments: [
        ("document", ChatMedia(kind: .document, source: .graphMedia(id: "1003383421387301"), mimeType: "application/pdf",
                               sha256: "6b0a7f1c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5", caption: "Scan KK", filename: "KK Siti.pdf")),
        ("audio-voice", ChatMedia(kind: .audio, source: .graphMedia(id: "1003383421387302"), mimeType: "audio/ogg; codecs=opus",
                                  sha256: "KxM1WfYxq5v2oV6wRz8bZl0aJ3Pp9tTq1yF2c3d4e5E=", voice: true)),
        ("video", ChatMedia(kind: .video, source: .graphMedia(id: "1003383421387303"), mimeType: "video/mp4",
                            sha256: "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg=", caption: "Antrean di loket")),
    ])
    func media(fixture: String, expected: ChatMedia) throws {
        let messages = try ChatFixture.whatsapp(fixture).messages
        #expect(messages.map(\.content) == [.media(expected)])
    }

    @Test("a location with its name and address")
    func location() throws {
        let message = try #require(try ChatFixture.whatsapp("location").messages.first)
        #expect(message.content == .location(ChatLocation(
            latitude: -1.0425, longitude: 101.5542, name: "Kantor Disdukcapil Dharmasraya", address: "Jl. Lintas Sumatera, Pulau Punjung")))
    }

    @Test("a reply button, a list row and a template's quick-reply button are choices answering the office's message", arguments: [
        ("button-reply", "menu.new_complaint", "Buat pengaduan", "wamid.OFFICE0001"),
        ("list-reply", "service.ktp-el", "KTP-el", "wamid.OFFICE0002"),
        ("template-button", "status.check", "Cek status", "wamid.OFFICE0003"),
    ])
    func choices(fixture: String, id: String, title: String, replyTo: String) throws {
        let message = try #require(try ChatFixture.whatsapp(fixture).messages.first)
        #expect(message.content == .choice(id: id, title: title))
        #expect(message.replyTo == replyTo)
    }

    @Test("a reaction is a reaction to the message it names (its emoji, escaped by Meta, is read and dropped)")
    func reaction() throws {
        let message = try #require(try ChatFixture.whatsapp("reaction").messages.first)
        #expect(message.content == .reaction)
        #expect(message.replyTo == "wamid.OFFICE0001")
    }

    @Test("a view-once photo (type unsupported, with errors) and shared contacts are kept as unsupported, by type", arguments: [
        ("unsupported", "unsupported"), ("contacts", "contacts"),
    ])
    func unsupported(fixture: String, type: String) throws {
        let message = try #require(try ChatFixture.whatsapp(fixture).messages.first)
        #expect(message.content == .unsupported(type: type))
        #expect(message.from == ChatFixture.siti)
    }

    @Test("statuses sent, delivered, read in one post; a status Aduan does not know is skipped")
    func statuses() throws {
        let webhook = try ChatFixture.whatsapp("statuses")
        #expect(webhook.messages.isEmpty)
        #expect(webhook.statuses == [
            ChatStatusUpdate(platform: .whatsapp, externalID: "wamid.OFFICE0001", status: .sent, at: ChatFixture.seconds(1_717_400_010), recipient: ChatFixture.siti),
            ChatStatusUpdate(platform: .whatsapp, externalID: "wamid.OFFICE0001", status: .delivered, at: ChatFixture.seconds(1_717_400_012), recipient: ChatFixture.siti),
            ChatStatusUpdate(platform: .whatsapp, externalID: "wamid.OFFICE0001", status: .read, at: ChatFixture.seconds(1_717_400_030), recipient: ChatFixture.siti),
        ])
    }

    @Test("failed statuses carry their Graph errors: 131047 (the window closed) and 131026 (undeliverable)")
    func failed() throws {
        let statuses = try ChatFixture.whatsapp("failed").statuses
        #expect(statuses.map(\.status) == [.failed, .failed])
        #expect(statuses.map(\.externalID) == ["wamid.OFFICE0004", "wamid.OFFICE0005"])
        #expect(statuses.first?.errors == [GraphError(
            code: 131_047, title: "Re-engagement message", message: "Re-engagement message",
            details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")])
        #expect(statuses.last?.errors == [GraphError(code: 131_026, title: "Message undeliverable", message: "Message undeliverable", details: "Message Undeliverable.")])
    }

    @Test("a batch: several messages from two citizens, each with its own name; a template review in the same post is ignored")
    func batch() throws {
        let messages = try ChatFixture.whatsapp("batch").messages
        #expect(messages.map(\.from) == [ChatFixture.siti, ChatFixture.siti, "6281298765432"])
        #expect(messages.map(\.profileName) == ["Siti Nurhaliza", "Siti Nurhaliza", "Rahmat Hidayat"])
        #expect(messages.map(\.externalID) == [ChatFixture.wamid("K"), ChatFixture.wamid("L"), "wamid.HBgNNjI4MTI5ODc2NTQzMhUCABIYFjNFQjBBMDA3RjA1QkNBMDhGNkFNAA=="])
        #expect(messages[0].content == .text("Nama saya Siti"))
        if case .media(let media) = messages[1].content { #expect(media.kind == .image) } else { Issue.record("expected the photo") }
    }

    @Test("a citizen with a username and no phone number: the business-scoped user id is the sender (PITFALLS #25)")
    func businessScopedUserID() throws {
        let message = try #require(try ChatFixture.whatsapp("bsuid").messages.first)
        #expect(message.from == "US.13491208655302741918")
        #expect(message.profileName == "Dewi")
        #expect(message.content == .text("Halo, saya mau membuat pengaduan"))
    }

    static func post(messages: String = "", statuses: String = "", field: String = "messages") -> [UInt8] {
        Array(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"\#(field)","value":{"messages":[\#(messages)],"statuses":[\#(statuses)]}}]}]}"#.utf8)
    }

    static func message(_ fields: String) -> String {
        #"{"from":"6281234567890","id":"wamid.X","timestamp":"1717400000",\#(fields)}"#
    }

    @Test("a message with a user_id only, or its only contact's, is still read")
    func senderFallbacks() throws {
        let own = try WhatsAppWebhook.parse(Self.post(messages: #"{"user_id":"ID.1","id":"w1","timestamp":"1","type":"text","text":{"body":"a"}}"#))
        #expect(own.messages.first?.from == "ID.1")
        let contact = try WhatsAppWebhook.parse(Array(#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"contacts":[{"user_id":"ID.2","profile":{"name":"N"}}],"messages":[{"id":"w2","timestamp":"2","type":"text","text":{"body":"b"}}]}}]}]}"#.utf8))
        #expect(contact.messages.first?.from == "ID.2")
        #expect(contact.messages.first?.profileName == "N")
    }

    @Test("content Aduan cannot use becomes unsupported, by type; the post is still read", arguments: [
        (#""type":"image","image":{"mime_type":"image/jpeg"}"#, "image"),
        (#""type":"text","text":{"body":5}"#, "text"),
        (#""type":"location","location":{"latitude":91,"longitude":0}"#, "location"),
        (#""type":"location","location":{"latitude":"x","longitude":0}"#, "location"),
        (#""type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{}"}}"#, "interactive.nfm_reply"),
        (#""type":"interactive","interactive":{"type":"button_reply","button_reply":{"title":"no id"}}"#, "interactive.button_reply"),
        (#""type":"order","order":{"catalog_id":"1"}"#, "order"),
        (#""type":"system","system":{"body":"changed number","type":"user_changed_number"}"#, "system"),
        (#""type":"holographic_call""#, "holographic_call"),
        (#""text":{"body":"no type"}"#, ""),
    ])
    func unusableContent(fields: String, type: String) throws {
        let webhook = try WhatsAppWebhook.parse(Self.post(messages: Self.message(fields)))
        #expect(webhook.messages.map(\.content) == [.unsupported(type: type)])
    }

    @Test("a post without what Meta's schema requires is refused, naming the field", arguments: [
        (#"{"from":"6281234567890","timestamp":"1","type":"text"}"#, ChatWebhookError.missing(path: "entry[0].changes[0].value.messages[0].id")),
        (#"{"id":"w","timestamp":"1","type":"text"}"#, .missing(path: "entry[0].changes[0].value.messages[0].from")),
        (#"{"from":"62","id":"w","type":"text"}"#, .missing(path: "entry[0].changes[0].value.messages[0].timestamp")),
        (#"{"from":"62","id":"","timestamp":"1","type":"text"}"#, .invalid(path: "entry[0].changes[0].value.messages[0].id")),
        (#"{"from":"62","id":"w\n","timestamp":"1","type":"text"}"#, .invalid(path: "entry[0].changes[0].value.messages[0].id")),
        (#"{"from":{"a":1},"id":"w","timestamp":"1","type":"text"}"#, .invalid(path: "entry[0].changes[0].value.messages[0].from")),
        (#"{"from":"62","id":"w","timestamp":"-1","type":"text"}"#, .invalid(path: "entry[0].changes[0].value.messages[0].timestamp")),
        (#"{"from":"62","id":"w","timestamp":"99999999999999999999","type":"text"}"#, .invalid(path: "entry[0].changes[0].value.messages[0].timestamp")),
        (#"{"from":"62","id":"w","timestamp":"253402300800","type":"text"}"#, .invalid(path: "entry[0].changes[0].value.messages[0].timestamp")),
        (#"{"from":"62","id":"w","timestamp":1e300,"type":"text"}"#, .invalid(path: "entry[0].changes[0].value.messages[0].timestamp")),
        (#"{"from":"62","id":"w","timestamp":"17174e5","type":"text"}"#, .invalid(path: "entry[0].changes[0].value.messages[0].timestamp")),
        (#""text""#, .invalid(path: "entry[0].changes[0].value.messages[0]")),
    ])
    func refused(message: String, error: ChatWebhookError) {
        #expect(throws: error) { try WhatsAppWebhook.parse(Self.post(messages: message)) }
    }

    @Test("the latest time accepted is the end of year 9999; a timestamp may also come as a number")
    func timestampBounds() throws {
        let latest = try WhatsAppWebhook.parse(Self.post(messages: #"{"from":"62","id":"w","timestamp":"253402300799","type":"reaction"}"#))
        #expect(latest.messages.first?.sentAt == Date(timeIntervalSince1970: 253_402_300_799))
        let number = try WhatsAppWebhook.parse(Self.post(messages: #"{"from":"62","id":"w","timestamp":1717400000,"type":"reaction"}"#))
        #expect(number.messages.first?.sentAt == Date(timeIntervalSince1970: 1_717_400_000))
    }

    @Test("statuses: an id and a time are required; errors without a numeric code are left out; a BSUID recipient is read")
    func statusFields() throws {
        #expect(throws: ChatWebhookError.missing(path: "entry[0].changes[0].value.statuses[0].id")) {
            try WhatsAppWebhook.parse(Self.post(statuses: #"{"status":"read","timestamp":"1"}"#))
        }
        #expect(throws: ChatWebhookError.missing(path: "entry[0].changes[0].value.statuses[0].timestamp")) {
            try WhatsAppWebhook.parse(Self.post(statuses: #"{"id":"w","status":"read"}"#))
        }
        let webhook = try WhatsAppWebhook.parse(Self.post(statuses: #"{"id":"w","status":"failed","timestamp":"5","recipient_user_id":"ID.9","errors":[{"title":"no code"},{"code":"130429","title":"Rate limit hit"},{"code":1e20}]}"#))
        #expect(webhook.statuses == [ChatStatusUpdate(platform: .whatsapp, externalID: "w", status: .failed, at: Date(timeIntervalSince1970: 5),
                                                      recipient: "ID.9", errors: [GraphError(code: 130_429, title: "Rate limit hit")])])
    }

    @Test("changes of another field are ignored, whatever their value; a messages change needs its value")
    func otherFields() throws {
        let ignored = try WhatsAppWebhook.parse(Array(#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"account_update","value":"x"}]}]}"#.utf8))
        #expect(ignored == ChatWebhook())
        #expect(throws: ChatWebhookError.missing(path: "entry[0].changes[1].value")) {
            try WhatsAppWebhook.parse(Array(#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"account_update","value":"x"},{"field":"messages"}]}]}"#.utf8))
        }
    }
}

import Foundation
import Testing
@testable import AduanCore

@Suite("Messenger and Instagram webhook: the Page's and the Instagram account's posts read")
struct MessengerWebhookTests {
    static let page = "107208471765432"
    static let psid = "6789012345678901"
    static let instagramAccount = "17841400000000001"
    static let igsid = "5432109876543210"
    static let sentAt = Date(timeIntervalSince1970: 1_717_400_004.321)

    @Test("a Messenger text: the mid, the PSID, the time in milliseconds, the Page it went to")
    func text() throws {
        let webhook = try ChatFixture.meta("messenger-text")
        #expect(webhook.messages == [InboundChatMessage(
            platform: .messenger, externalID: "m_AbCdEf0123456789-text", from: Self.psid, profileName: nil, sentAt: Self.sentAt,
            content: .text("Selamat siang, KK saya belum selesai dicetak"), businessID: Self.page)])
    }

    @Test("a quick reply is the option's payload with the title the citizen saw, not also a text")
    func quickReply() throws {
        let messages = try ChatFixture.meta("messenger-quick-reply").messages
        #expect(messages.map(\.content) == [.choice(id: "menu.check_status", title: "Cek status pengaduan")])
        #expect(messages.map(\.externalID) == ["m_AbCdEf0123456789-quick"])
    }

    @Test("words with two attachments: the words under the mid, each attachment under mid#n, all answering the same message")
    func attachments() throws {
        let messages = try ChatFixture.meta("messenger-image").messages
        #expect(messages.map(\.externalID) == ["m_AbCdEf0123456789-image", "m_AbCdEf0123456789-image#1", "m_AbCdEf0123456789-image#2"])
        #expect(messages.map(\.content) == [
            .text("Ini foto KTP saya"),
            .media(ChatMedia(kind: .image, source: .url("https://scontent.xx.fbcdn.net/v/t1.15752-9/ktp-el.jpg?_nc_cat=1&oh=00_Aa&oe=67000000"))),
            .media(ChatMedia(kind: .document, source: .url("https://cdn.fbsbx.com/v/t59.2708-21/kk.pdf/kk.pdf?_nc_cat=1&oh=00_Ab"))),
        ])
        #expect(messages.allSatisfy { $0.replyTo == "m_OFFICE0001" && $0.from == Self.psid && $0.sentAt == Self.sentAt })
    }

    @Test("the Page's own messages come back as echoes and are skipped (PITFALLS #33)")
    func echo() throws {
        #expect(try ChatFixture.meta("messenger-echo") == ChatWebhook())
        // Without the flag, a message whose sender is the Page itself is an echo too.
        let unflagged = #"{"object":"page","entry":[{"id":"P","time":1,"messaging":[{"sender":{"id":"P"},"recipient":{"id":"U"},"timestamp":1,"message":{"mid":"m","text":"x"}}]}]}"#
        #expect(try MessengerWebhook.parse(Array(unflagged.utf8)) == ChatWebhook())
    }

    @Test("delivery and read give watermarks for the citizen, delivery with the mids it names")
    func watermarks() throws {
        #expect(try ChatFixture.meta("messenger-delivery").watermarks == [ChatWatermark(
            platform: .messenger, citizen: Self.psid, status: .delivered, watermark: Date(timeIntervalSince1970: 1_717_400_008),
            messageIDs: ["m_OFFICE0001", "m_OFFICE0002"])])
        #expect(try ChatFixture.meta("messenger-read").watermarks == [ChatWatermark(
            platform: .messenger, citizen: Self.psid, status: .read, watermark: Date(timeIntervalSince1970: 1_717_400_018))])
    }

    @Test("Instagram: the same envelope under object instagram")
    func instagram() throws {
        let text = try ChatFixture.meta("instagram-text").messages
        #expect(text == [InboundChatMessage(
            platform: .instagram, externalID: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw-text", from: Self.igsid, profileName: nil,
            sentAt: Self.sentAt, content: .text("Halo admin, bagaimana cara mengurus akta?"), businessID: Self.instagramAccount)])
        let image = try ChatFixture.meta("instagram-image").messages
        #expect(image.map(\.externalID) == ["aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw-image#1"])
        #expect(image.map(\.content) == [.media(ChatMedia(kind: .image, source: .url("https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17900000000000001&signature=AbCd")))])
    }

    static func post(_ events: String, object: String = "page") -> [UInt8] {
        Array(#"{"object":"\#(object)","entry":[{"id":"P","time":1717400005000,"messaging":[\#(events)]}]}"#.utf8)
    }

    static func event(_ rest: String) -> String {
        #"{"sender":{"id":"U"},"recipient":{"id":"P"},"timestamp":1717400004000,\#(rest)}"#
    }

    @Test("attachments by type: audio, video, a sticker, a location; shares and templates unsupported; a URL that is not http(s) unsupported", arguments: [
        (#"{"type":"audio","payload":{"url":"https://cdn.example/a.mp4"}}"#, InboundChatMessage.Content.media(ChatMedia(kind: .audio, source: .url("https://cdn.example/a.mp4")))),
        (#"{"type":"video","payload":{"url":"https://cdn.example/v.mp4"}}"#, .media(ChatMedia(kind: .video, source: .url("https://cdn.example/v.mp4")))),
        (#"{"type":"image","payload":{"url":"https://cdn.example/s.png","sticker_id":369239263222822}}"#, .media(ChatMedia(kind: .sticker, source: .url("https://cdn.example/s.png")))),
        (#"{"type":"location","title":"Pulau Punjung","payload":{"coordinates":{"lat":-1.0425,"long":101.5542}}}"#, .location(ChatLocation(latitude: -1.0425, longitude: 101.5542, name: "Pulau Punjung"))),
        (#"{"type":"location","payload":{"coordinates":{"lat":-100,"long":0}}}"#, .unsupported(type: "location")),
        (#"{"type":"share","payload":{"url":"https://instagram.com/p/1"}}"#, .unsupported(type: "share")),
        (#"{"type":"template","payload":{"template_type":"generic"}}"#, .unsupported(type: "template")),
        (#"{"type":"image","payload":{"url":"javascript:alert(1)"}}"#, .unsupported(type: "image")),
        (#"{"type":"image"}"#, .unsupported(type: "image")),
        (#"{"payload":{"url":"https://cdn.example/x"}}"#, .unsupported(type: "")),
    ])
    func attachmentKinds(attachment: String, expected: InboundChatMessage.Content) throws {
        let webhook = try MessengerWebhook.parse(Self.post(Self.event(#""message":{"mid":"m","attachments":[\#(attachment)]}"#)))
        #expect(webhook.messages.map(\.content) == [expected])
        #expect(webhook.messages.map(\.externalID) == ["m#1"])
    }

    @Test("a postback is a choice; one without a mid gets an id from its sender and time, the same each time it comes")
    func postback() throws {
        let withMid = try MessengerWebhook.parse(Self.post(Self.event(#""postback":{"mid":"m_pb","title":"Mulai","payload":"GET_STARTED"}"#)))
        #expect(withMid.messages.map(\.content) == [.choice(id: "GET_STARTED", title: "Mulai")])
        #expect(withMid.messages.map(\.externalID) == ["m_pb"])
        let bare = Self.post(Self.event(#""postback":{"title":"Mulai","payload":"GET_STARTED"}"#))
        #expect(try MessengerWebhook.parse(bare).messages.map(\.externalID) == ["postback:U:1717400004000"])
        #expect(try MessengerWebhook.parse(bare) == MessengerWebhook.parse(bare))
    }

    @Test("Instagram's read names the message read; a message with nothing readable is one unsupported; other events are skipped")
    func otherEvents() throws {
        let read = try MessengerWebhook.parse(Self.post(Self.event(#""read":{"mid":"m_office"}"#), object: "instagram"))
        #expect(read.watermarks == [ChatWatermark(platform: .instagram, citizen: "U", status: .read, watermark: Date(timeIntervalSince1970: 1_717_400_004), messageIDs: ["m_office"])])
        let empty = try MessengerWebhook.parse(Self.post(Self.event(#""message":{"mid":"m","is_unsupported":true}"#)))
        #expect(empty.messages.map(\.content) == [.unsupported(type: "message")])
        let skipped = try MessengerWebhook.parse(Self.post([
            Self.event(#""reaction":{"mid":"m","action":"react","emoji":"\u2764"}"#),
            Self.event(#""optin":{"ref":"x"}"#),
            Self.event(#""referral":{"ref":"ad"}"#),
        ].joined(separator: ",")))
        #expect(skipped == ChatWebhook())
    }

    @Test("an event without its time takes the entry's")
    func entryTime() throws {
        let body = Self.post(#"{"sender":{"id":"U"},"recipient":{"id":"P"},"message":{"mid":"m","text":"x"}}"#)
        #expect(try MessengerWebhook.parse(body).messages.first?.sentAt == Date(timeIntervalSince1970: 1_717_400_005))
    }

    @Test("a post without what Meta's schema requires is refused, naming the field", arguments: [
        (#"{"recipient":{"id":"P"},"timestamp":1,"message":{"mid":"m"}}"#, ChatWebhookError.missing(path: "entry[0].messaging[0].sender")),
        (#"{"sender":{},"timestamp":1,"message":{"mid":"m"}}"#, .missing(path: "entry[0].messaging[0].sender.id")),
        (#"{"sender":{"id":"U"},"timestamp":1,"message":{"text":"x"}}"#, .missing(path: "entry[0].messaging[0].message.mid")),
        (#"{"sender":{"id":"U"},"timestamp":-5,"message":{"mid":"m"}}"#, .invalid(path: "entry[0].messaging[0].timestamp")),
        (#"{"sender":{"id":"U"},"timestamp":253402300800000,"message":{"mid":"m"}}"#, .invalid(path: "entry[0].messaging[0].timestamp")),
        (#"{"sender":{"id":"U"},"timestamp":1,"delivery":{"mids":"m"}}"#, .invalid(path: "entry[0].messaging[0].delivery.mids")),
        (#"{"sender":{"id":"U"},"timestamp":1,"message":{"mid":"m","attachments":[{"type":"image","payload":{"url":5}}]}}"#, .invalid(path: "entry[0].messaging[0].message.attachments[0].payload.url")),
    ])
    func refused(event: String, error: ChatWebhookError) {
        #expect(throws: error) { try MessengerWebhook.parse(Self.post(event)) }
    }

    @Test("the endpoint reads page and instagram only; WhatsApp's reads whatsapp_business_account only")
    func objects() {
        #expect(throws: ChatWebhookError.unexpectedObject("whatsapp_business_account")) {
            try MessengerWebhook.parse(Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8))
        }
        #expect(throws: ChatWebhookError.unexpectedObject("page")) {
            try WhatsAppWebhook.parse(Array(#"{"object":"page","entry":[]}"#.utf8))
        }
        #expect(throws: ChatWebhookError.unexpectedObject(nil)) { try MessengerWebhook.parse(Array(#"{"entry":[]}"#.utf8)) }
        #expect(throws: ChatWebhookError.missing(path: "entry")) { try MessengerWebhook.parse(Array(#"{"object":"page"}"#.utf8)) }
    }
}

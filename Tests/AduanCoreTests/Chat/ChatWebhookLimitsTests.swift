import Foundation
import Testing
@testable import AduanCore

@Suite("Chat webhooks: what one post may ask of the parsers")
struct ChatWebhookLimitsTests {
    static func whatsapp(texts count: Int, body: String = "a") -> [UInt8] {
        let messages = (0..<count).map { #"{"from":"62","id":"w\#($0)","timestamp":"1","type":"text","text":{"body":"\#(body)"}}"# }
        return Array(#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[\#(messages.joined(separator: ","))]}}]}]}"#.utf8)
    }

    @Test("a body over the byte limit is refused before it is parsed")
    func tooLarge() throws {
        let body = Self.whatsapp(texts: 1)
        #expect(throws: ChatWebhookError.tooLarge(limit: body.count - 1)) {
            try WhatsAppWebhook.parse(body, limits: ChatWebhookLimits(maxBytes: body.count - 1))
        }
        #expect(try WhatsAppWebhook.parse(body, limits: ChatWebhookLimits(maxBytes: body.count)).messages.count == 1)
        #expect(throws: ChatWebhookError.tooLarge(limit: 1_048_576)) {
            try MessengerWebhook.parse([UInt8](repeating: 0x20, count: 1_048_577))
        }
    }

    @Test("more events than the limit refuse the post whole, never cut it short")
    func tooManyEvents() throws {
        #expect(try WhatsAppWebhook.parse(Self.whatsapp(texts: 100)).messages.count == 100)
        #expect(throws: ChatWebhookError.tooManyEvents(limit: 100)) { try WhatsAppWebhook.parse(Self.whatsapp(texts: 101)) }
        let events = (0..<6).map { #"{"sender":{"id":"U"},"timestamp":1,"message":{"mid":"m\#($0)","text":"x"}}"# }.joined(separator: ",")
        let twoEntries = #"{"object":"page","entry":[{"messaging":[\#(events)]},{"messaging":[\#(events)]}]}"#
        #expect(throws: ChatWebhookError.tooManyEvents(limit: 10)) {
            try MessengerWebhook.parse(Array(twoEntries.utf8), limits: ChatWebhookLimits(maxEvents: 10))
        }
        let attachments = (0..<11).map { _ in #"{"type":"image","payload":{"url":"https://x/y"}}"# }.joined(separator: ",")
        #expect(throws: ChatWebhookError.tooManyEvents(limit: 10)) {
            try MessengerWebhook.parse(Array(#"{"object":"page","entry":[{"messaging":[{"sender":{"id":"U"},"timestamp":1,"message":{"mid":"m","attachments":[\#(attachments)]}}]}]}"#.utf8),
                                       limits: ChatWebhookLimits(maxEvents: 10))
        }
    }

    @Test("more entries than the limit are refused")
    func tooManyEntries() {
        let entries = Array(repeating: #"{"changes":[]}"#, count: 101).joined(separator: ",")
        #expect(throws: ChatWebhookError.tooManyEntries(limit: 100)) {
            try WhatsAppWebhook.parse(Array(#"{"object":"whatsapp_business_account","entry":[\#(entries)]}"#.utf8))
        }
    }

    @Test("nesting beyond the limit is refused before the JSON parser sees it; brackets inside strings do not count")
    func depth() throws {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: ChatWebhookError.tooDeep(limit: 32)) {
            try WhatsAppWebhook.parse(Array(#"{"object":"whatsapp_business_account","entry":\#(deep)"#.utf8))
        }
        let brackets = String(repeating: "[{", count: 100) + #"\"\\"#
        let webhook = try WhatsAppWebhook.parse(Self.whatsapp(texts: 1, body: brackets))
        #expect(webhook.messages.first?.content == .text(String(repeating: "[{", count: 100) + "\"\\"))
    }

    @Test("texts are cut to the limit at a character boundary; NUL characters are removed")
    func texts() throws {
        let limits = ChatWebhookLimits(maxTextCharacters: 5)
        let long = try WhatsAppWebhook.parse(Self.whatsapp(texts: 1, body: "abcdefgh"), limits: limits)
        #expect(long.messages.first?.content == .text("abcde"))
        // "e" + combining acute is one character of two scalars: kept whole or not at all.
        let combining = try WhatsAppWebhook.parse(Self.whatsapp(texts: 1, body: #"abcde\u0301f"#), limits: limits)
        #expect(combining.messages.first?.content == .text("abcd"))
        let nul = try WhatsAppWebhook.parse(Self.whatsapp(texts: 1, body: #"a\u0000b"#))
        #expect(nul.messages.first?.content == .text("ab"))
        let emoji = try WhatsAppWebhook.parse(Self.whatsapp(texts: 1, body: #"Terima kasih \ud83d\ude4f"#))
        #expect(emoji.messages.first?.content == .text("Terima kasih 🙏"))
    }

    @Test("an id over the limit is an error, never cut (a cut id could match another message's)")
    func ids() throws {
        let id = String(repeating: "x", count: 200)
        let body = { (id: String) in Array(#"{"object":"page","entry":[{"messaging":[{"sender":{"id":"U"},"timestamp":1,"message":{"mid":"\#(id)","text":"x"}}]}]}"#.utf8) }
        #expect(try MessengerWebhook.parse(body(id)).messages.first?.externalID == id)
        #expect(throws: ChatWebhookError.invalid(path: "entry[0].messaging[0].message.mid")) { try MessengerWebhook.parse(body(id + "x")) }
    }

    @Test("what is not a JSON object is refused", arguments: ["", " ", "null", "[]", "\"x\"", "{", "{\"object\":", "not json", "\u{FEFF}"])
    func notJSON(body: String) {
        #expect(throws: ChatWebhookError.notJSON) { try WhatsAppWebhook.parse(Array(body.utf8)) }
        #expect(throws: ChatWebhookError.notJSON) { try MessengerWebhook.parse(Array(body.utf8)) }
    }

    @Test("each error says what went wrong in words for the admin")
    func descriptions() {
        #expect(ChatWebhookError.tooLarge(limit: 10).description == "the body is larger than 10 bytes")
        #expect(ChatWebhookError.missing(path: "entry[0].id").description == "entry[0].id is missing")
        #expect(ChatWebhookError.unexpectedObject("page").description == "unexpected object \"page\"")
        #expect(ChatWebhookError.notJSON.description == "the body is not a JSON object")
    }

    /// Inputs the fuzzer or a careful reader would try: each gives a webhook or a typed error, never a trap.
    @Test("hostile numbers and shapes give a typed error (or, for an error code out of range, leave the code out)", arguments: [
        (#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"62","id":"w","timestamp":"9223372036854775808","type":"text"}]}}]}]}"#,
         ChatWebhookError?.some(.invalid(path: "entry[0].changes[0].value.messages[0].timestamp"))),
        (#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"statuses":[{"id":"w","status":"failed","timestamp":"1","errors":[{"code":-9223372036854775808}]}]}}]}]}"#, nil),
        (#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"contacts":"x","messages":[]}}]}]}"#,
         .invalid(path: "entry[0].changes[0].value.contacts")),
        (#"{"object":"whatsapp_business_account","entry":"x"}"#, .invalid(path: "entry")),
        (#"{"object":"page","entry":[{"messaging":[{"sender":{"id":1.5},"timestamp":1,"message":{"mid":"m"}}]}]}"#, .invalid(path: "entry[0].messaging[0].sender.id")),
        (#"{"object":"page","entry":[{"messaging":[{"sender":{"id":true},"timestamp":true,"message":{"mid":"m"}}]}]}"#, .invalid(path: "entry[0].messaging[0].sender.id")),
        (#"{"object":"page","entry":[{"messaging":[{"sender":{"id":"U"},"timestamp":1e308,"read":{"watermark":-1e308}}]}]}"#, .invalid(path: "entry[0].messaging[0].read.watermark")),
        (#"{"object":"instagram","entry":[{"time":1,"messaging":[{"sender":{"id":"U"},"delivery":{"watermark":"x","mids":[1,2]}}]}]}"#, .invalid(path: "entry[0].messaging[0].delivery.watermark")),
    ])
    func hostile(body: String, expected: ChatWebhookError?) throws {
        let bytes = Array(body.utf8)
        let parse = body.contains("whatsapp_business_account") ? WhatsAppWebhook.parse : MessengerWebhook.parse
        if let expected {
            #expect(throws: expected) { try parse(bytes, ChatWebhookLimits()) }
        } else {
            #expect(try parse(bytes, ChatWebhookLimits()).statuses.map(\.errors) == [[]])
        }
    }
}

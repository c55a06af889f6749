import Foundation
import Testing
@testable import AduanCore

@Suite("Inbound mail: automatic mail and bounces")
struct MailClassificationTests {
    typealias B = MailBuilder

    @Test("why a mail is automatic", arguments: [
        ("Auto-Submitted: auto-replied", InboundMail.AutomaticReason.autoSubmitted("auto-replied")),
        ("Auto-Submitted: Auto-Generated (vacation)", .autoSubmitted("auto-generated")),
        ("X-Autoreply: yes", .autoReplyHeader("X-Autoreply")),
        ("x-autorespond: 1", .autoReplyHeader("X-Autorespond")),
        ("X-Autoresponder: true", .autoReplyHeader("X-Autoresponder")),
        ("Precedence: bulk", .precedence("bulk")),
        ("Precedence: JUNK", .precedence("junk")),
        ("Precedence: list", .precedence("list")),
        ("List-Id: <warga.lists.example>", .mailingList("List-Id")),
        ("List-Unsubscribe: <mailto:u@x.id>", .mailingList("List-Unsubscribe")),
        ("Return-Path: <>", .nullReturnPath),
        ("Return-Path: < >", .nullReturnPath),
    ])
    func automaticHeader(header: String, expected: InboundMail.AutomaticReason) throws {
        let mail = try B.parse("From: warga@x.id\n\(header)\n\nisi")

        #expect(mail.automatic == expected)
    }

    @Test("system senders", arguments: ["MAILER-DAEMON@x.id", "postmaster@x.id", "noreply@x.id", "no-reply@x.id",
                                        "no_reply@x.id", "donotreply@x.id", "noreply-notifications@x.id"])
    func systemSender(address: String) throws {
        let mail = try B.parse("From: Sistem <\(address)>\n\nisi")

        #expect(mail.automatic == .systemSender(InboundAddress.list(address)[0].address))
        #expect(mail.automatic?.code == "system_sender")
    }

    @Test("a person's mail is not automatic", arguments: [
        "Auto-Submitted: no", "X-Autoreply: no", "Precedence: normal", "Return-Path: <warga@x.id>",
        "X-Auto-Response-Suppress: All", "Sender: Budi <budi@x.id>",
    ])
    func personalMail(header: String) throws {
        let mail = try B.parse("From: Budi <budi@x.id>\n\(header)\n\nisi")

        #expect(mail.automatic == nil)
        #expect(mail.bounce == nil)
    }

    @Test("multipart/report of any kind is automatic; only delivery-status is a bounce")
    func reports() throws {
        let receipt = try B.parse("From: a@x.id\n" + B.multipart("report; report-type=disposition-notification",
            ["Content-Type: text/plain\n\nDibaca", "Content-Type: message/disposition-notification\n\nDisposition: x"]))

        #expect(receipt.automatic == .report(type: "disposition-notification"))
        #expect(receipt.bounce == nil)
    }

    @Test("a bounce with the whole returned message, two recipients, one only delayed")
    func bounceWithReturnedMessage() throws {
        let mail = try B.parse("From: MAILER-DAEMON@mx.id\n" + B.multipart("report; report-type=delivery-status", [
            "Content-Type: text/plain\n\nGagal.",
            """
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.id

            Final-Recipient: rfc822; <satu@x.id>
            Action: failed
            Status: 5.2.2 (mailbox full)
            Diagnostic-Code: smtp; 552 5.2.2 Mailbox
              full

            Original-Recipient: rfc822; dua@x.id
            Action: delayed
            Status: 4.4.1
            """,
            """
            Content-Type: message/rfc822

            Message-ID: <kami-123@aduan.id>
            Subject: Tanda terima

            isi asli
            """,
        ]))

        let bounce = try #require(mail.bounce)
        #expect(bounce.recipients.map(\.address) == ["satu@x.id", "dua@x.id"])
        #expect(bounce.recipients.map(\.action) == ["failed", "delayed"])
        #expect(bounce.recipients.map(\.isPermanentFailure) == [true, false])
        #expect(bounce.status == "5.2.2")
        #expect(bounce.diagnostic == "552 5.2.2 Mailbox full")
        #expect(bounce.originalMessageID == "kami-123@aduan.id")
        #expect(mail.forwarded.first?.subject == "Tanda terima")
    }

    @Test("a bounce without the original headers falls back to In-Reply-To, then References")
    func bounceOriginalFromThreadHeaders() throws {
        let status = "Content-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@x.id\nStatus: 5.1.1"
        let report = B.multipart("report; report-type=delivery-status", ["Content-Type: text/plain\n\nx", status])

        let withReply = try B.parse("In-Reply-To: <ours@aduan.id>\nReferences: <a@x> <b@x>\n" + report)
        let withReferences = try B.parse("References: <a@x> <b@x>\n" + report)

        #expect(withReply.bounce?.originalMessageID == "ours@aduan.id")
        #expect(withReferences.bounce?.originalMessageID == "b@x")
        #expect(withReply.bounce?.isPermanentFailure == true) // no Action: a 5.x.x status is permanent
    }
}

@Suite("Inbound mail: limits")
struct MailLimitTests {
    typealias B = MailBuilder

    static func nested(depth: Int) -> String {
        var body = "Content-Type: text/plain\n\nisi"
        for level in 0..<depth { body = B.multipart("mixed", boundary: "b\(level)", [body]) }
        return body
    }

    @Test("too large, refused before any work")
    func tooLarge() {
        let bytes = [UInt8](repeating: 0x41, count: 1001)
        #expect(throws: MailParseError.tooLarge(limit: 1000)) { try InboundMail.parse(bytes, limits: MailLimits(maxBytes: 1000)) }
        #expect(throws: MailParseError.empty) { try InboundMail.parse(Array(" \r\n\t".utf8)) }
        #expect(throws: MailParseError.empty) { try InboundMail.parse([]) }
    }

    @Test("nesting up to the limit is read; one deeper is refused")
    func tooDeep() throws {
        let limits = MailLimits(maxDepth: 4)
        #expect(try B.parse(Self.nested(depth: 4), limits: limits).text == "isi")
        #expect(throws: MailParseError.tooDeep(limit: 4)) { try B.parse(Self.nested(depth: 5), limits: limits) }
        // The default limit against a bomb of nested messages.
        var message = "Subject: dasar\n\nisi"
        for _ in 0..<12 { message = "Content-Type: message/rfc822\n\n" + message }
        #expect(throws: MailParseError.tooDeep(limit: 10)) { try B.parse(message) }
    }

    @Test("parts counted over the whole tree, nested messages included")
    func tooManyParts() throws {
        let parts = Array(repeating: "Content-Type: text/plain\n\nx", count: 9)
        #expect(try B.parse(B.multipart("mixed", parts), limits: MailLimits(maxParts: 10)).text.count == 9 * 3 - 2)
        #expect(throws: MailParseError.tooManyParts(limit: 10)) {
            try B.parse(B.multipart("mixed", parts + ["Content-Type: text/plain\n\nx"]), limits: MailLimits(maxParts: 10))
        }
        #expect(throws: MailParseError.tooManyParts(limit: 200)) {
            try B.parse(B.multipart("mixed", Array(repeating: "\nx", count: 250)))
        }
    }

    @Test("header lines and their length")
    func headerLimits() throws {
        let many = (0..<6).map { "X-\($0): v" }.joined(separator: "\n") + "\n\nisi"
        #expect(throws: MailParseError.tooManyHeaderLines(limit: 5)) { try B.parse(many, limits: MailLimits(maxHeaderLines: 5)) }
        #expect(try B.parse(many, limits: MailLimits(maxHeaderLines: 6)).text == "isi")
        let long = "Subject: " + String(repeating: "a", count: 100) + "\n\nisi"
        #expect(throws: MailParseError.headerLineTooLong(limit: 100)) { try B.parse(long, limits: MailLimits(maxHeaderLineBytes: 100)) }
        // A part's header is held to the same limits.
        let part = B.multipart("mixed", ["Content-Type: text/plain\nX-Long: " + String(repeating: "b", count: 200) + "\n\nx"])
        #expect(throws: MailParseError.headerLineTooLong(limit: 100)) { try B.parse(part, limits: MailLimits(maxHeaderLineBytes: 100)) }
    }

    /// The time is printed as a figure, never asserted: a test must not fail on a busy machine.
    @Test("a 10 MB mail with a base64 photo is read whole, in one pass")
    func largeAttachment() throws {
        var generator = SplitMix64(seed: 7)
        let words = (0..<(10 * 1024 * 1024 / 8)).map { _ in generator.next() }
        let photo = words.withUnsafeBytes { [UInt8]($0) }
        let encoded = Data(photo).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let mail = "From: Budi <budi@x.id>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nFoto KK terlampir.\r\n"
            + "--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"kk.jpg\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n--b--\r\n"
        let bytes = Array(mail.utf8)

        let clock = ContinuousClock()
        var parsed: InboundMail?
        let elapsed = try clock.measure { parsed = try InboundMail.parse(bytes) }
        print("InboundMail.parse, \(bytes.count / 1024 / 1024) MB mail with a base64 attachment: \(elapsed)")

        let result = try #require(parsed)
        #expect(result.text == "Foto KK terlampir.")
        #expect(result.attachments.count == 1)
        #expect(result.attachments.first?.bytes == photo)
    }
}

import Foundation
import Testing
@testable import AduanCore

/// Messages built in the test, one MIME rule each.
enum MailBuilder {
    static func parse(_ text: String, limits: MailLimits = .default) throws -> InboundMail {
        try InboundMail.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), limits: limits)
    }

    static func multipart(_ type: String, boundary: String = "b1", _ parts: [String]) -> String {
        "Content-Type: multipart/\(type); boundary=\"\(boundary)\"\n\n"
            + parts.map { "--\(boundary)\n\($0)\n" }.joined() + "--\(boundary)--\n"
    }
}

@Suite("Inbound mail: MIME structure")
struct MailStructureTests {
    typealias B = MailBuilder

    @Test("no MIME-Version and no Content-Type: the body is text/plain")
    func noMIMEVersion() throws {
        let mail = try B.parse("From: a@b.id\nSubject: hi\n\nIsi pesan.\n")

        #expect(mail.text == "Isi pesan.")
        #expect(mail.attachments.isEmpty)
        #expect(mail.html == nil)
    }

    @Test("header folding, names in any case, duplicates in order, a missing value")
    func headerFolding() throws {
        let mail = try B.parse("""
            SUBJECT: Satu
             dua
            \tTiga
            received: first
            Received: second
            X-Empty:
            From: a@b.id

            body
            """)

        #expect(mail.subject == "Satu dua\tTiga")
        #expect(mail.headers.values("RECEIVED") == ["first", "second"])
        #expect(mail.headers["x-empty"] == "")
        #expect(mail.headers["Missing"] == nil)
        #expect(mail.from == InboundAddress(address: "a@b.id"))
    }

    @Test("a header without a body, a mail that is only a body, an mbox From line")
    func oddShapes() throws {
        #expect(try B.parse("Subject: only a header").subject == "only a header")
        let headerless = try B.parse("Halo, ini tanpa header sama sekali.\n\nBaris kedua.")
        #expect(headerless.headers.fields.isEmpty)
        #expect(headerless.text == "Halo, ini tanpa header sama sekali.\n\nBaris kedua.")
        let mbox = try B.parse("From someone@example.com Mon Nov 30 10:00:00 2026\nSubject: x\n\nisi")
        #expect(mbox.subject == "x")
        #expect(mbox.text == "isi")
    }

    @Test("multipart/alternative: text/plain preferred, the HTML kept raw")
    func alternativePrefersPlain() throws {
        let mail = try B.parse(B.multipart("alternative", [
            "Content-Type: text/plain; charset=utf-8\n\nVersi teks",
            "Content-Type: text/html; charset=utf-8\n\n<p>Versi <b>HTML</b></p>",
        ]))

        #expect(mail.text == "Versi teks")
        #expect(mail.html == "<p>Versi <b>HTML</b></p>")
    }

    @Test("multipart/alternative with an empty text part: the HTML read as text")
    func alternativeEmptyPlain() throws {
        let mail = try B.parse(B.multipart("alternative", [
            "Content-Type: text/plain\n\n   ",
            "Content-Type: text/html\n\n<div>Isi&nbsp;sebenarnya</div>",
        ]))

        #expect(mail.text == "Isi sebenarnya")
    }

    @Test("multipart/mixed: text, then an HTML signature part, both kept (ZM #5640)")
    func mixedTextAndHTML() throws {
        let mail = try B.parse(B.multipart("mixed", [
            "Content-Type: text/plain\n\nIsi pengaduan",
            "Content-Type: text/html\n\n<p>Salam, <i>Budi</i></p>",
        ]))

        #expect(mail.text == "Isi pengaduan\n\nSalam, Budi")
        #expect(mail.attachments.isEmpty)
    }

    @Test("a text part with a file name or marked attachment is an attachment, not the body")
    func textAttachment() throws {
        let mail = try B.parse(B.multipart("mixed", [
            "Content-Type: text/plain\n\nBadan",
            "Content-Type: text/plain; name=\"catatan.txt\"\n\ncatatan",
            "Content-Type: text/html\nContent-Disposition: attachment\n\n<p>x</p>",
        ]))

        #expect(mail.text == "Badan")
        #expect(mail.attachments.map(\.filename) == ["catatan.txt", nil])
        #expect(mail.attachments.map(\.contentType) == ["text/plain", "text/html"])
    }

    @Test("preamble and epilogue are dropped; the line break before a delimiter belongs to it")
    func preambleEpilogue() throws {
        let mail = try B.parse("""
            Content-Type: multipart/mixed; boundary=xyz

            This is a multi-part message in MIME format.
            --xyz
            Content-Type: application/octet-stream

            ABC
            --xyz--
            epilogue text
            """)

        #expect(mail.text == "")
        #expect(mail.attachments.map(\.bytes) == [Array("ABC".utf8)])
    }

    @Test("a boundary never closed: the last part runs to the end")
    func unclosedBoundary() throws {
        let mail = try B.parse("""
            Content-Type: multipart/mixed; boundary=xyz

            --xyz
            Content-Type: text/plain

            satu
            --xyz
            Content-Type: text/plain

            dua
            """)

        #expect(mail.text == "satu\n\ndua")
    }

    @Test("multipart without a boundary parameter: the body is read as text")
    func missingBoundary() throws {
        let mail = try B.parse("Content-Type: multipart/mixed\n\nteks biasa\n")

        #expect(mail.text == "teks biasa")
    }

    @Test("a boundary line with trailing blanks counts; a longer boundary sharing the prefix does not")
    func boundaryMatching() throws {
        let mail = try B.parse("""
            Content-Type: multipart/mixed; boundary=ab

            --ab\t
            Content-Type: text/plain

            satu
            --abc
            masih satu
            --ab--
            """)

        #expect(mail.text == "satu\n--abc\nmasih satu")
    }

    @Test("multipart/digest: parts without Content-Type are messages")
    func digest() throws {
        let mail = try B.parse(B.multipart("digest", ["\nSubject: inside\n\nisi digest"]))

        #expect(mail.forwarded.map(\.subject) == ["inside"])
        #expect(mail.forwarded.first?.text == "isi digest")
    }

    @Test("message/rfc822 sent base64-encoded (against RFC 2046) is still read")
    func base64Message() throws {
        let inner = Data("Subject: dalam\r\n\r\nisi dalam".utf8).base64EncodedString()
        let mail = try B.parse(B.multipart("mixed", [
            "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n\(inner)",
        ]))

        #expect(mail.forwarded.first?.subject == "dalam")
        #expect(mail.forwarded.first?.text == "isi dalam")
    }

    @Test("an inline image in multipart/related without Content-Disposition; a cid part elsewhere is inline too")
    func inlineImages() throws {
        let mail = try B.parse(B.multipart("mixed", [
            B.multipart("related", boundary: "r", [
                "Content-Type: text/html\n\n<img src=\"cid:a1\">",
                "Content-Type: image/png\nContent-ID: <a1>\nContent-Transfer-Encoding: base64\n\niVBORw==",
            ]),
            "Content-Type: image/gif\nContent-ID: <g2@x>\n\nGIF",
            "Content-Type: image/jpeg\nContent-Disposition: inline; filename=a.jpg\n\nJPG",
            "Content-Type: application/pdf\n\nPDF",
        ]))

        #expect(mail.attachments.map(\.isInline) == [true, true, true, false])
        #expect(mail.attachments.map(\.contentID) == ["a1", "g2@x", nil, nil])
        #expect(mail.attachments[0].bytes == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test("format=flowed: soft breaks joined, space-stuffing undone, delsp honoured, quotes kept apart")
    func flowed() {
        #expect(PlainText.unflow("satu \ndua\n\ntiga", delSp: false) == "satu dua\n\ntiga")
        #expect(PlainText.unflow("sa \ntu", delSp: true) == "satu")
        #expect(PlainText.unflow(" From here", delSp: false) == "From here")
        #expect(PlainText.unflow("> kutip \n> lanjut\nbalas", delSp: false) == "> kutip lanjut\nbalas")
        #expect(PlainText.unflow("teks \n-- \nsig", delSp: false) == "teks \n-- \nsig")
    }

    @Test("addresses: names quoted, encoded, in comments; groups; the domain lowercased, the local part kept",
          arguments: [
            ("Budi <Budi@Mail.ID>", [InboundAddress(name: "Budi", address: "Budi@mail.id")]),
            ("\"Santoso, Budi\" <b@x.id>, c@y.id", [InboundAddress(name: "Santoso, Budi", address: "b@x.id"),
                                                   InboundAddress(address: "c@y.id")]),
            ("b@x.id (Budi Santoso)", [InboundAddress(name: "Budi Santoso", address: "b@x.id")]),
            ("=?UTF-8?B?U2l0aSDigJQgS2Fk?= <s@x.id>", [InboundAddress(name: "Siti — Kad", address: "s@x.id")]),
            ("\"=?utf-8?Q?Andr=C3=A9?=\" <a@x.id>", [InboundAddress(name: "André", address: "a@x.id")]),
            ("Tim: a@x.id, b@x.id;, c@x.id", [InboundAddress(address: "a@x.id"), InboundAddress(address: "b@x.id"),
                                              InboundAddress(address: "c@x.id")]),
            ("undisclosed-recipients:;", []),
            ("<@relay.id:a@x.id>", [InboundAddress(address: "a@x.id")]),
            ("", []),
          ])
    func addresses(raw: String, expected: [InboundAddress]) {
        #expect(InboundAddress.list(raw) == expected)
    }

    @Test("Message-IDs: brackets and blanks removed, order kept, repeats dropped")
    func messageIDs() throws {
        #expect(MessageIDs.all(" <a@x> <b@x>\r\n\t<a@x> ") == ["a@x", "b@x"])
        #expect(MessageIDs.all("< spaced@x >") == ["spaced@x"])
        #expect(MessageIDs.all("bare@x") == ["bare@x"])
        #expect(MessageIDs.all("(comment) <c@x>") == ["c@x"])
        let mail = try B.parse("Message-ID:   <id@x>  \nIn-Reply-To: <p@x> <q@x>\nReferences: <r@x>\n <p@x>\n\nx")
        #expect(mail.messageID == "id@x")
        #expect(mail.inReplyTo == "p@x")
        #expect(mail.references == ["r@x", "p@x"])
        #expect(mail.threadIDs == ["p@x", "r@x"])
    }

    @Test("dates in the forms mailers write", arguments: [
        ("Mon, 30 Nov 2026 10:00:00 +0700", "2026-11-30T03:00:00Z"),
        ("30 Nov 2026 10:00:00 +0700 (WIB)", "2026-11-30T03:00:00Z"),
        ("Mon, 30 Nov 26 10:00 -0000", "2026-11-30T10:00:00Z"),
        ("Mon, 30 Nov 2026 10:00:00 GMT", "2026-11-30T10:00:00Z"),
        ("Mon, 30 Nov 2026 10:00:00 WIB", "2026-11-30T03:00:00Z"),
        ("Sen, 30 Des 2026 10:00:00 +0700", "2026-12-30T03:00:00Z"),
        ("Nov 30 2026 10:00:00 +0000", "2026-11-30T10:00:00Z"),
        ("Tue, 29 Feb 2028 23:59:60 +0000", "2028-03-01T00:00:00Z"),
    ])
    func dates(raw: String, expected: String) {
        #expect(MailDate.parse(raw).map { ISO8601DateFormatter().string(from: $0) } == expected)
    }

    @Test("dates that cannot be read are nil", arguments: ["", "kemarin", "Mon, 32 Nov 2026 10:00 +0700",
                                                         "30 Foo 2026 10:00", "30 Nov 2026 25:00", "30 Nov 99999999999999999 10:00"])
    func badDates(raw: String) {
        #expect(MailDate.parse(raw) == nil)
    }
}

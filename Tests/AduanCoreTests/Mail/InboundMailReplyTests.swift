import Foundation
import Testing
@testable import AduanCore

/// What the ingest does with the fixtures beyond their fields: threading, the photo as a document, the
/// bounce, the forward, and the HTML quote rules agreeing with the plain-text ones.
@Suite("Inbound mail: replies, documents and bounces")
struct InboundMailReplyTests {
    @Test("a citizen's reply from Gmail Android carries the KK photo as a document the inspector accepts")
    func androidPhoto() throws {
        let mail = try MailFixture.mail("gmail-android-photo")

        let photo = try #require(mail.attachments.first)
        #expect(mail.attachments.count == 1)
        #expect(photo.filename == "IMG_20261201_181422.jpg")
        #expect(photo.disposition == "attachment")
        #expect(Array(photo.bytes.prefix(3)) == [0xFF, 0xD8, 0xFF])
        #expect(Array(photo.bytes.suffix(2)) == [0xFF, 0xD9])
        let prepared = try DocumentInspector.prepare(photo.bytes)
        #expect(prepared.type == .jpeg)
        #expect(mail.threadIDs == [MailFixture.ourMessageID])
        #expect(mail.visibleText == "Ini foto KK saya pak. Terima kasih")
    }

    @Test("the tracking code in a reply's decoded subject is found by TrackingCode.mentions",
          arguments: ["gmail-web-reply", "gmail-android-photo", "outlook-windows1252", "yahoo-reply-latin1",
                      "thunderbird-flowed", "outlook-original-message"])
    func trackingCodeInSubject(_ file: String) throws {
        let subject = try #require(try MailFixture.mail(file).subject)

        let codes = TrackingCode.mentions(in: subject).map(\.code)

        #expect(codes == [try TrackingCode("KXV25-7FDHX-CRQQ")])
    }

    @Test("Gmail's HTML quote block and its plain-text attribution give the same visible text",
          arguments: ["gmail-web-reply", "gmail-android-photo"])
    func gmailQuoteBlock(_ file: String) throws {
        let mail = try MailFixture.mail(file)
        let html = try #require(mail.html)

        #expect(html.contains("gmail_quote"))
        #expect(PlainText.visible(HTMLText.render(html, removingQuotes: true)) == mail.visibleText)
        #expect(HTMLText.render(html).contains("menulis:"))
    }

    @Test("Outlook's and Yahoo's HTML reply blocks are cut as their plain text is",
          arguments: ["outlook-windows1252", "yahoo-reply-latin1"])
    func otherQuoteBlocks(_ file: String) throws {
        let mail = try MailFixture.mail(file)
        let html = try #require(mail.html)

        #expect(PlainText.visible(HTMLText.render(html, removingQuotes: true)) == mail.visibleText)
    }

    @Test("Outlook: a subject split inside a character across two encoded-words, Thread-Index kept raw")
    func outlookHeaders() throws {
        let mail = try MailFixture.mail("outlook-windows1252")

        #expect(mail.subject == "RE: [Pengaduan KXV25-7FDHX-CRQQ] Perbaikan data “KK” – mohon dicek")
        #expect(mail.headers["thread-index"] == "AQHbQ2xk7n5Yk0s3DE2oX1lKJQm3xbLQmUvg")
        #expect(mail.headers.fields.first { $0.name == "Thread-Topic" }?.decodedValue
                == "[Pengaduan KXV25-7FDHX-CRQQ] Perbaikan data “KK”")
        #expect(mail.to == [InboundAddress(address: MailFixture.office)]) // a quoted name equal to the address
        #expect(mail.headers["X-MS-Has-Attach"] == "")
    }

    @Test("a Postfix bounce names the failed recipient, its status and our original Message-ID")
    func postfixBounce() throws {
        let mail = try MailFixture.mail("postfix-bounce")

        let bounce = try #require(mail.bounce)
        #expect(bounce.recipients == [InboundMail.Bounce.Recipient(
            address: "warga.salah@gmial.com", action: "failed", status: "5.1.1",
            diagnostic: "550 5.1.1 <warga.salah@gmial.com>: Recipient address rejected: User unknown in virtual mailbox table")])
        #expect(bounce.originalMessageID == MailFixture.ourMessageID)
        #expect(bounce.isPermanentFailure)
        #expect(bounce.status == "5.1.1")
        #expect(mail.automatic == .report(type: "delivery-status"))
        #expect(mail.attachments.isEmpty)
        #expect(mail.from?.localPart == "mailer-daemon")
    }

    @Test("a message forwarded as an attachment is read on its own, its documents listed with the outer ones")
    func forwardedMessage() throws {
        let mail = try MailFixture.mail("forwarded-rfc822")

        let inner = try #require(mail.forwarded.first)
        #expect(mail.forwarded.count == 1)
        #expect(inner.from == InboundAddress(name: "Wali Nagari Koto Baru", address: "walinagari@kotobaru.desa.id"))
        #expect(inner.subject == "Surat keterangan domisili")
        #expect(inner.messageID == "b7e1c2d3-4f5a-6b7c-8d9e-0f1a2b3c4d5e@kotobaru.desa.id")
        #expect(inner.text == "Terlampir surat keterangan domisili atas nama Andi Pratama.")
        #expect(inner.attachments.map(\.filename) == ["surat-keterangan-domisili.pdf"])
        #expect(mail.attachments == inner.attachments)
        #expect(String(decoding: inner.attachments[0].bytes.prefix(5), as: UTF8.self) == "%PDF-")
    }

    @Test("Apple Mail: the inline image is the one the HTML refers to by cid:, the PDF's RFC 2231 name joined")
    func appleMail() throws {
        let mail = try MailFixture.mail("apple-mail-related")

        let image = try #require(mail.attachments.first { $0.isInline })
        let html = try #require(mail.html)
        #expect(html.contains("cid:\(try #require(image.contentID))"))
        #expect(image.disposition == nil)
        let pdf = try #require(mail.attachments.first { !$0.isInline })
        #expect(String(decoding: pdf.bytes.prefix(5), as: UTF8.self) == "%PDF-")
    }

    @Test("headers: every Received kept in order, names compared without case")
    func headers() throws {
        let mail = try MailFixture.mail("mailing-list")

        #expect(mail.headers["list-id"] == "<info-nagari.googlegroups.com>")
        #expect(mail.headers.values("LIST-UNSUBSCRIBE").count == 1)
        #expect(mail.headers["List-Unsubscribe"]?.contains("https://groups.google.com/group/info-nagari/subscribe") == true)
        #expect(mail.replyTo == [InboundAddress(address: "sekretariat.nagari@gmail.com")])
        let bounce = try MailFixture.mail("postfix-bounce")
        #expect(bounce.headers.values("Received").count == 1)
    }
}

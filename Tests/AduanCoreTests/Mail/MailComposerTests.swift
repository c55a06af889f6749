import Foundation
import Testing
@testable import AduanCore

@Suite("Mail composer")
struct MailComposerTests {
    static let office = MailAddress(name: "Disdukcapil Dharmasraya", address: "pengaduan@dharmasrayakab.go.id")
    static let citizen = MailAddress(name: "Siti Nurhaliza", address: "siti@example.com")
    static let wib = TimeZone(identifier: "Asia/Jakarta")!
    /// 2026-12-01 12:05:09 UTC, a Tuesday: 19:05:09 WIB.
    static let tuesday = Date(timeIntervalSince1970: 1_796_126_709)

    static func mail(
        subject: String = "Pengaduan diterima",
        text: String = "Terima kasih.\n",
        html: String? = nil,
        attachments: [MailAttachment] = [],
        from: MailAddress = office,
        to: [MailAddress] = [citizen]
    ) -> OutgoingMail {
        OutgoingMail(
            from: from, to: to, subject: subject, messageID: "aduan.1.abc@dharmasrayakab.go.id",
            date: tuesday, timeZone: wib, textBody: text, htmlBody: html, attachments: attachments
        )
    }

    @Test("A plain message has exactly the standard headers, in order")
    func exactHeaders() throws {
        var mail = Self.mail()
        mail.replyTo = MailAddress(address: "balas@dharmasrayakab.go.id")
        mail.inReplyTo = "<m1@example.com>"
        mail.references = ["aduan.0.x@dharmasrayakab.go.id", "m1@example.com"]

        let message = try Parsed(MailComposer.compose(mail))

        #expect(message.rawHeader == """
            Date: Tue, 01 Dec 2026 19:05:09 +0700\r
            From: "Disdukcapil Dharmasraya" <pengaduan@dharmasrayakab.go.id>\r
            Reply-To: balas@dharmasrayakab.go.id\r
            To: "Siti Nurhaliza" <siti@example.com>\r
            Subject: Pengaduan diterima\r
            Message-ID: <aduan.1.abc@dharmasrayakab.go.id>\r
            In-Reply-To: <m1@example.com>\r
            References: <aduan.0.x@dharmasrayakab.go.id> <m1@example.com>\r
            MIME-Version: 1.0\r
            Auto-Submitted: auto-generated\r
            X-Auto-Response-Suppress: All\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r

            """)
        #expect(message.text == "Terima kasih.\r\n")
    }

    @Test("A message typed by a person is not marked automatic; extra headers are added, ours are not doubled")
    func automaticAndExtraHeaders() throws {
        var mail = Self.mail()
        mail.automatic = false
        mail.extraHeaders = [("X-Aduan-Complaint", "KXV25-7FDHX-CRQQ"), ("Bcc", "spy@example.com"), ("Bad Name", "x"), ("Subject", "second")]

        let message = try Parsed(MailComposer.compose(mail))

        #expect(message.header("Auto-Submitted") == nil)
        #expect(message.header("X-Auto-Response-Suppress") == nil)
        #expect(message.header("X-Aduan-Complaint") == "KXV25-7FDHX-CRQQ")
        #expect(message.header("Bcc") == nil)
        #expect(message.headers.filter { $0.name.lowercased() == "subject" }.count == 1)
        #expect(!message.rawHeader.contains("Bad Name"))
    }

    @Test("The Date header uses English names and the numeric offset of the zone", arguments: [
        ("Asia/Jakarta", "Tue, 01 Dec 2026 19:05:09 +0700"),
        ("Asia/Jayapura", "Tue, 01 Dec 2026 21:05:09 +0900"),
        ("UTC", "Tue, 01 Dec 2026 12:05:09 +0000"),
        ("America/St_Johns", "Tue, 01 Dec 2026 08:35:09 -0330"),
    ])
    func dateHeader(zone: String, expected: String) {
        #expect(MailComposer.dateText(Self.tuesday, in: TimeZone(identifier: zone)!) == expected)
    }

    @Test("A long Indonesian subject with non-ASCII keeps the tracking tag first and plain, and decodes back")
    func nonASCIISubject() throws {
        let subject = "[Pengaduan KXV25-7FDHX-CRQQ] Pengaduan — Perubahan Data KK · dua-puluh karakter ümlaut "
            + "dan permohonan perbaikan nama ibu kandung yang salah ketik di KTP-el sejak Januari 2026 — mohon dibantu 🙏"
        let bytes = MailComposer.compose(Self.mail(subject: subject))
        let message = try Parsed(bytes)

        let raw = try #require(message.rawField("Subject"))
        #expect(raw.hasPrefix("Subject: [Pengaduan KXV25-7FDHX-CRQQ] "))
        #expect(raw.contains("\r\n "), "a subject this long is folded")
        #expect(try RFC2047.decode(message.header("Subject")!) == subject)
        for word in RFC2047.encodedWords(in: raw) {
            #expect(word.count <= 75)
            // Each word alone is whole UTF-8: no character is split across two words.
            #expect(try RFC2047.decodeWord(word) != nil)
        }
        for line in raw.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76, "\(line)")
        }
        try assertWellFormed(bytes)
    }

    @Test("Subjects of every length and mix fold within 76 columns and decode to the same text", arguments: [
        "",
        "Status",
        "[Pengaduan KXV25-7FDHX-CRQQ] " + String(repeating: "Permohonan akta kelahiran ", count: 12),
        String(repeating: "ü", count: 150),
        String(repeating: "x", count: 300),
        "Perubahan — " + String(repeating: "é", count: 40) + " tengah " + String(repeating: "漢字", count: 40),
        "Looks like =?utf-8?B?Zm9v?= but is not",
        "a  b\t c", // white space collapses to single spaces
    ])
    func foldingRoundTrip(subject: String) throws {
        let bytes = MailComposer.compose(Self.mail(subject: subject))
        let message = try Parsed(bytes)
        let expected = subject.split(whereSeparator: \.isWhitespace).joined(separator: " ")

        #expect(try RFC2047.decode(message.header("Subject")!) == expected)
        for line in message.rawField("Subject")!.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
        }
        try assertWellFormed(bytes)
    }

    @Test("Display names: quoted when ASCII, encoded words when not, and both decode back")
    func displayNames() throws {
        let to = [
            MailAddress(name: "Ni Luh Putu \"Ayu\" Ségara", address: "ayu@example.com"),
            MailAddress(name: "Budi \"B\" Santoso", address: "budi@example.com"),
            MailAddress(address: "plain@example.com"),
        ]
        let message = try Parsed(MailComposer.compose(Self.mail(to: to)))

        let header = try #require(message.header("To"))
        #expect(header.contains("\"Budi \\\"B\\\" Santoso\" <budi@example.com>"))
        #expect(header.hasSuffix(", plain@example.com"))
        #expect(try RFC2047.decode(header).contains("Ni Luh Putu \"Ayu\" Ségara <ayu@example.com>,"))
    }

    @Test("References fold between ids, never inside one")
    func referencesFolding() throws {
        var mail = Self.mail()
        mail.references = (1...12).map { "aduan.\($0).\(String(repeating: "q", count: $0 * 3))@dharmasrayakab.go.id" }

        let message = try Parsed(MailComposer.compose(mail))

        let raw = try #require(message.rawField("References"))
        let lines = raw.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count > 1)
        for line in lines {
            #expect(line.utf8.count <= 78)
            let ids = line.dropFirst(line.hasPrefix("References:") ? 11 : 0).split(separator: " ")
            #expect(ids.allSatisfy { $0.hasPrefix("<") && $0.hasSuffix(">") }, "\(line)")
        }
        #expect(message.header("References") == mail.references.map { "<\($0)>" }.joined(separator: " "))
    }

    @Test("CR and LF in the subject, names and ids cannot add a header")
    func headerInjection() throws {
        var mail = Self.mail(
            subject: "Halo\r\nBcc: victim@example.com\r\n\r\nbody",
            from: MailAddress(name: "Kantor\r\nBcc: a@example.com", address: "pengaduan@dharmasrayakab.go.id"),
            to: [MailAddress(name: "Warga\nX-Evil: 1", address: "siti@example.com\r\nBcc: b@example.com")]
        )
        mail.messageID = "id@example.com>\r\nBcc: c@example.com"
        mail.inReplyTo = "x\r\nBcc: d@example.com"
        mail.extraHeaders = [("X-Note", "ok\r\nBcc: e@example.com")]

        let bytes = MailComposer.compose(mail)
        let message = try Parsed(bytes)

        #expect(message.header("Bcc") == nil)
        #expect(message.header("X-Evil") == nil)
        #expect(message.header("Subject") == "Halo Bcc: victim@example.com body")
        #expect(message.headers.count == 12)
        try assertWellFormed(bytes)
    }

    @Test("The text body is quoted-printable UTF-8 with CRLF lines, at most 76 columns, and decodes back")
    func textBody() throws {
        let text = "Yth. Ibu Siti,\n\nPengaduan Anda — nomor KXV25-7FDHX-CRQQ — sudah kami terima.\r\n"
            + String(repeating: "Kalimat yang sangat panjang tanpa ganti baris ", count: 40) + "\n"
            + ".titik di awal baris\nFrom the office\nspasi di akhir   \n=sama dengan\rselesai"
        let bytes = MailComposer.compose(Self.mail(text: text))
        let message = try Parsed(bytes)

        let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        #expect(message.text == expected)
        #expect(!message.body.contains(Array("\r\nFrom ".utf8)), "a leading From is encoded")
        try assertWellFormed(bytes)
    }

    @Test("Text and HTML go as multipart/alternative, text first")
    func alternative() throws {
        let html = "<p>Pengaduan <b>KXV25-7FDHX-CRQQ</b> diterima — terima kasih.</p>"
        let message = try Parsed(MailComposer.compose(Self.mail(text: "Pengaduan diterima.", html: html)))

        let type = try #require(message.header("Content-Type"))
        #expect(type.hasPrefix("multipart/alternative; boundary=\"=_aduan_"))
        let parts = try message.parts()
        #expect(parts.count == 2)
        #expect(parts[0].header("Content-Type") == "text/plain; charset=utf-8")
        #expect(parts[1].header("Content-Type") == "text/html; charset=utf-8")
        #expect(parts[0].text == "Pengaduan diterima.")
        #expect(parts[1].text == html)
    }

    @Test("Attachments come back byte for byte; non-ASCII names use RFC 2231")
    func attachments() throws {
        var generator = SystemRandomNumberGenerator()
        let pdf = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let longName = String(repeating: "Surat Keterangan Pindah — ", count: 4) + "ümlaut.pdf"
        let files = [
            MailAttachment(filename: "bukti \"1\".pdf", contentType: "application/pdf", data: pdf),
            MailAttachment(filename: "Kartu Keluarga — lama.jpg", contentType: "image/jpeg", data: Data([0xFF, 0xD8, 0xFF, 0xD9])),
            MailAttachment(filename: longName, contentType: "not a type", data: []),
            MailAttachment(filename: "../../etc/passwd", contentType: "text/plain", data: Array("x".utf8)),
        ]
        let bytes = MailComposer.compose(Self.mail(html: "<p>Lampiran</p>", attachments: files))
        let message = try Parsed(bytes)

        #expect(message.header("Content-Type")!.hasPrefix("multipart/mixed; boundary="))
        let parts = try message.parts()
        #expect(parts.count == 5)
        #expect(parts[0].header("Content-Type")!.hasPrefix("multipart/alternative"))
        #expect(try parts[1].decodedBody() == pdf)
        #expect(parts[1].header("Content-Disposition") == "attachment; filename=\"bukti \\\"1\\\".pdf\"")
        #expect(parts[1].header("Content-Type") == "application/pdf; name=\"bukti \\\"1\\\".pdf\"")
        #expect(try parts[2].decodedBody() == [0xFF, 0xD8, 0xFF, 0xD9])
        #expect(parts[2].header("Content-Disposition")
            == "attachment; filename*=utf-8''Kartu%20Keluarga%20%E2%80%94%20lama.jpg")
        #expect(parts[3].header("Content-Type") == "application/octet-stream")
        #expect(RFC2231.filename(parts[3].header("Content-Disposition")!) == longName)
        #expect(parts[3].rawHeader.contains("filename*1*="), "a long name is continued")
        #expect(parts[4].header("Content-Disposition") == "attachment; filename=\".._.._etc_passwd\"")
        for line in parts[1].body.split(separator: [13, 10]).dropLast() {
            #expect(line.count == 76)
        }
        try assertWellFormed(bytes)
    }

    @Test("An image with a Content-ID goes inline beside the HTML in multipart/related")
    func inlineImage() throws {
        let files = [
            MailAttachment(filename: "logo.png", contentType: "image/png", data: [1, 2, 3], contentID: "logo@aduan"),
            MailAttachment(filename: "surat.pdf", contentType: "application/pdf", data: [4, 5]),
        ]
        let message = try Parsed(MailComposer.compose(Self.mail(html: "<img src=\"cid:logo@aduan\">", attachments: files)))

        let parts = try message.parts()
        #expect(parts.count == 2)
        let alternative = try parts[0].parts()
        #expect(alternative[1].header("Content-Type")!.hasPrefix("multipart/related; type=\"text/html\"; boundary="))
        let related = try alternative[1].parts()
        #expect(related.count == 2)
        #expect(related[1].header("Content-ID") == "<logo@aduan>")
        #expect(related[1].header("Content-Disposition") == "inline; filename=\"logo.png\"")
        #expect(try related[1].decodedBody() == [1, 2, 3])
        #expect(try parts[1].decodedBody() == [4, 5])
    }

    @Test("Message-IDs are on the given domain, well formed and unique")
    func messageIDs() {
        let ids = (0..<500).map { _ in MailComposer.messageID(domain: "DharmasrayaKab.go.id", date: Self.tuesday) }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.hasPrefix("aduan."))
            #expect(id.hasSuffix("@dharmasrayakab.go.id"))
            #expect(id.unicodeScalars.allSatisfy { MailEncoding.isPrintableASCII($0) && $0 != "<" && $0 != ">" })
        }
        #expect(MailComposer.messageID(domain: "\r\n").hasSuffix("@aduan.invalid"))
    }

    @Test("Header-style addresses are read with or without a display name", arguments: [
        ("\"Disdukcapil Dharmasraya\" <pengaduan@example.go.id>", "Disdukcapil Dharmasraya", "pengaduan@example.go.id"),
        ("Disdukcapil <pengaduan@Example.go.id>", "Disdukcapil", "pengaduan@example.go.id"),
        ("<pengaduan@example.go.id>", nil, "pengaduan@example.go.id"),
        ("  pengaduan@example.go.id ", nil, "pengaduan@example.go.id"),
        ("\"A \\\"quoted\\\" name\" <a@example.com>", "A \"quoted\" name", "a@example.com"),
        ("\"Kantor, Pusat\" <a@example.com>", "Kantor, Pusat", "a@example.com"),
    ] as [(String, String?, String)])
    func parsingAddresses(text: String, name: String?, address: String) {
        #expect(MailAddress(parsing: text) == MailAddress(name: name, address: address))
    }

    @Test("Invalid addresses are refused", arguments: [
        "", "pengaduan", "Kantor <pengaduan>", "\"unclosed <a@example.com>", "<a@example.com", "a@example.com>",
        "Kantor <a@example.com>\r\nBcc: x@example.com", "\"a\" b\" <a@example.com>", "a@@example.com",
    ])
    func invalidAddresses(text: String) {
        #expect(MailAddress(parsing: text) == nil)
    }

    /// Every line ends in CRLF and stays within 998 octets (RFC 5322 §2.1.1); only 7-bit bytes.
    private func assertWellFormed(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(bytes.suffix(2) == [13, 10], sourceLocation: sourceLocation)
        var length = 0
        for (index, byte) in bytes.enumerated() {
            #expect(byte < 0x80, "8-bit byte at \(index)", sourceLocation: sourceLocation)
            if byte == 10 {
                try #require(index > 0 && bytes[index - 1] == 13, "bare LF at \(index)", sourceLocation: sourceLocation)
                length = 0
            } else if byte == 13 {
                try #require(index + 1 < bytes.count && bytes[index + 1] == 10, "bare CR at \(index)", sourceLocation: sourceLocation)
            } else {
                length += 1
                try #require(length <= 998, "line longer than 998 at \(index)", sourceLocation: sourceLocation)
            }
        }
    }
}

// MARK: - A small independent reader of what the composer writes

/// A message or body part split into headers and body, read the way a mail program would.
struct Parsed {
    var rawHeader: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(_ bytes: [UInt8]) throws {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let split = bytes.firstRange(of: separator) else { throw ParseError("no blank line after the headers") }
        rawHeader = String(decoding: bytes[..<split.lowerBound] + [13, 10], as: UTF8.self)
        body = Array(bytes[split.upperBound...])
        headers = []
        for line in rawHeader.components(separatedBy: "\r\n") where !line.isEmpty {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !headers.isEmpty else { throw ParseError("continuation before a header") }
                headers[headers.count - 1].value += line // unfolding removes only the CRLF
            } else {
                guard let colon = line.firstIndex(of: ":") else { throw ParseError("not a header: \(line)") }
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The header as written, with its folding.
    func rawField(_ name: String) -> String? {
        var result: String?
        for line in rawHeader.components(separatedBy: "\r\n") {
            if result != nil, line.hasPrefix(" ") {
                result! += line + "\r\n"
            } else if result != nil {
                break
            } else if line.lowercased().hasPrefix(name.lowercased() + ":") {
                result = line + "\r\n"
            }
        }
        return result
    }

    func decodedBody() throws -> [UInt8] {
        switch header("Content-Transfer-Encoding")?.lowercased() {
        case "base64":
            let text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "")
            guard let data = Data(base64Encoded: text) else { throw ParseError("bad base64") }
            return [UInt8](data)
        case "quoted-printable":
            return try QuotedPrintable.decode(body)
        default:
            return body
        }
    }

    /// The decoded body as UTF-8, without the line end that belongs to the message's end.
    var text: String? {
        guard var bytes = try? decodedBody() else { return nil }
        if header("MIME-Version") != nil, bytes.suffix(2) == [13, 10] { bytes.removeLast(2) }
        return String(validating: bytes, as: UTF8.self)
    }

    func parts() throws -> [Parsed] {
        guard let type = header("Content-Type"), let range = type.range(of: "boundary=\"") else { throw ParseError("not multipart") }
        let boundary = type[range.upperBound...].prefix { $0 != "\"" }
        let delimiter = Array("--\(boundary)".utf8)
        var pieces: [[UInt8]] = []
        var rest = body[...]
        guard let first = rest.firstRange(of: delimiter + [13, 10]), first.lowerBound == rest.startIndex else {
            throw ParseError("body does not start with the delimiter")
        }
        rest = rest[first.upperBound...]
        while let next = rest.firstRange(of: [13, 10] + delimiter) {
            pieces.append(Array(rest[..<next.lowerBound]))
            rest = rest[next.upperBound...]
            if rest.starts(with: Array("--".utf8)) { break }
            guard rest.starts(with: [13, 10]) else { throw ParseError("delimiter not followed by CRLF") }
            rest = rest.dropFirst(2)
        }
        return try pieces.map(Parsed.init)
    }
}

struct ParseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum QuotedPrintable {
    static func decode(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") {
                if bytes[(index + 1)...].starts(with: [13, 10]) {
                    index += 3
                    continue
                }
                guard index + 2 < bytes.count, let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16) else {
                    throw ParseError("bad quoted-printable at \(index)")
                }
                out.append(value)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}

/// RFC 2047 decoding for the tests: white space between two adjacent encoded words is dropped.
enum RFC2047 {
    static var pattern: Regex<(Substring, Substring, Substring, Substring)> { /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/ }

    static func encodedWords(in text: String) -> [String] {
        text.matches(of: pattern).map { String($0.output.0) }
    }

    static func decodeWord(_ word: String) throws -> String? {
        guard let match = word.wholeMatch(of: pattern) else { return nil }
        let (_, charset, encoding, payload) = match.output
        guard charset.lowercased() == "utf-8" else { throw ParseError("charset \(charset)") }
        let bytes: [UInt8]
        if encoding.uppercased() == "B" {
            guard let data = Data(base64Encoded: String(payload)) else { throw ParseError("bad base64 in \(word)") }
            bytes = [UInt8](data)
        } else {
            bytes = try QuotedPrintable.decode(Array(payload.replacingOccurrences(of: "_", with: " ").utf8))
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func decode(_ text: String) throws -> String {
        var result = ""
        var rest = text[...]
        var previousWasEncoded = false
        while let match = rest.firstMatch(of: pattern) {
            let gap = rest[..<match.range.lowerBound]
            if !(previousWasEncoded && gap.allSatisfy(\.isWhitespace)) { result += gap }
            guard let decoded = try decodeWord(String(match.output.0)) else { throw ParseError("bad word") }
            result += decoded
            previousWasEncoded = true
            rest = rest[match.range.upperBound...]
        }
        return result + rest
    }
}

/// RFC 2231 reading of a filename parameter, continuations included.
enum RFC2231 {
    static func filename(_ disposition: String) -> String? {
        var segments: [Int: String] = [:]
        for parameter in disposition.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard parameter.hasPrefix("filename*"), let equals = parameter.firstIndex(of: "=") else { continue }
            let key = parameter[..<equals].dropFirst("filename*".count).replacingOccurrences(of: "*", with: "")
            var value = String(parameter[parameter.index(after: equals)...])
            if let quote = value.range(of: "''") { value = String(value[quote.upperBound...]) }
            segments[Int(key) ?? 0] = value
        }
        return segments.keys.sorted().map { segments[$0]! }.joined().removingPercentEncoding
    }
}

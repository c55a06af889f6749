import Foundation

/// Writes an `OutgoingMail` as an RFC 5322 message: the bytes an SMTP client sends after DATA.
///
/// Every line ends in CRLF and stays within 76 characters (headers folded, bodies quoted-printable or
/// base64), so the message is 7-bit clean and no line comes near the 998-octet limit. Nothing taken from
/// the input can end a header line: control characters become spaces, names and subjects that need it
/// become RFC 2047 encoded words.
public enum MailComposer {
    public static func compose(_ mail: OutgoingMail) -> [UInt8] {
        var header = ""
        header += MailEncoding.field("Date", [.word(dateText(mail.date, in: mail.timeZone))])
        header += MailEncoding.field("From", mailboxes([mail.from]))
        if let replyTo = mail.replyTo {
            header += MailEncoding.field("Reply-To", mailboxes([replyTo]))
        }
        // RFC 5322 §3.6.3: a message for nobody named still needs a destination field.
        header += MailEncoding.field("To", mail.to.isEmpty ? [.word("undisclosed-recipients:;")] : mailboxes(mail.to))
        header += MailEncoding.field("Subject", MailEncoding.unstructured(mail.subject))
        if let id = cleanID(mail.messageID) {
            header += MailEncoding.field("Message-ID", [.word("<\(id)>")])
        }
        if let inReplyTo = mail.inReplyTo.flatMap(cleanID) {
            header += MailEncoding.field("In-Reply-To", [.word("<\(inReplyTo)>")])
        }
        let references = mail.references.compactMap(cleanID)
        if !references.isEmpty {
            header += MailEncoding.field("References", references.map { .word("<\($0)>") })
        }
        header += "MIME-Version: 1.0\r\n"
        if mail.automatic {
            header += "Auto-Submitted: auto-generated\r\n"
            header += "X-Auto-Response-Suppress: All\r\n"
        }
        for (name, value) in mail.extraHeaders where isAllowedExtraName(name) {
            header += MailEncoding.field(name, MailEncoding.unstructured(value))
        }

        let entity = render(body(of: mail))
        var message = Array(header.utf8)
        message += entity.headers.utf8
        message += [13, 10]
        message += entity.body
        message += [13, 10]
        return message
    }

    /// A new Message-ID (without angle brackets) on the given domain: `aduan.<time>.<random>@domain`.
    /// The time (milliseconds, base 36) only makes the ids sort by age; 128 random bits make them unique.
    public static func messageID(domain: String, date: Date = Date()) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var generator = SystemRandomNumberGenerator()
        let random = String(generator.next() as UInt64, radix: 36) + String(generator.next() as UInt64, radix: 36)
        let cleanDomain = String(domain.lowercased().unicodeScalars.filter {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-"
        })
        return "aduan.\(String(milliseconds, radix: 36)).\(random)@\(cleanDomain.isEmpty ? "aduan.invalid" : cleanDomain)"
    }

    // MARK: Headers

    /// RFC 5322 §3.3: `Tue, 01 Dec 2026 19:05:00 +0700`, English names whatever the locale.
    static func dateText(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    private static func mailboxes(_ list: [MailAddress]) -> [MailEncoding.Piece] {
        var pieces: [MailEncoding.Piece] = []
        for (index, mailbox) in list.enumerated() {
            let address = cleanAddress(mailbox.address)
            let separator = index < list.count - 1 ? "," : ""
            let name = MailEncoding.phrase(mailbox.name ?? "")
            pieces += name.isEmpty ? [.word(address + separator)] : name + [.word("<\(address)>" + separator)]
        }
        return pieces
    }

    /// Addresses are checked where they come from; here only what could break the header goes.
    private static func cleanAddress(_ address: String) -> String {
        String(address.unicodeScalars.filter { MailEncoding.isPrintableASCII($0) && !"<>,;\"()\\".unicodeScalars.contains($0) })
    }

    /// A Message-ID without brackets, white space or control characters; nil when nothing usable is left
    /// (empty, or too long to be a real id and to fit a header line).
    static func cleanID(_ id: String) -> String? {
        let clean = String(id.unicodeScalars.filter { MailEncoding.isPrintableASCII($0) && $0 != "<" && $0 != ">" })
        return clean.isEmpty || clean.utf8.count > 250 ? nil : clean
    }

    /// The headers the composer writes itself: an extra header of the same name would be a second copy.
    private static let ownHeaders: Set<String> = [
        "date", "from", "sender", "reply-to", "to", "cc", "bcc", "subject", "message-id", "in-reply-to",
        "references", "mime-version", "auto-submitted", "x-auto-response-suppress", "content-type",
        "content-transfer-encoding", "content-disposition", "content-id",
    ]

    /// RFC 5322 §2.2 field name: printable ASCII but the colon.
    private static func isAllowedExtraName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 60
            && name.unicodeScalars.allSatisfy { MailEncoding.isPrintableASCII($0) && $0 != ":" }
            && !ownHeaders.contains(name.lowercased())
    }

    // MARK: Body

    /// The MIME tree: text, or text and HTML as `multipart/alternative` (inline images beside the HTML
    /// in `multipart/related`), inside `multipart/mixed` when files are attached.
    private indirect enum Part {
        case single(headers: String, body: [UInt8])
        case multipart(subtype: String, parameters: [String], parts: [Part])
    }

    private static func body(of mail: OutgoingMail) -> Part {
        let text = Part.single(
            headers: "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n",
            body: MailEncoding.quotedPrintable(mail.textBody)
        )
        var content = text
        var files = mail.attachments
        if let html = mail.htmlBody {
            var htmlPart = Part.single(
                headers: "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n",
                body: MailEncoding.quotedPrintable(html)
            )
            let inline = files.filter { $0.contentID.flatMap(cleanID) != nil }
            if !inline.isEmpty {
                htmlPart = .multipart(subtype: "related", parameters: ["type=\"text/html\""], parts: [htmlPart] + inline.map(attachmentPart))
                files.removeAll { $0.contentID.flatMap(cleanID) != nil }
            }
            content = .multipart(subtype: "alternative", parameters: [], parts: [text, htmlPart])
        }
        guard !files.isEmpty else { return content }
        return .multipart(subtype: "mixed", parameters: [], parts: [content] + files.map(attachmentPart))
    }

    private static func attachmentPart(_ file: MailAttachment) -> Part {
        let filename = cleanFilename(file.filename)
        let type = cleanContentType(file.contentType)
        var typeWords = [type]
        // `name` for mail programs that read only Content-Type; the RFC 2231 form is for the disposition.
        if filename.utf8.count <= 60, filename.unicodeScalars.allSatisfy({ $0.isASCII }) {
            typeWords += MailEncoding.parameter("name", filename)
        }
        let contentID = file.contentID.flatMap(cleanID)
        let disposition = [contentID == nil ? "attachment" : "inline"] + MailEncoding.parameter("filename", filename)
        var headers = MailEncoding.field("Content-Type", parameterWords(typeWords))
        headers += "Content-Transfer-Encoding: base64\r\n"
        headers += MailEncoding.field("Content-Disposition", parameterWords(disposition))
        if let contentID {
            headers += MailEncoding.field("Content-ID", [.word("<\(contentID)>")])
        }
        return .single(headers: headers, body: MailEncoding.base64Lines(file.data))
    }

    /// `value; a=1; b=2` as words that fold between parameters.
    private static func parameterWords(_ words: [String]) -> [MailEncoding.Piece] {
        words.enumerated().map { index, word in .word(index < words.count - 1 ? word + ";" : word) }
    }

    /// A file name without path or control characters; a nameless file is called "lampiran".
    private static func cleanFilename(_ name: String) -> String {
        let clean = MailEncoding.headerText(name)
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "\\", with: "_")
        return clean.isEmpty ? "lampiran" : String(clean.prefix(200))
    }

    /// `type/subtype` (RFC 2045 tokens), lowercased; anything else is `application/octet-stream`.
    private static func cleanContentType(_ type: String) -> String {
        let essence = type.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingWhitespace().lowercased() } ?? ""
        let parts = essence.split(separator: "/", omittingEmptySubsequences: false)
        let tokenCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$&^_.+-")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 64 && $0.allSatisfy(tokenCharacters.contains) }) else {
            return "application/octet-stream"
        }
        return essence
    }

    /// Writes a part as its header lines and body. Boundaries are random and begin with "=_": neither
    /// quoted-printable (which writes every "=" as "=3D" or at a line end) nor base64 can contain that,
    /// so no body can hold a delimiter line; a nested part gets its own boundary.
    private static func render(_ part: Part) -> (headers: String, body: [UInt8]) {
        switch part {
        case .single(let headers, let body):
            return (headers, body)
        case .multipart(let subtype, let parameters, let parts):
            let boundary = makeBoundary()
            let headers = MailEncoding.field(
                "Content-Type",
                parameterWords(["multipart/\(subtype)"] + parameters + ["boundary=\"\(boundary)\""])
            )
            var body: [UInt8] = []
            for part in parts {
                let rendered = render(part)
                body += Array("--\(boundary)\r\n".utf8)
                body += Array(rendered.headers.utf8)
                body += [13, 10]
                body += rendered.body
                body += [13, 10]
            }
            body += Array("--\(boundary)--".utf8)
            return (headers, body)
        }
    }

    private static func makeBoundary() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return "=_aduan_" + String((0..<24).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

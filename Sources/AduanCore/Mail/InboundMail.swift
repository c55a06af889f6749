import Foundation

/// One e-mail as received, read from its raw bytes: what the ingest needs to thread it, to tell a person
/// from a machine, and to store its text and documents. Pure and bounded (`MailLimits`); only a broken
/// limit throws. The raw bytes stay the caller's to keep (PITFALLS 1.6: always keep the raw .eml).
public struct InboundMail: Sendable {
    /// Without the angle brackets, trimmed; nil when absent (the caller then hashes the raw bytes).
    public var messageID: String?
    /// The first id of `In-Reply-To`.
    public var inReplyTo: String?
    /// The ids of `References`, in order.
    public var references: [String]
    public var from: InboundAddress?
    public var sender: InboundAddress?
    public var replyTo: [InboundAddress]
    public var to: [InboundAddress]
    public var cc: [InboundAddress]
    /// Decoded (RFC 2047); nil when there is no Subject field.
    public var subject: String?
    public var date: Date?
    /// Every header field of the message, raw (each `Header` decodes on request).
    public var headers: Headers
    /// The body as text: text/plain preferred in multipart/alternative; HTML read as text where there
    /// is no plain version; the text parts of multipart/mixed joined in order.
    public var text: String
    /// The HTML body as received (decoded to a String), never rendered; nil when there is none.
    public var html: String?
    /// `text` without the quoted history and the signature (see `PlainText.visible`), for display and
    /// for a new complaint's description; `text` stays for the officer.
    public var visibleText: String
    /// Every part that is not body text, in order, those of nested messages included; inline `cid:`
    /// images of multipart/related are here with `isInline`.
    public var attachments: [MailPart]
    /// The messages attached as message/rfc822 (a forward), each read the same way.
    public var forwarded: [InboundMail]
    /// Why this mail is automatic and must never open a complaint or get a reply; nil for a person's mail.
    public var automatic: AutomaticReason?
    /// The delivery status report, when this is a bounce (`multipart/report; report-type=delivery-status`).
    public var bounce: Bounce?

    /// `In-Reply-To` then every `References` id, without repeats: the ids to match against ours.
    public var threadIDs: [String] {
        var seen: Set<String> = []
        return ([inReplyTo].compactMap { $0 } + references.reversed()).filter { seen.insert($0).inserted }
    }

    /// Reads one message. Throws only when a limit is broken (quarantine the mail then).
    public static func parse(_ bytes: [UInt8], limits: MailLimits = .default) throws(MailParseError) -> InboundMail {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { throw .empty }
        var parser = MIMEParser(limits: limits)
        let top = try parser.entity(bytes, 0..<bytes.count, depth: 0)
        return InboundMail(top, limits: limits)
    }

    init(_ top: MIMEEntity, limits: MailLimits) {
        let headers = top.headers
        self.headers = headers
        messageID = MessageIDs.first(headers["Message-ID"])
        inReplyTo = MessageIDs.first(headers["In-Reply-To"])
        references = MessageIDs.all(headers["References"])
        from = InboundAddress.list(headers["From"]).first
        sender = InboundAddress.list(headers["Sender"]).first
        replyTo = InboundAddress.list(headers["Reply-To"])
        to = headers.values("To").flatMap(InboundAddress.list)
        cc = headers.values("Cc").flatMap(InboundAddress.list)
        subject = headers["Subject"].map { EncodedWords.decode($0) }
        date = headers["Date"].flatMap(MailDate.parse)

        var body = BodyCollector()
        body.collect(top, limits: limits)
        text = PlainText.tidy(body.pieces.map(\.text).joined(separator: "\n\n"))
        let htmls = body.pieces.compactMap(\.html)
        html = htmls.isEmpty ? nil : htmls.joined(separator: "\n")
        visibleText = PlainText.tidy(body.pieces.map(\.visible).joined(separator: "\n\n"))
        attachments = body.attachments
        forwarded = body.forwarded
        automatic = MailClassifier.automaticReason(headers, top: top, from: from, sender: sender)
        bounce = MailClassifier.bounce(top, headers: headers, limits: limits)
    }
}

/// A part of a mail that is not its body text: a photo, a PDF, an inline image.
public struct MailPart: Sendable, Equatable {
    /// From Content-Disposition `filename` (RFC 2231 and RFC 2047 decoded), else Content-Type `name`;
    /// nil when the sender gave none. Untrusted: the caller sanitises it before using it anywhere.
    public var filename: String?
    /// `type/subtype`, lowercased (`image/jpeg`); as declared, not checked against the bytes.
    public var contentType: String
    /// Content-ID without the angle brackets (the `cid:` an HTML body refers to).
    public var contentID: String?
    /// Content-Disposition's value, lowercased (`attachment`, `inline`); nil when absent.
    public var disposition: String?
    /// Shown inside the body rather than attached: disposition `inline`, or an image of multipart/related.
    public var isInline: Bool
    /// The content, transfer encoding undone.
    public var bytes: [UInt8]

    public init(filename: String?, contentType: String, contentID: String?, disposition: String?,
                isInline: Bool, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.contentID = contentID
        self.disposition = disposition
        self.isInline = isInline
        self.bytes = bytes
    }
}

/// Walks the MIME tree and sorts body text from attachments.
struct BodyCollector {
    struct Piece {
        var text: String
        var visible: String
        var html: String?
        var fromHTML: Bool
    }

    var pieces: [Piece] = []
    var attachments: [MailPart] = []
    var forwarded: [InboundMail] = []

    mutating func collect(_ entity: MIMEEntity, limits: MailLimits, inRelated: Bool = false) {
        if entity.isMultipart {
            switch entity.mediaType {
            case "multipart/alternative": alternative(entity, limits: limits, inRelated: inRelated)
            case "multipart/related":
                // The first part is the body (RFC 2387 without a start parameter); the rest are its resources.
                for (index, child) in entity.children.enumerated() {
                    if index == 0 { collect(child, limits: limits, inRelated: inRelated) } else {
                        collect(child, limits: limits, inRelated: true)
                    }
                }
            case "multipart/report":
                // The human-readable explanation is the body; the status and returned message are data.
                for (index, child) in entity.children.enumerated() {
                    if index == 0 { collect(child, limits: limits) } else if child.isMessage {
                        collect(child, limits: limits)
                    }
                }
            default:
                for child in entity.children { collect(child, limits: limits, inRelated: inRelated) }
            }
            return
        }
        if entity.isMessage {
            if let inner = entity.message.first {
                let mail = InboundMail(inner, limits: limits)
                forwarded.append(mail)
                attachments += mail.attachments
            }
            return
        }
        if isBodyText(entity, inRelated: inRelated) {
            let text = MailCharset.decode(entity.decodedBody, charset: entity.contentType.parameters["charset"])
            let normalised = TransferDecoding.normalizingNewlines(text)
            if entity.mediaType == "text/html" {
                pieces.append(Piece(text: HTMLText.render(normalised),
                                    visible: PlainText.visible(HTMLText.render(normalised, removingQuotes: true)),
                                    html: normalised, fromHTML: true))
            } else {
                var plain = normalised
                if entity.contentType.parameters["format"]?.lowercased() == "flowed" {
                    plain = PlainText.unflow(plain, delSp: entity.contentType.parameters["delsp"]?.lowercased() == "yes")
                }
                pieces.append(Piece(text: plain, visible: PlainText.visible(plain), html: nil, fromHTML: false))
            }
            return
        }
        if entity.mediaType == "message/delivery-status" || entity.mediaType == "text/rfc822-headers"
            || entity.mediaType == "message/global-delivery-status" || entity.mediaType == "message/global-headers" {
            return
        }
        if entity.body.isEmpty && entity.disposition == nil { return }
        attachments.append(part(entity, inRelated: inRelated))
    }

    /// Text that is read as the body: text/plain or text/html without a file name, not marked attachment.
    private func isBodyText(_ entity: MIMEEntity, inRelated: Bool) -> Bool {
        guard entity.mediaType == "text/plain" || entity.mediaType == "text/html" else { return false }
        if entity.disposition?.value == "attachment" { return false }
        return Self.filename(entity) == nil
    }

    private mutating func alternative(_ entity: MIMEEntity, limits: MailLimits, inRelated: Bool) {
        var choices: [BodyCollector] = []
        for child in entity.children {
            var choice = BodyCollector()
            choice.collect(child, limits: limits, inRelated: inRelated)
            choices.append(choice)
        }
        let plain = choices.first { choice in
            choice.pieces.contains { !$0.fromHTML && !$0.text.allSatisfy(\.isWhitespace) }
        }
        let rich = choices.last { $0.pieces.contains { $0.html != nil } }
        if let chosen = plain ?? rich {
            let htmls = rich?.pieces.compactMap(\.html) ?? []
            pieces.append(Piece(text: chosen.pieces.map(\.text).joined(separator: "\n\n"),
                                visible: chosen.pieces.map(\.visible).joined(separator: "\n\n"),
                                html: htmls.isEmpty ? nil : htmls.joined(separator: "\n"),
                                fromHTML: plain == nil))
        }
        for choice in choices {
            attachments += choice.attachments
            forwarded += choice.forwarded
        }
    }

    private func part(_ entity: MIMEEntity, inRelated: Bool) -> MailPart {
        let contentID = MessageIDs.first(entity.headers["Content-ID"])
        let disposition = entity.disposition?.value
        let inline = disposition == "inline" || (disposition == nil && (inRelated || contentID != nil))
        return MailPart(filename: Self.filename(entity), contentType: entity.mediaType, contentID: contentID,
                        disposition: disposition, isInline: inline, bytes: entity.decodedBody)
    }

    static func filename(_ entity: MIMEEntity) -> String? {
        let raw = entity.disposition?.parameters["filename"] ?? entity.contentType.parameters["name"]
        guard let name = raw?.mailTrimmed, !name.isEmpty else { return nil }
        return name
    }
}

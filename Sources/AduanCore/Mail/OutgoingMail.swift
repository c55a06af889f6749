import Foundation

/// One message the office sends, before it is written as RFC 5322 bytes by `MailComposer`.
public struct OutgoingMail: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    /// Without angle brackets, e.g. `aduan.lx3k2a.9f8e7d6c5b4a@example.go.id` (see `MailComposer.messageID`).
    public var messageID: String
    /// The Message-ID (without angle brackets) this message answers, if any.
    public var inReplyTo: String?
    /// The thread, oldest first, without angle brackets.
    public var references: [String]
    public var date: Date
    /// The zone of the Date header's numeric offset (the office's, e.g. +0700 for WIB).
    public var timeZone: TimeZone
    public var textBody: String
    public var htmlBody: String?
    public var attachments: [MailAttachment]
    /// Sent by the system, not typed by a person: marked `Auto-Submitted: auto-generated` (RFC 3834) and
    /// `X-Auto-Response-Suppress: All`, so that vacation replies and other help desks do not answer.
    public var automatic: Bool
    /// Further headers, written after the standard ones. A name that is not a valid field name, or one of
    /// the headers the composer writes itself, is left out.
    public var extraHeaders: [(name: String, value: String)]

    public init(
        from: MailAddress,
        to: [MailAddress],
        replyTo: MailAddress? = nil,
        subject: String,
        messageID: String,
        inReplyTo: String? = nil,
        references: [String] = [],
        date: Date,
        timeZone: TimeZone,
        textBody: String,
        htmlBody: String? = nil,
        attachments: [MailAttachment] = [],
        automatic: Bool = true,
        extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.timeZone = timeZone
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.automatic = automatic
        self.extraHeaders = extraHeaders
    }
}

/// A file carried by a message. With a `contentID` it is an inline part that the HTML refers to as
/// `cid:<contentID>` (placed beside the HTML in `multipart/related`).
public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    /// A MIME type such as `application/pdf`; anything not of the form `type/subtype` is sent as
    /// `application/octet-stream`.
    public var contentType: String
    public var data: [UInt8]
    /// Without angle brackets.
    public var contentID: String?

    public init(filename: String, contentType: String, data: [UInt8], contentID: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.contentID = contentID
    }

    public init(filename: String, contentType: String, data: Data, contentID: String? = nil) {
        self.init(filename: filename, contentType: contentType, data: [UInt8](data), contentID: contentID)
    }
}

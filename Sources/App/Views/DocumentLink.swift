import AduanCore
import Vapor

/// A stored document as pages list it: name, kind, size, and where to open it.
struct DocumentLink: Encodable, Sendable {
    let name: String
    let kind: String
    let href: String
    let size: String
    let isImage: Bool
    /// Browsers show JPEG and PNG in the page; HEIC and PDF open on their own.
    let inline: Bool

    init(_ attachment: Attachment, href: String, request: Request) {
        name = attachment.originalName
        kind = request.text(attachment.kind.messageKey)
        self.href = href
        size = request.size(attachment.size)
        isImage = attachment.contentType.isImage
        inline = attachment.contentType == .jpeg || attachment.contentType == .png
    }
}

/// The MIME structure of a message (RFC 2045, 2046): entities over ranges of the one raw buffer, so that
/// nothing is copied until a part is decoded. Each multipart level scans its own range once, line by
/// line, so the work is at most (depth × size), never quadratic in the number of boundaries.
struct MIMEEntity: Sendable {
    var headers: InboundMail.Headers
    var contentType: HeaderValueWithParameters
    var disposition: HeaderValueWithParameters?
    /// The raw buffer this entity's body lies in (shared, not copied, between entities).
    var buffer: [UInt8]
    var body: Range<Int>
    var children: [MIMEEntity] = []
    /// The message inside a message/rfc822 entity.
    var message: [MIMEEntity] = []

    var mediaType: String { contentType.value }
    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }
    var isMessage: Bool { mediaType == "message/rfc822" || mediaType == "message/global" }
    var transferEncoding: String? {
        headers["Content-Transfer-Encoding"].map { HeaderValueWithParameters.stripComments($0).mailTrimmed }
    }

    /// The body with its Content-Transfer-Encoding undone.
    var decodedBody: [UInt8] { TransferDecoding.decodeTransfer(buffer[body], encoding: transferEncoding) }
}

struct MIMEParser {
    let limits: MailLimits
    private(set) var parts = 0

    init(limits: MailLimits) { self.limits = limits }

    /// The entity whose header starts at `range.lowerBound`. `defaultType` is what a missing
    /// Content-Type means (text/plain, or message/rfc822 inside multipart/digest).
    mutating func entity(_ buffer: [UInt8], _ range: Range<Int>, depth: Int,
                         defaultType: String = "text/plain") throws(MailParseError) -> MIMEEntity {
        parts += 1
        guard parts <= limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }
        guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
        let (headers, bodyStart) = try HeaderReader.read(buffer, in: range, limits: limits)
        var contentType = HeaderValueWithParameters(headers["Content-Type"] ?? defaultType)
        if !contentType.value.contains("/") {
            // "text", "" or garbage: RFC 2045 5.2 says text/plain (keeping a charset if one was given).
            contentType.value = defaultType
        }
        let disposition = headers["Content-Disposition"].map(HeaderValueWithParameters.init)
        var entity = MIMEEntity(headers: headers, contentType: contentType, disposition: disposition,
                                buffer: buffer, body: bodyStart..<range.upperBound)

        if entity.isMultipart {
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
                // No boundary: nothing can be split, the body is read as text.
                entity.contentType = HeaderValueWithParameters("text/plain")
                return entity
            }
            let childType = entity.mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
            for part in Self.split(buffer, entity.body, boundary: boundary) {
                entity.children.append(try self.entity(buffer, part, depth: depth + 1, defaultType: childType))
            }
        } else if entity.isMessage {
            let encoding = entity.transferEncoding?.lowercased()
            if encoding == "base64" || encoding == "quoted-printable" {
                // Not allowed by RFC 2046 5.2.1, but sent: decode, then parse the result on its own.
                let inner = entity.decodedBody
                entity.message = [try self.entity(inner, 0..<inner.count, depth: depth + 1)]
            } else if !entity.body.isEmpty {
                entity.message = [try self.entity(buffer, entity.body, depth: depth + 1)]
            }
        }
        return entity
    }

    /// The ranges of the body parts between `--boundary` lines. The line break before a delimiter
    /// belongs to it; the preamble and epilogue are dropped; a never-closed multipart ends at the end.
    static func split(_ buffer: [UInt8], _ range: Range<Int>, boundary: String) -> [Range<Int>] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [Range<Int>] = []
        var partStart: Int?
        var lineStart = range.lowerBound
        let end = range.upperBound
        while lineStart < end {
            let newline = buffer.indexOfNewline(from: lineStart, before: end)
            if buffer[lineStart] == UInt8(ascii: "-"), newline - lineStart >= delimiter.count,
               buffer[lineStart..<(lineStart + delimiter.count)].elementsEqual(delimiter) {
                let rest = buffer[(lineStart + delimiter.count)..<newline]
                let isClose = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
                if isClose || rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if let start = partStart {
                        var contentEnd = lineStart
                        if contentEnd > start, buffer[contentEnd - 1] == 0x0A { contentEnd -= 1 }
                        if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                        parts.append(start..<contentEnd)
                    }
                    if isClose { return parts }
                    partStart = newline < end ? newline + 1 : end
                }
            }
            lineStart = newline + 1
        }
        if let start = partStart { parts.append(start..<end) }
        return parts
    }
}

import Vapor

/// A multipart/form-data body read part by part, so that a repeated field (`documents`, several files)
/// keeps every value — Codable decoding keeps only the last one.
struct MultipartForm {
    private(set) var fields: [String: [String]] = [:]
    private(set) var files: [String: [File]] = [:]

    /// Header lines read for one part; a real browser sends two or three.
    static let maxHeadersPerPart = 16

    init(request: Request) throws {
        guard let contentType = request.headers.contentType, contentType == .formData,
              let boundary = contentType.parameters["boundary"] else {
            throw Abort(.unsupportedMediaType, reason: "expected multipart/form-data")
        }
        guard let body = request.body.data else { return }

        // The body is already bounded in bytes (the route's collect limit); the number of parts and
        // of header lines is bounded here, so a body of tiny parts cannot become a million values.
        let maxParts = request.aduan.config.maxParts
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var headerCount = 0
        var content = ByteBuffer()
        var tooMany = false
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            headerCount += 1
            if headerCount <= Self.maxHeadersPerPart { headers.add(name: name, value: value) } else { tooMany = true }
        }
        parser.onBody = { chunk in if !tooMany { content.writeBuffer(&chunk) } }
        parser.onPartComplete = {
            if parts.count < maxParts { parts.append(MultipartPart(headers: headers, body: content)) } else { tooMany = true }
            headers = HTTPHeaders()
            headerCount = 0
            content = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw Abort(.badRequest, reason: "upload.malformed_body")
        }
        guard !tooMany else { throw Abort(.payloadTooLarge, reason: "upload.too_many_parts") }

        for part in parts {
            guard var name = part.name else { continue }
            if name.hasSuffix("[]") { name.removeLast(2) }
            if let filename = part.headers.contentDisposition?.filename {
                files[name, default: []].append(File(data: part.body, filename: filename))
            } else {
                fields[name, default: []].append(String(buffer: part.body))
            }
        }
    }

    func text(_ name: String) -> String? {
        fields[name]?.last
    }

    /// A checkbox or an API boolean: `true`, `on`, `1` or `yes`.
    func flag(_ name: String) -> Bool {
        guard let value = text(name)?.lowercased() else { return false }
        return ["true", "on", "1", "yes", "ya"].contains(value)
    }

    /// The files chosen for a field, leaving out empty file inputs.
    func files(_ name: String) -> [File] {
        files[name, default: []].filter { $0.data.readableBytes > 0 }
    }
}

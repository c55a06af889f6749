import Vapor

/// A multipart/form-data body read part by part, so that a repeated field (`documents`, several files)
/// keeps every value — Codable decoding keeps only the last one.
struct MultipartForm {
    private(set) var fields: [String: [String]] = [:]
    private(set) var files: [String: [File]] = [:]

    init(request: Request) throws {
        guard let contentType = request.headers.contentType, contentType == .formData,
              let boundary = contentType.parameters["boundary"] else {
            throw Abort(.unsupportedMediaType, reason: "expected multipart/form-data")
        }
        guard let body = request.body.data else { return }

        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var content = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: content))
            headers = HTTPHeaders()
            content = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw Abort(.badRequest, reason: "malformed multipart body")
        }

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

import Foundation
import NIOCore
import Vapor

/// Builds multipart/form-data bodies the way a browser sends them, repeated fields included.
struct MultipartBuilder {
    let boundary = "----AduanTest\(UUID().uuidString)"
    private var body = ByteBuffer()

    mutating func field(_ name: String, _ value: String) {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    mutating func file(_ name: String, filename: String, contentType: String = "application/octet-stream", _ bytes: [UInt8]) {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n")
    }

    /// An empty file input, as a browser sends it when nothing was chosen.
    mutating func emptyFile(_ name: String) {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n")
    }

    func build() -> ByteBuffer {
        var result = body
        result.writeString("--\(boundary)--\r\n")
        return result
    }

    var headers: HTTPHeaders {
        ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
    }
}

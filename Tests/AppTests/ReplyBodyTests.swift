#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import Vapor
@testable import App

/// A reply's body (up to the whole upload limit) is read only once the citizen's access is checked: a
/// stranger's request is answered while its body is still on the way, so nobody can make the server
/// buffer megabytes without a grant.
@Suite("Reply bodies after access")
struct ReplyBodyTests {
    @Test("a reply without access is answered before its body has been sent", arguments: ["api", "page"])
    func refusedBeforeBody(route: String) async throws {
        try await withAduan { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(aduan.app.http.server.shared.localAddress?.port)
                let (path, credential) = route == "api"
                    ? ("/api/v1/complaints/\(code)/messages", "Authorization: Bearer palsu")
                    : ("/lacak/\(code)/balas", "Cookie: \(FollowController.accessCookie)=palsu")
                // 20 MB announced, below the upload limit, so nothing refuses it by its length alone.
                let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(credential)\r\n"
                    + "Content-Type: multipart/form-data; boundary=grens\r\nContent-Length: 20000000\r\n\r\n"
                let answer = try await RawHTTP.exchange(port: port, head: head, bodyPrefix: 64 * 1024, waitSeconds: 15)
                #expect(answer.hasPrefix(route == "api" ? "HTTP/1.1 401" : "HTTP/1.1 403"), "answer: \(answer.prefix(80))")
            } catch {
                await aduan.app.server.shutdown()
                throw error
            }
            await aduan.app.server.shutdown()
        }
    }

    @Test("with access, the reply's body is read and the reply accepted")
    func acceptedWithAccess() async throws {
        try await withAduan { aduan in
            let code = try await aduan.fileComplaint()
            let token = try await aduan.accessToken(code)
            var form = MultipartBuilder()
            form.field("message", "Berkas tambahan")
            form.file("documents", filename: "surat.pdf", contentType: "application/pdf", Fixture.pdf)
            let answer = try await aduan.sendMultipart("/api/v1/complaints/\(code)/messages", from: Peer.citizen,
                                                       headers: ["Authorization": "Bearer \(token)"], form)
            #expect(answer.status == .created)
            #expect(answer.body.contains("Berkas tambahan"))
        }
    }
}

/// A bare HTTP/1.1 client that sends only the start of a body, then waits for whatever the server says.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the blocking exchange on a thread of its own: blocking one of the few threads of the
    /// concurrency pool (or of the app's thread pool) would stall the very server it waits for.
    static func exchange(port: Int, head: String, bodyPrefix: Int, waitSeconds: Int) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try send(port: port, head: head, bodyPrefix: bodyPrefix, waitSeconds: waitSeconds) })
            }.start()
        }
    }

    private static func send(port: Int, head: String, bodyPrefix: Int, waitSeconds: Int) throws -> String {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect failed") }
        var timeout = timeval(tv_sec: waitSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let bytes = Array(head.utf8) + Array("--grens\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n".utf8)
            + [UInt8](repeating: UInt8(ascii: "a"), count: bodyPrefix)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { break }
            sent += written
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let read = recv(fd, &buffer, buffer.count, 0)
        guard read > 0 else { return "" }
        return String(decoding: buffer[0..<read], as: UTF8.self)
    }
}

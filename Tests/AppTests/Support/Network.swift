import Foundation
import NIOCore
import Testing
import Vapor
@testable import App

/// An answer read in full.
struct Answer: Sendable {
    let status: HTTPStatus
    let headers: HTTPHeaders
    let body: String

    /// The full `Set-Cookie` line for `name`.
    func setCookie(_ name: String) -> String? {
        headers[.setCookie].first { $0.hasPrefix("\(name)=") }
    }
}

extension TestAduan {
    /// A request as it arrives from the network: unlike `app.testing()` it has a peer address, so the
    /// client address, the throttles and the rate limits see what they see in production. Safe to call
    /// in parallel.
    func send(_ method: HTTPMethod, _ path: String, from peer: String?, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> Answer {
        var headers = headers
        headers.replaceOrAdd(name: .contentLength, value: String(body?.readableBytes ?? 0))
        let request = Request(
            application: app, method: method, url: URI(string: path), headers: headers,
            collectedBody: body?.readableBytes == 0 ? nil : body,
            remoteAddress: try peer.map { try SocketAddress(ipAddress: $0, port: 40_000) },
            logger: app.logger, on: app.eventLoopGroup.next())
        let response = try await app.responder.respond(to: request).get()
        let buffer = try await response.body.collect(on: request.eventLoop).get()
        return Answer(status: response.status, headers: response.headers, body: buffer.map { String(buffer: $0) } ?? "")
    }

    func sendJSON(_ method: HTTPMethod, _ path: String, from peer: String?, headers: HTTPHeaders = [:], _ value: [String: String]) async throws -> Answer {
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        return try await send(method, path, from: peer, headers: headers, body: ByteBuffer(bytes: Array(try JSONEncoder().encode(value))))
    }

    func sendForm(_ path: String, from peer: String?, headers: HTTPHeaders = [:], _ fields: [String: String]) async throws -> Answer {
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        var components = URLComponents()
        components.queryItems = fields.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return try await send(.POST, path, from: peer, headers: headers, body: ByteBuffer(string: encoded))
    }

    func sendMultipart(_ path: String, from peer: String?, headers: HTTPHeaders = [:], _ form: MultipartBuilder) async throws -> Answer {
        var all = form.headers
        all.add(contentsOf: headers)
        return try await send(.POST, path, from: peer, headers: all, body: form.build())
    }

    /// The citizen's proof through the API, from `peer`.
    func prove(_ code: String, _ proof: String, from peer: String?, headers: HTTPHeaders = [:]) async throws -> Answer {
        try await sendJSON(.POST, "/api/v1/complaints/\(code)/access", from: peer, headers: headers, ["proof": proof])
    }

    /// The login form's cookie and CSRF token, for `attemptSignIn`.
    func loginForm() async throws -> (cookie: String, csrf: String) {
        let answer = try await send(.GET, "/petugas/masuk", from: nil)
        let cookie = try #require(answer.headers.cookie(named: SignInController.loginCSRFCookie))
        let csrf = try #require(answer.body.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/)?.1).description
        return (cookie, csrf)
    }

    /// One sign-in with the password from `peer`; reuses one login form, as parallel tries may.
    func attemptSignIn(_ username: String, password: String, from peer: String?, headers: HTTPHeaders = [:],
                       form: (cookie: String, csrf: String)) async throws -> Answer {
        var headers = headers
        headers.replaceOrAdd(name: .cookie, value: form.cookie)
        return try await sendForm("/petugas/masuk", from: peer, headers: headers,
                                  ["username": username, "password": password, "_csrf": form.csrf])
    }
}

/// A few public addresses from the documentation ranges (RFC 5737).
enum Peer {
    static let proxy = "10.0.0.1"
    static let citizen = "198.51.100.7"
    static let neighbour = "198.51.100.8"
    static let attacker = "203.0.113.66"
    static let officer = "203.0.113.1"
}

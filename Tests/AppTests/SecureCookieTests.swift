import AduanCore
import Foundation
import Testing
import Vapor
@testable import App

/// Every cookie is `Secure` when the request came over HTTPS — said by a trusted proxy — or always with
/// `ADUAN_SECURE_COOKIES=true`; HSTS is sent then too. A stranger's `X-Forwarded-Proto` counts for nothing.
@Suite("Secure cookies and HSTS")
struct SecureCookieTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let environment: [String: String]
        let peer: String
        let headers: [String: String]
        let secure: Bool

        var testDescription: String { name }
    }

    static let trusted = ["ADUAN_TRUSTED_PROXIES": Peer.proxy]

    static let cases = [
        Case(name: "plain HTTP", environment: [:], peer: Peer.citizen, headers: [:], secure: false),
        Case(name: "a stranger claims HTTPS", environment: [:], peer: Peer.citizen, headers: ["X-Forwarded-Proto": "https"], secure: false),
        Case(name: "the trusted proxy says HTTPS", environment: trusted, peer: Peer.proxy,
             headers: ["X-Forwarded-Proto": "https", "X-Forwarded-For": Peer.citizen], secure: true),
        Case(name: "the trusted proxy says HTTP", environment: trusted, peer: Peer.proxy,
             headers: ["X-Forwarded-Proto": "http", "X-Forwarded-For": Peer.citizen], secure: false),
        Case(name: "an untrusted proxy says HTTPS", environment: trusted, peer: "10.0.0.2", headers: ["X-Forwarded-Proto": "https"], secure: false),
        Case(name: "ADUAN_SECURE_COOKIES=true", environment: ["ADUAN_SECURE_COOKIES": "true"], peer: Peer.citizen, headers: [:], secure: true),
    ]

    @Test("language, login form, staff session and citizen access cookies", arguments: cases)
    func cookies(_ situation: Case) async throws {
        try await withAduan(environment: situation.environment.merging(["ADUAN_PASSWORD_COST": "4"]) { _, new in new }) { aduan in
            let headers = HTTPHeaders(situation.headers.map { ($0.key, $0.value) })
            let code = try await aduan.fileComplaint()
            try await aduan.createUser("budi", role: .pengelola)

            let home = try await aduan.send(.GET, "/?lang=en", from: situation.peer, headers: headers)
            let login = try await aduan.send(.GET, "/petugas/masuk", from: situation.peer, headers: headers)
            let form = (cookie: try #require(login.headers.cookie(named: SignInController.loginCSRFCookie)),
                        csrf: try #require(login.body.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/)?.1).description)
            let session = try await aduan.attemptSignIn("budi", password: TestAduan.password, from: situation.peer, headers: headers, form: form)
            let access = try await aduan.sendForm("/lacak/\(code)/akses", from: situation.peer, headers: headers, ["proof": Fixture.phone])

            let lines = [
                try #require(home.setCookie("lang")),
                try #require(login.setCookie(SignInController.loginCSRFCookie)),
                try #require(session.setCookie(StaffSessionMiddleware.cookie)),
                try #require(session.setCookie(SignInController.loginCSRFCookie)),
                try #require(access.setCookie(FollowController.accessCookie)),
            ]
            for line in lines {
                #expect(line.contains("; Secure") == situation.secure, "\(line)")
                #expect(line.contains("; HttpOnly"), "\(line)")
            }
            for answer in [home, login, session, access] {
                #expect(answer.headers.first(name: .strictTransportSecurity) == (situation.secure ? "max-age=31536000" : nil))
            }
        }
    }
}

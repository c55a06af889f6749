import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("Officers signing in")
struct StaffAuthTests {
    static let fastHashing = ["ADUAN_PASSWORD_COST": "4"]

    @Test("TOTP codes follow RFC 6238", arguments: [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")])
    func totpVectors(time: Int, code: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: TOTP.step(at: Date(timeIntervalSince1970: TimeInterval(time)))) == code)
    }

    @Test("base32 round trip")
    func base32() {
        let bytes = Array("12345678901234567890".utf8)
        #expect(Base32.encode(bytes) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(Base32.decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq") == bytes)
        #expect(Base32.decode("not base32!") == nil)
    }

    @Test("a pengelola signs in with the password and reaches the console; passwords are stored with bcrypt", arguments: TestDatabase.available)
    func signIn(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let user = try await aduan.createUser("budi", role: .pengelola)
            #expect(user.passwordHash.hasPrefix("$2b$") || user.passwordHash.hasPrefix("$2a$") || user.passwordHash.hasPrefix("$2y$"))

            let browser = try await aduan.signIn("budi")
            try await aduan.app.testing().test(.GET, "/petugas/akun", headers: browser.headers) { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("budi"))
            }
            let cookie = browser.cookie
            #expect(!cookie.isEmpty)
        }
    }

    @Test("the console sends strangers to the sign-in page")
    func strangersAreSentToSignIn() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.app.testing().test(.GET, "/petugas/akun") { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/petugas/masuk?lanjut=/petugas/akun")
            }
        }
    }

    @Test("wrong passwords are refused and slowed down per account")
    func wrongPasswordsAreThrottled() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("budi", role: .pengelola)
            var statuses: [HTTPStatus] = []
            for attempt in 1...6 {
                var loginCookie = ""
                var csrf = ""
                try await aduan.app.testing().test(.GET, "/petugas/masuk") { response in
                    loginCookie = response.headers.cookie(named: SignInController.loginCSRFCookie) ?? ""
                    csrf = response.body.string.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/).map { String($0.1) } ?? ""
                }
                let password = attempt == 6 ? TestAduan.password : "salah-\(attempt)"
                try await aduan.app.testing().test(.POST, "/petugas/masuk", headers: ["Cookie": loginCookie], beforeRequest: { request in
                    try request.content.encode(["username": "budi", "password": password, "_csrf": csrf], as: .urlEncodedForm)
                }, afterResponse: { response in
                    statuses.append(response.status)
                    if response.status == .unauthorized { #expect(response.body.string.contains("Nama pengguna atau kata sandi salah")) }
                })
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            aduan.clock.advance(by: 31)
            _ = try await aduan.signIn("budi")
            let failures = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .signInFailed).count()
            #expect(failures == 5)
        }
    }

    @Test("a form without the session's CSRF token is refused")
    func csrf() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            try await aduan.app.testing().test(.POST, "/petugas/akun/keluar-semua", headers: browser.headers, beforeRequest: { request in
                try request.content.encode(["_csrf": "forged"], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .forbidden)
                #expect(response.body.string.contains("Formulir sudah kedaluwarsa"))
            })
            // The session still works: nothing was done.
            try await aduan.app.testing().test(.GET, "/petugas/akun", headers: browser.headers) { response in
                #expect(response.status == .ok)
            }
            // Without the login form's cookie, signing in is refused too.
            try await aduan.app.testing().test(.POST, "/petugas/masuk", beforeRequest: { request in
                try request.content.encode(["username": "budi", "password": TestAduan.password, "_csrf": "x"], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .forbidden)
            })
        }
    }

    @Test("an account with TOTP needs the code after the password; a code works only once", arguments: TestDatabase.available)
    func secondFactor(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            try await aduan.createUser("siti", role: .pimpinan, totp: true)
            let browser = try await aduan.signInPasswordOnly("siti")
            try await aduan.app.testing().test(.GET, "/petugas/akun", headers: browser.headers) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/petugas/masuk/kode")
            }
            var signedIn = browser
            for (code, expected) in [("000000", HTTPStatus.unauthorized), (aduan.totpCode(), .seeOther)] {
                try await aduan.app.testing().test(.POST, "/petugas/masuk/kode", headers: browser.headers, beforeRequest: { request in
                    try request.content.encode(["code": code, "_csrf": browser.csrf], as: .urlEncodedForm)
                }, afterResponse: { response in
                    #expect(response.status == expected)
                    if let cookie = response.headers.cookie(named: StaffSessionMiddleware.cookie) {
                        signedIn = ConsoleBrowser(cookie: cookie, csrf: "")
                    }
                })
            }
            // A new session, with a new CSRF token; the cookie of the password step is not signed in.
            #expect(signedIn.cookie != browser.cookie)
            let renewedCSRF = try await aduan.csrfToken(signedIn.cookie)
            #expect(renewedCSRF != browser.csrf)
            try await aduan.app.testing().test(.GET, "/petugas/akun", headers: signedIn.headers) { response in
                #expect(response.status == .ok)
            }
            try await aduan.app.testing().test(.GET, "/petugas/akun", headers: browser.headers) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/petugas/masuk?lanjut=/petugas/akun")
            }
            // The same code again, in a second sign-in, is refused.
            let second = try await aduan.signInPasswordOnly("siti")
            try await aduan.app.testing().test(.POST, "/petugas/masuk/kode", headers: second.headers, beforeRequest: { request in
                try request.content.encode(["code": aduan.totpCode(), "_csrf": second.csrf], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .unauthorized)
            })
        }
    }

    @Test("an admin must set up TOTP before anything else")
    func adminMustEnrol() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("admin", role: .admin, totp: false)
            let browser = try await aduan.signIn("admin")
            try await aduan.app.testing().test(.GET, "/petugas/akun", headers: browser.headers) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/petugas/akun/dua-langkah")
            }
            var secret = ""
            try await aduan.app.testing().test(.GET, "/petugas/akun/dua-langkah", headers: browser.headers) { response in
                #expect(response.status == .ok)
                secret = try #require(response.body.string.firstMatch(of: /id="totp-secret"[^>]*>([A-Z2-7]+)</)?.1).description
                #expect(response.body.string.contains("otpauth://totp/"))
            }
            let code = TOTP(base32: secret)!.code(at: TOTP.step(at: aduan.clock.now()))
            try await aduan.app.testing().test(.POST, "/petugas/akun/dua-langkah", headers: browser.headers, beforeRequest: { request in
                try request.content.encode(["code": code, "_csrf": browser.csrf], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .seeOther)
            })
            try await aduan.app.testing().test(.GET, "/petugas/akun", headers: browser.headers) { response in
                #expect(response.status == .ok)
            }
            let admin = try #require(try await User.query(on: aduan.app.db).filter(\.$username == "admin").first())
            #expect(admin.totpEnabled)
        }
    }

    @Test("signing out everywhere ends every session of the account")
    func signOutEverywhere() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("budi", role: .pengelola)
            let phone = try await aduan.signIn("budi")
            let desk = try await aduan.signIn("budi")
            try await aduan.app.testing().test(.POST, "/petugas/akun/keluar-semua", headers: desk.headers, beforeRequest: { request in
                try request.content.encode(["_csrf": desk.csrf], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .seeOther)
            })
            for browser in [phone, desk] {
                try await aduan.app.testing().test(.GET, "/petugas/akun", headers: browser.headers) { response in
                    #expect(response.status == .seeOther)
                }
            }
        }
    }

    @Test("sessions end after being idle")
    func idleSessionsEnd() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            aduan.clock.advance(by: 121 * 60)
            try await aduan.app.testing().test(.GET, "/petugas/akun", headers: browser.headers) { response in
                #expect(response.status == .seeOther)
            }
        }
    }
}

extension TestAduan {
    /// Signs in with the password only, leaving a session that waits for the second factor.
    func signInPasswordOnly(_ username: String) async throws -> ConsoleBrowser {
        var loginCookie = ""
        var csrf = ""
        try await app.testing().test(.GET, "/petugas/masuk") { response in
            loginCookie = try #require(response.headers.cookie(named: SignInController.loginCSRFCookie))
            csrf = try #require(response.body.string.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/)?.1).description
        }
        var cookie = ""
        try await app.testing().test(.POST, "/petugas/masuk", headers: ["Cookie": loginCookie], beforeRequest: { request in
            try request.content.encode(["username": username, "password": TestAduan.password, "_csrf": csrf], as: .urlEncodedForm)
        }, afterResponse: { response in
            #expect(response.headers.first(name: .location) == "/petugas/masuk/kode")
            cookie = try #require(response.headers.cookie(named: StaffSessionMiddleware.cookie))
        })
        return ConsoleBrowser(cookie: cookie, csrf: try await csrfToken(cookie))
    }
}

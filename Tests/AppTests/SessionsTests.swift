import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Personal API tokens")
struct APITokenTests {
    static let fastHashing = StaffAuthTests.fastHashing

    func status(_ aduan: TestAduan, _ token: String) async throws -> HTTPStatus {
        var status = HTTPStatus.internalServerError
        try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints", headers: bearer(token)) { status = $0.status }
        return status
    }

    func makeToken(_ aduan: TestAduan, _ user: User, _ name: String) async throws -> String {
        try await StaffAuth(db: aduan.app.db, context: aduan.app.aduan, threadPool: aduan.app.threadPool).createToken(for: user, name: name)
    }

    @Test("the account page lists tokens with name, creation, last use and expiry; one is revoked there (CSRF, audited)", arguments: TestDatabase.available)
    func listAndRevoke(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let budi = try await aduan.createUser("budi", role: .pengelola)
            let kept = try await makeToken(aduan, budi, "Skrip laporan")
            let revoked = try await makeToken(aduan, budi, "Laptop lama")
            let other = try await makeToken(aduan, try await aduan.createUser("rina", role: .pengelola), "punya rina")
            aduan.clock.advance(by: 3600)
            #expect(try await status(aduan, kept) == .ok)

            let browser = try await aduan.signIn("budi")
            let (_, page) = try await aduan.get("/petugas/akun", as: browser)
            #expect(page.contains("Skrip laporan") && page.contains("Laptop lama") && !page.contains("punya rina"))
            #expect(page.contains("Senin, 30 November 2026 pukul 10.00 WIB"), "created")
            #expect(page.contains("Senin, 30 November 2026 pukul 11.00 WIB"), "last used")
            #expect(page.contains("Minggu, 28 Februari 2027 pukul 10.00 WIB"), "expires after 90 days")

            let id = try #require(try await APIToken.query(on: aduan.app.db).filter(\.$name == "Laptop lama").first()?.id)
            let path = "/petugas/akun/token/\(id)/cabut"
            try await aduan.app.testing().test(.POST, path, headers: browser.headers, beforeRequest: { request in
                try request.content.encode(["_csrf": "palsu"], as: .urlEncodedForm)
            }, afterResponse: { #expect($0.status == .forbidden) })
            #expect(try await status(aduan, revoked) == .ok, "a forged form revokes nothing")

            let (done, location, _) = try await aduan.post(path, [:], as: browser)
            #expect(done == .seeOther && location == "/petugas/akun?ok=token_revoked")
            #expect(try await status(aduan, revoked) == .unauthorized)
            #expect(try await status(aduan, kept) == .ok)
            let (_, after) = try await aduan.get("/petugas/akun?ok=token_revoked", as: browser)
            #expect(!after.contains("Laptop lama") && after.contains("Token dicabut"))
            let audit = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .tokenRevoked).all()
            #expect(audit.map(\.detail) == ["Laptop lama"] && audit.map(\.actorName) == ["budi"])

            // Someone else's token is not found, and stays working.
            let rinaID = try #require(try await APIToken.query(on: aduan.app.db).filter(\.$name == "punya rina").first()?.id)
            #expect(try await aduan.post("/petugas/akun/token/\(rinaID)/cabut", [:], as: browser).0 == .notFound)
            #expect(try await status(aduan, other) == .ok)
        }
    }

    @Test("DELETE /api/v1/staff/tokens/current revokes the calling token only: 204, then 401", arguments: TestDatabase.available)
    func revokeCurrent(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let budi = try await aduan.createUser("budi", role: .pengelola)
            let first = try await makeToken(aduan, budi, "satu")
            let second = try await makeToken(aduan, budi, "dua")
            try await aduan.app.testing().test(.DELETE, "/api/v1/staff/tokens/current", headers: bearer(first)) { response in
                #expect(response.status == .noContent)
                #expect(response.body.readableBytes == 0)
            }
            #expect(try await status(aduan, first) == .unauthorized)
            #expect(try await status(aduan, second) == .ok)
            try await aduan.app.testing().test(.DELETE, "/api/v1/staff/tokens/current", headers: bearer(first)) { response in
                #expect(response.status == .unauthorized)
            }
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .tokenRevoked).count() == 1)
        }
    }

    @Test("tokens expire after ADUAN_TOKEN_DAYS; last use is written at most once a minute", arguments: TestDatabase.available)
    func expiry(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing.merging(["ADUAN_TOKEN_DAYS": "7"]) { $1 }) { aduan in
            let budi = try await aduan.createUser("budi", role: .pengelola)
            let token = try await makeToken(aduan, budi, "seminggu")
            #expect(try await status(aduan, token) == .ok)
            let firstUse = try #require(try await APIToken.query(on: aduan.app.db).first()?.lastUsedAt)
            aduan.clock.advance(by: 30)
            #expect(try await status(aduan, token) == .ok)
            #expect(try await APIToken.query(on: aduan.app.db).first()?.lastUsedAt == firstUse, "not written again within a minute")
            aduan.clock.advance(by: 31)
            #expect(try await status(aduan, token) == .ok)
            #expect(try await APIToken.query(on: aduan.app.db).first()?.lastUsedAt == aduan.clock.now())

            aduan.clock.advance(by: 7 * 86_400 - 62)
            #expect(try await status(aduan, token) == .ok, "one second before the end")
            aduan.clock.advance(by: 1)
            #expect(try await status(aduan, token) == .unauthorized)
            let browser = try await aduan.signIn("budi")
            #expect(!(try await aduan.get("/petugas/akun", as: browser).1.contains("seminggu")), "an expired token is not listed")
        }
    }

    @Test("ADUAN_TOKEN_DAYS out of range stops the start, naming the variable")
    func badTokenDays() throws {
        #expect(throws: AppConfig.Error.self) { try AppConfig(environment: ["ADUAN_TOKEN_DAYS": "0"]) }
        #expect(throws: AppConfig.Error.self) { try AppConfig(environment: ["ADUAN_TOKEN_DAYS": "lama"]) }
        #expect(try AppConfig(environment: [:]).tokenLifetime == 90 * 86_400)
    }

    enum Path: String, CaseIterable, Sendable {
        case passwordReset, twoFactorReset, deactivation, signOutEverywhere
    }

    @Test("every token of the user stops with a password reset, a two-factor reset, deactivation and signing out everywhere",
          arguments: TestDatabase.available, Path.allCases)
    func revokedTogether(database: TestDatabase, path: Path) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let budi = try await aduan.createUser("budi", role: .pengelola)
            let tokens = [try await makeToken(aduan, budi, "a"), try await makeToken(aduan, budi, "b")]
            let rina = try await makeToken(aduan, try await aduan.createUser("rina", role: .pengelola), "c")
            let id = try budi.requireID()
            switch path {
            case .passwordReset:
                #expect(try await aduan.post("/petugas/admin/pengguna/\(id)/kata-sandi", ["password": "sandi-baru-budi"], as: admin).0 == .seeOther)
            case .twoFactorReset:
                #expect(try await aduan.post("/petugas/admin/pengguna/\(id)/dua-langkah", [:], as: admin).0 == .seeOther)
            case .deactivation:
                #expect(try await aduan.post("/petugas/admin/pengguna/\(id)/nonaktifkan", [:], as: admin).0 == .seeOther)
            case .signOutEverywhere:
                let own = try await aduan.signIn("budi")
                #expect(try await aduan.post("/petugas/akun/keluar-semua", [:], as: own).0 == .seeOther)
            }
            for token in tokens { #expect(try await status(aduan, token) == .unauthorized, "\(path)") }
            #expect(try await status(aduan, rina) == .ok, "another user's token is untouched")
        }
    }
}

@Suite("Sessions and the second factor")
struct SessionRenewalTests {
    static let fastHashing = StaffAuthTests.fastHashing

    @Test("signing in again ends the session the browser had, with new session and CSRF tokens")
    func passwordSignInRenews() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("bidang1", role: .bidang, unit: "capil")
            let first = try await aduan.signIn("bidang1")
            // The same browser signs in again, sending its old cookie.
            var loginCookie = "", csrf = ""
            try await aduan.app.testing().test(.GET, "/petugas/masuk?lanjut=/petugas/akun") { response in
                loginCookie = try #require(response.headers.cookie(named: SignInController.loginCSRFCookie))
                csrf = try #require(response.body.string.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/)?.1).description
            }
            var second = ""
            try await aduan.app.testing().test(.POST, "/petugas/masuk", headers: ["Cookie": "\(loginCookie); \(first.cookie)"], beforeRequest: { request in
                try request.content.encode(["username": "bidang1", "password": TestAduan.password, "_csrf": csrf, "lanjut": "/petugas/akun"], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/petugas/akun")
                second = try #require(response.headers.cookie(named: StaffSessionMiddleware.cookie))
            })
            #expect(second != first.cookie)
            #expect(try await aduan.csrfToken(second) != first.csrf)
            #expect(try await aduan.get("/petugas/akun", as: first).0 == .seeOther, "the old session is over")
            #expect(try await aduan.get("/petugas/akun", as: ConsoleBrowser(cookie: second, csrf: "")).0 == .ok)
        }
    }

    @Test("admin, pengelola and pimpinan must set up two-factor first; a unit's staff need not", arguments: [
        (StaffRole.admin, true), (.pengelola, true), (.pimpinan, true), (.bidang, false),
    ])
    func requiredByDefault(role: StaffRole, required: Bool) async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("orang", role: role, unit: role == .bidang ? "capil" : nil, totp: false)
            let browser = try await aduan.signIn("orang")
            let (status, location, _) = try await aduan.getWithLocation("/petugas/antrean", as: browser)
            if required {
                #expect(status == .seeOther && location == "/petugas/akun/dua-langkah")
                #expect(try await aduan.get("/petugas/akun/dua-langkah", as: browser).0 == .ok)
                #expect(try await aduan.post("/petugas/akun/token", ["name": "x"], as: browser).0 == .seeOther, "no token before the second factor")
                #expect(try await APIToken.query(on: aduan.app.db).count() == 0)
            } else {
                #expect(status == .ok)
            }
        }
    }

    @Test("ADUAN_REQUIRE_2FA_ROLES changes the set")
    func configuredRoles() async throws {
        try await withAduan(environment: Self.fastHashing.merging(["ADUAN_REQUIRE_2FA_ROLES": "admin, bidang"]) { $1 }) { aduan in
            try await aduan.createUser("budi", role: .pengelola, totp: false)
            try await aduan.createUser("rina", role: .bidang, unit: "capil", totp: false)
            #expect(try await aduan.getWithLocation("/petugas/antrean", as: try await aduan.signIn("budi")).0 == .ok)
            let rina = try await aduan.getWithLocation("/petugas/antrean", as: try await aduan.signIn("rina"))
            #expect(rina.0 == .seeOther && rina.1 == "/petugas/akun/dua-langkah")
        }
        #expect(try AppConfig(environment: ["ADUAN_REQUIRE_2FA_ROLES": "none"]).twoFactorRoles.isEmpty)
        #expect(try AppConfig(environment: [:]).twoFactorRoles == [.admin, .pengelola, .pimpinan])
        #expect(throws: AppConfig.Error.self) { try AppConfig(environment: ["ADUAN_REQUIRE_2FA_ROLES": "admin,kepala"]) }
    }
}

@Suite("Response headers")
struct ResponseHeaderTests {
    static let fastHashing = StaffAuthTests.fastHashing

    /// Any free port: the tester asks the server which one it got.
    static func port() -> Int { 0 }

    static let hostileTarget = "/petugas/antrean\r\nX-Disisipkan: ya\r\nSet-Cookie: jahat=1"

    func signInForm(_ tester: any TestingApplicationTester) async throws -> (cookie: String, csrf: String) {
        var result = ("", "")
        try await tester.test(.GET, "/petugas/masuk") { response in
            result.0 = try #require(response.headers.cookie(named: SignInController.loginCSRFCookie))
            result.1 = try #require(response.body.string.firstMatch(of: /name="_csrf" value="([A-Za-z0-9_-]+)"/)?.1).description
        }
        return result
    }

    @Test("a CR LF in lanjut never reaches Location: the console's home instead")
    func signInTarget() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("rina", role: .bidang, unit: "capil")
            let form = try await signInForm(try aduan.app.testing())
            try await aduan.app.testing().test(.POST, "/petugas/masuk", headers: ["Cookie": form.cookie], beforeRequest: { request in
                try request.content.encode(["username": "rina", "password": TestAduan.password, "_csrf": form.csrf,
                                            "lanjut": Self.hostileTarget], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/petugas/antrean")
                #expect(response.headers["X-Disisipkan"].isEmpty && response.headers.cookie(named: "jahat") == nil)
            })
        }
    }

    @Test("through the real server, the hostile sign-in lands on the queue with no header of the attacker's")
    func signInTargetLive() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("rina", role: .bidang, unit: "capil")
            let server = try aduan.app.testing(method: .running(hostname: "127.0.0.1", port: Self.port()))
            let form = try await signInForm(server)
            // The client follows the redirect (carrying no cookie), so it ends at the sign-in page of the
            // queue it was sent to; what matters is that no header came from the form.
            try await server.test(.POST, "/petugas/masuk", headers: ["Cookie": form.cookie], beforeRequest: { request in
                try request.content.encode(["username": "rina", "password": TestAduan.password, "_csrf": form.csrf,
                                            "lanjut": Self.hostileTarget], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .ok)
                #expect(response.headers["X-Disisipkan"].isEmpty && response.headers.cookie(named: "jahat") == nil)
            })
        }
    }

    @Test("the guard drops any header holding CR, LF or NUL, whatever set it, through the real server")
    func guardDropsBrokenHeaders() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            aduan.app.get("uji-header") { _ -> Response in
                let response = Response(status: .ok, body: "ok")
                response.headers.add(name: "X-Baik", value: "1")
                response.headers.add(name: "X-Buruk", value: "a\r\nX-Disisipkan: ya")
                response.headers.add(name: "X-Nol", value: "a\u{0}b")
                response.headers.add(name: "X-LF", value: "a\nb")
                return response
            }
            let server = try aduan.app.testing(method: .running(hostname: "127.0.0.1", port: Self.port()))
            try await server.test(.GET, "/uji-header") { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: "X-Baik") == "1")
                for name in ["X-Buruk", "X-Disisipkan", "X-Nol", "X-LF"] { #expect(response.headers[name].isEmpty, "\(name)") }
                #expect(response.body.string == "ok")
            }
        }
    }

    @Test("a response with clean headers passes the guard unchanged")
    func cleanHeadersPass() {
        let response = Response(status: .ok)
        response.headers.add(name: "Set-Cookie", value: "a=1")
        response.headers.add(name: "Set-Cookie", value: "b=2")
        HeaderGuardMiddleware.guardHeaders(of: response, logger: Logger(label: "test"), path: "/")
        #expect(response.headers["Set-Cookie"] == ["a=1", "b=2"])
    }
}

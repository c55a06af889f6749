import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import App

/// Guessing is slowed down the same whether the guesses come one by one or all at once, and one person's
/// guesses do not lock anyone else out.
@Suite("Throttles")
struct ThrottleTests {
    static let fastHashing = ["ADUAN_PASSWORD_COST": "4"]
    static let behindProxy = ["ADUAN_TRUSTED_PROXIES": "10.0.0.0/8", "ADUAN_PASSWORD_COST": "4"]

    /// Runs `count` copies of `body` at once and returns their statuses.
    static func parallel(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> Answer) async throws -> [HTTPStatus] {
        try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for index in 0..<count { group.addTask { try await body(index).status } }
            var statuses: [HTTPStatus] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
    }

    static func tally(_ statuses: [HTTPStatus]) -> [UInt: Int] {
        statuses.reduce(into: [:]) { $0[$1.code, default: 0] += 1 }
    }

    @Test("ten wrong proofs at once get five checks, as ten one after another would", arguments: TestDatabase.available)
    func parallelProofs(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let code = try await aduan.fileComplaint()
            let statuses = try await Self.parallel(10) { _ in
                try await aduan.prove(code, "0812-0000-0000", from: Peer.attacker)
            }
            #expect(Self.tally(statuses) == [403: 5, 429: 5])
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .accessDenied).count() == 5)
            // The lock runs from the last failure: even the right proof waits, then passes.
            #expect(try await aduan.prove(code, Fixture.phone, from: Peer.citizen).status == .tooManyRequests)
            aduan.clock.advance(by: 31)
            #expect(try await aduan.prove(code, Fixture.phone, from: Peer.citizen).status == .ok)
        }
    }

    @Test("ten wrong passwords at once get five checks", arguments: TestDatabase.available)
    func parallelPasswords(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            try await aduan.createUser("admin", role: .admin)
            let form = try await aduan.loginForm()
            let statuses = try await Self.parallel(10) { index in
                try await aduan.attemptSignIn("admin", password: "salah-\(index)", from: Peer.attacker, form: form)
            }
            #expect(Self.tally(statuses) == [401: 5, 429: 5])
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .signInFailed).count() == 5)
        }
    }

    @Test("wrong passwords from one address do not lock the account for another", arguments: [false, true])
    func lockPerAccountAndAddress(behindProxy: Bool) async throws {
        try await withAduan(environment: behindProxy ? Self.behindProxy : Self.fastHashing) { aduan in
            try await aduan.createUser("admin", role: .admin)
            let form = try await aduan.loginForm()
            // Behind the proxy both arrive from it; without one, the attacker's forged header is ignored.
            func signIn(_ password: String, as client: String) async throws -> HTTPStatus {
                if behindProxy {
                    return try await aduan.attemptSignIn("admin", password: password, from: "10.1.2.3", headers: ["X-Forwarded-For": client], form: form).status
                }
                return try await aduan.attemptSignIn("admin", password: password, from: client, headers: ["X-Forwarded-For": Peer.officer], form: form).status
            }
            for attempt in 1...5 { #expect(try await signIn("salah-\(attempt)", as: Peer.attacker) == .unauthorized) }
            #expect(try await signIn(TestAduan.password, as: Peer.attacker) == .tooManyRequests)
            #expect(try await signIn(TestAduan.password, as: Peer.officer) == .seeOther)
        }
    }

    @Test("guessing from many addresses meets the account's own, looser limit")
    func globalAccountLimit() async throws {
        try await withAduan(environment: ["ADUAN_PASSWORD_COST": "4", "ADUAN_LOGIN_FREE_ATTEMPTS": "1"]) { aduan in
            try await aduan.createUser("admin", role: .admin)
            let form = try await aduan.loginForm()
            // One free try per address, ten per account: ten addresses use them up.
            for host in 1...10 {
                let answer = try await aduan.attemptSignIn("admin", password: "salah", from: "192.0.2.\(host)", form: form)
                #expect(answer.status == .unauthorized)
            }
            let eleventh = try await aduan.attemptSignIn("admin", password: TestAduan.password, from: "192.0.2.11", form: form)
            #expect(eleventh.status == .tooManyRequests)
            #expect(eleventh.headers.first(name: .retryAfter) == "30")
            // Another account is not affected.
            try await aduan.createUser("budi", role: .pengelola)
            #expect(try await aduan.attemptSignIn("budi", password: TestAduan.password, from: "192.0.2.11", form: form).status == .seeOther)
        }
    }

    @Test("a right password does not reset the count of wrong codes", arguments: TestDatabase.available)
    func codesCountedApart(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            try await aduan.createUser("siti", role: .pimpinan, totp: true)
            func confirm(_ code: String, _ browser: ConsoleBrowser) async throws -> HTTPStatus {
                try await aduan.sendForm("/petugas/masuk/kode", from: Peer.attacker, headers: browser.headers,
                                         ["code": code, "_csrf": browser.csrf]).status
            }
            let form = try await aduan.loginForm()
            func passwordOnly() async throws -> ConsoleBrowser {
                let answer = try await aduan.attemptSignIn("siti", password: TestAduan.password, from: Peer.attacker, form: form)
                #expect(answer.headers.first(name: .location) == "/petugas/masuk/kode")
                let cookie = try #require(answer.headers.cookie(named: StaffSessionMiddleware.cookie))
                return ConsoleBrowser(cookie: cookie, csrf: try await aduan.csrfToken(cookie))
            }
            let browser = try await passwordOnly()
            for _ in 1...5 { #expect(try await confirm("000000", browser) == .unauthorized) }
            #expect(try await confirm(aduan.totpCode(), browser) == .tooManyRequests)
            // The password again, right: the code is still locked.
            let again = try await passwordOnly()
            #expect(try await confirm(aduan.totpCode(), again) == .tooManyRequests)
            aduan.clock.advance(by: 31)
            #expect(try await confirm(aduan.totpCode(), again) == .seeOther)
        }
    }

    @Test("two requests with one authenticator code at once: exactly one passes", arguments: TestDatabase.available)
    func codeOnceInParallel(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            try await aduan.createUser("siti", role: .pimpinan, totp: true)
            let browsers = [try await aduan.signInPasswordOnly("siti"), try await aduan.signInPasswordOnly("siti")]
            let code = aduan.totpCode()
            let statuses = try await Self.parallel(2) { index in
                try await aduan.sendForm("/petugas/masuk/kode", from: Peer.officer, headers: browsers[index].headers,
                                         ["code": code, "_csrf": browsers[index].csrf])
            }
            #expect(Self.tally(statuses) == [303: 1, 401: 1])
            let sessions = try await StaffSession.query(on: aduan.app.db).filter(\.$secondFactorDone == true).count()
            #expect(sessions == 1)
        }
    }

    @Test("the sweep removes counters a day old and keeps the ones that still count", arguments: TestDatabase.available)
    func staleCountersPurged(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let filed = try await aduan.sendMultipart("/api/v1/complaints", from: Peer.citizen, Fixture.complaintForm())
            #expect(filed.status == .created)
            let code = try JSONDecoder().decode(ComplaintAPITests.Created.self, from: Data(filed.body.utf8)).tracking_code
            _ = try await aduan.prove(code, "0812-0000-0000", from: Peer.attacker)
            let sweep = SLASweep(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger)
            let failures = try await ProofFailure.query(on: aduan.app.db).count()
            let requests = try await RequestCount.query(on: aduan.app.db).count()
            #expect(failures > 0)
            #expect(requests > 0)

            aduan.clock.advance(by: 23 * 3600)
            #expect(try await sweep.run().staleCounters == 0)
            #expect(try await ProofFailure.query(on: aduan.app.db).count() == failures)

            aduan.clock.advance(by: 2 * 3600)
            #expect(try await sweep.run().staleCounters == failures + requests)
            #expect(try await ProofFailure.query(on: aduan.app.db).count() == 0)
            #expect(try await RequestCount.query(on: aduan.app.db).count() == 0)
        }
    }

    /// Found in the browser tests: a first attempt, whose counter row was just inserted with `now`, was
    /// refused when the database handed `now` back rounded up by a fraction of a second.
    @Test("right proofs at a time with a fraction of a second are never refused", arguments: TestDatabase.available)
    func firstAttemptsAtFractionalTimes(database: TestDatabase) async throws {
        try await withAduan(database, at: mondayMorning.addingTimeInterval(0.123_456_789)) { aduan in
            var statuses: [HTTPStatus] = []
            for step in 0..<8 {
                let code = try await aduan.fileComplaint()
                aduan.clock.advance(by: 0.1 + Double(step) * 0.071_3)
                statuses.append(try await aduan.prove(code, Fixture.phone, from: Peer.citizen).status)
            }
            #expect(statuses == Array(repeating: .ok, count: 8))
        }
    }
}

import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import App

/// Anonymous filing and citizens' replies are limited per client address and hour; officers never are.
@Suite("Rate limits")
struct RateLimitTests {
    static func message(_ text: String) -> MultipartBuilder {
        var form = MultipartBuilder()
        form.field("message", text)
        return form
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            let code: String
            let message: String
        }
        let error: Detail
    }

    @Test("past the filing limit an address gets 429 with Retry-After, on the API and the web form; others file on", arguments: TestDatabase.available)
    func filingLimit(database: TestDatabase) async throws {
        try await withAduan(database, environment: ["ADUAN_FILING_RATE_PER_HOUR": "2"]) { aduan in
            for _ in 1...2 {
                #expect(try await aduan.sendMultipart("/api/v1/complaints", from: Peer.citizen, Fixture.complaintForm()).status == .created)
            }
            let refused = try await aduan.sendMultipart("/api/v1/complaints", from: Peer.citizen, Fixture.complaintForm())
            #expect(refused.status == .tooManyRequests)
            // 10:00 WIB sharp: the window ends in an hour.
            #expect(refused.headers.first(name: .retryAfter) == "3600")
            let body = try JSONDecoder().decode(ErrorBody.self, from: Data(refused.body.utf8))
            #expect(body.error.code == "too_many_requests")
            #expect(body.error.message.hasPrefix("Terlalu banyak pengaduan dikirim dari alamat internet ini"))

            let page = try await aduan.sendMultipart("/pengaduan", from: Peer.citizen, Fixture.complaintForm())
            #expect(page.status == .tooManyRequests)
            #expect(page.headers.first(name: .retryAfter) == "3600")
            #expect(page.headers.contentType?.subType == "html")
            #expect(page.body.contains("Terlalu banyak pengaduan dikirim dari alamat internet ini"))

            #expect(try await aduan.sendMultipart("/api/v1/complaints", from: Peer.neighbour, Fixture.complaintForm()).status == .created)
            #expect(try await Complaint.query(on: aduan.app.db).count() == 3)

            aduan.clock.advance(by: 15 * 60)
            let later = try await aduan.sendMultipart("/api/v1/complaints", from: Peer.citizen, Fixture.complaintForm())
            #expect(later.headers.first(name: .retryAfter) == "2700")
            aduan.clock.advance(by: 45 * 60)
            #expect(try await aduan.sendMultipart("/api/v1/complaints", from: Peer.citizen, Fixture.complaintForm()).status == .created)
        }
    }

    @Test("officers entering complaints from the office's address are never limited")
    func officersUnlimited() async throws {
        try await withAduan(environment: ["ADUAN_FILING_RATE_PER_HOUR": "1", "ADUAN_PASSWORD_COST": "4"]) { aduan in
            #expect(try await aduan.sendMultipart("/api/v1/complaints", from: Peer.officer, Fixture.complaintForm()).status == .created)
            #expect(try await aduan.sendMultipart("/api/v1/complaints", from: Peer.officer, Fixture.complaintForm()).status == .tooManyRequests)

            let user = try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let token = try await StaffAuth(db: aduan.app.db, context: aduan.app.aduan, threadPool: aduan.app.threadPool).createToken(for: user, name: "loket")
            for _ in 1...2 {
                let page = try await aduan.sendMultipart("/pengaduan", from: Peer.officer, headers: browser.headers, Fixture.complaintForm())
                #expect(page.status == .seeOther)
                let api = try await aduan.sendMultipart("/api/v1/complaints", from: Peer.officer, headers: ["Authorization": "Bearer \(token)"], Fixture.complaintForm())
                #expect(api.status == .created)
            }
            // A made-up staff token is no way around the limit.
            let forged = try await aduan.sendMultipart("/api/v1/complaints", from: Peer.officer, headers: ["Authorization": "Bearer adn_palsu"], Fixture.complaintForm())
            #expect(forged.status == .tooManyRequests)
        }
    }

    @Test("replies are limited per address, counted atomically, on the API and the follow page", arguments: TestDatabase.available)
    func replyLimit(database: TestDatabase) async throws {
        try await withAduan(database, environment: ["ADUAN_REPLY_RATE_PER_HOUR": "3"]) { aduan in
            let code = try await aduan.fileComplaint()
            let token = try await aduan.accessToken(code)
            let statuses = try await ThrottleTests.parallel(6) { index in
                try await aduan.sendMultipart("/api/v1/complaints/\(code)/messages", from: Peer.citizen,
                                              headers: ["Authorization": "Bearer \(token)"], Self.message("Balasan \(index)"))
            }
            #expect(ThrottleTests.tally(statuses) == [201: 3, 429: 3])

            let proof = try await aduan.sendForm("/lacak/\(code)/akses", from: Peer.citizen, ["proof": Fixture.phone])
            let cookie = try #require(proof.headers.cookie(named: FollowController.accessCookie))
            let page = try await aduan.sendMultipart("/lacak/\(code)/balas", from: Peer.citizen, headers: ["Cookie": cookie], Self.message("Lewat halaman"))
            #expect(page.status == .tooManyRequests)
            #expect(page.body.contains("Terlalu banyak balasan"))

            let elsewhere = try await aduan.sendMultipart("/lacak/\(code)/balas", from: Peer.neighbour, headers: ["Cookie": cookie], Self.message("Dari rumah"))
            #expect(elsewhere.status == .seeOther)
            let messages = try await ComplaintEvent.query(on: aduan.app.db).filter(\.$actorRole == .citizen).filter(\.$action != .submit).count()
            #expect(messages == 4)
        }
    }

    @Test("a request without access is refused before it counts against the limit")
    func refusedRepliesDoNotCount() async throws {
        try await withAduan(environment: ["ADUAN_REPLY_RATE_PER_HOUR": "1"]) { aduan in
            let code = try await aduan.fileComplaint()
            for _ in 1...3 {
                let answer = try await aduan.sendMultipart("/api/v1/complaints/\(code)/messages", from: Peer.citizen,
                                                           headers: ["Authorization": "Bearer palsu"], Self.message("?"))
                #expect(answer.status == .unauthorized)
            }
            let token = try await aduan.accessToken(code)
            let answer = try await aduan.sendMultipart("/api/v1/complaints/\(code)/messages", from: Peer.citizen,
                                                       headers: ["Authorization": "Bearer \(token)"], Self.message("Sekarang"))
            #expect(answer.status == .created)
        }
    }
}

@Suite("Configuration of who is asking")
struct ClientConfigTests {
    @Test("defaults: no trusted proxy, 30 filings and 60 replies an hour, cookies Secure only over HTTPS")
    func defaults() throws {
        let config = try AppConfig(environment: [:])
        #expect(config.trustedProxies.isEmpty)
        #expect(config.filingRate?.limit == 30)
        #expect(config.replyRate?.limit == 60)
        #expect(!config.secureCookies)
        #expect(config.loginGlobalThrottle.freeAttempts == 10 * config.loginThrottle.freeAttempts)
    }

    @Test("trusted proxies are read as a list; 0 turns a rate limit off")
    func settings() throws {
        let config = try AppConfig(environment: [
            "ADUAN_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8,::1", "ADUAN_FILING_RATE_PER_HOUR": "0", "ADUAN_REPLY_RATE_PER_HOUR": "500",
        ])
        #expect(config.trustedProxies.map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"])
        #expect(config.filingRate == nil)
        #expect(config.replyRate?.limit == 500)
    }

    @Test("a malformed setting stops the start and names the variable", arguments: [
        ("ADUAN_TRUSTED_PROXIES", "10.0.0.0/33"), ("ADUAN_TRUSTED_PROXIES", "proxy.internal"), ("ADUAN_TRUSTED_PROXIES", "10.0.0.1,"),
        ("ADUAN_FILING_RATE_PER_HOUR", "-1"), ("ADUAN_FILING_RATE_PER_HOUR", "banyak"), ("ADUAN_REPLY_RATE_PER_HOUR", "1000000"),
    ])
    func malformed(variable: String, value: String) {
        #expect {
            try AppConfig(environment: [variable: value])
        } throws: { error in
            guard let error = error as? AppConfig.Error else { return false }
            return error.variable == variable && error.description.contains(variable)
        }
    }
}

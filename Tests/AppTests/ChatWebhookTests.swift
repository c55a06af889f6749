import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// The chat webhooks' door: the subscription handshake, the signature checked before anything is kept,
/// and a signed post stored whole with its job, acknowledged without being read.
@Suite("Chat webhooks: handshake, signature, stored and queued")
struct ChatWebhookTests {
    static let whatsappSecret = "test_app_secret"
    static let metaSecret = "meta_app_secret"

    static let environment = [
        "ADUAN_WHATSAPP_TOKEN": "wa-token", "ADUAN_WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
        "ADUAN_WHATSAPP_APP_SECRET": whatsappSecret, "ADUAN_WHATSAPP_VERIFY_TOKEN": "wa-verify-7Qx",
        "ADUAN_META_PAGE_TOKEN": "page-token", "ADUAN_META_APP_SECRET": metaSecret, "ADUAN_META_VERIFY_TOKEN": "meta-verify-9Kd",
    ]

    /// The sample posts of shared/integrations/wa, as committed for the parser's tests.
    static func sample(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AduanCoreTests/Fixtures/chat/\(name).json")
        return [UInt8](try Data(contentsOf: url))
    }

    static func signed(_ body: [UInt8], secret: String) -> HTTPHeaders {
        ["X-Hub-Signature-256": MetaSignature.header(body: body, secret: secret), "Content-Type": "application/json"]
    }

    static func stored(_ aduan: TestAduan) async throws -> ([ReceivedWebhook], [Job]) {
        (try await ReceivedWebhook.query(on: aduan.app.db).all(), try await Job.query(on: aduan.app.db).filter(\.$kind == .chatWebhook).all())
    }

    // MARK: Handshake

    @Test("the handshake: subscribe with our verify token gives the bare challenge; a wrong token or mode is 403", arguments: [
        ("/webhooks/whatsapp", "wa-verify-7Qx"), ("/webhooks/meta", "meta-verify-9Kd"),
    ])
    func handshake(path: String, token: String) async throws {
        try await withAduan(environment: Self.environment) { aduan in
            try await aduan.app.testing().test(.GET, "\(path)?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=\(token)") { response in
                #expect(response.status == .ok)
                #expect(response.body.string == "1158201444")
                #expect(response.headers.contentType?.type == "text" && response.headers.contentType?.subType == "plain")
            }
            for query in ["hub.mode=subscribe&hub.challenge=1&hub.verify_token=\(token)x", "hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=\(token)",
                          "hub.challenge=1&hub.verify_token=\(token)", "hub.mode=subscribe&hub.challenge=1"] {
                try await aduan.app.testing().test(.GET, "\(path)?\(query)") { response in
                    #expect(response.status == .forbidden, "\(query)")
                    #expect(!response.body.string.contains("\"1\""))
                }
            }
            // The other channel's token does not open this one.
            let other = token == "wa-verify-7Qx" ? "meta-verify-9Kd" : "wa-verify-7Qx"
            try await aduan.app.testing().test(.GET, "\(path)?hub.mode=subscribe&hub.challenge=1&hub.verify_token=\(other)") { response in
                #expect(response.status == .forbidden)
            }
            let long = String(repeating: "9", count: ChatWebhookController.maxChallengeLength + 1)
            try await aduan.app.testing().test(.GET, "\(path)?hub.mode=subscribe&hub.challenge=\(long)&hub.verify_token=\(token)") { response in
                #expect(response.status == .badRequest)
                #expect(!response.body.string.contains(long))
            }
        }
    }

    @Test("a channel that is not configured has no webhook: 404 to the handshake and to posts, as short JSON")
    func unconfigured() async throws {
        try await withAduan { aduan in
            for path in ["/webhooks/whatsapp", "/webhooks/meta"] {
                try await aduan.app.testing().test(.GET, "\(path)?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x") { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers.contentType == .json)
                }
                let body = try Self.sample("whatsapp-text")
                try await aduan.app.testing().test(.POST, path, headers: Self.signed(body, secret: Self.whatsappSecret), body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == .notFound)
                }
            }
            #expect(try await ReceivedWebhook.query(on: aduan.app.db).count() == 0)
        }
    }

    // MARK: Posts

    @Test("a signed post is 200, kept byte for byte with one chat_webhook job, and not read in the request", arguments: TestDatabase.available)
    func signedPost(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.environment) { aduan in
            let body = try Self.sample("whatsapp-image")
            try await aduan.app.testing().test(.POST, "/webhooks/whatsapp", headers: Self.signed(body, secret: Self.whatsappSecret), body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .ok)
                #expect(response.body.string == "{}")
            }
            let (webhooks, jobs) = try await Self.stored(aduan)
            let webhook = try #require(webhooks.first)
            #expect(webhooks.count == 1)
            #expect([UInt8](webhook.body) == body)
            #expect(webhook.source == .whatsapp)
            #expect(webhook.receivedAt == aduan.clock.now())
            #expect(webhook.processedAt == nil && webhook.error == nil)
            #expect(jobs.count == 1)
            #expect(jobs.first?.reference == webhook.id)
            #expect(jobs.first?.state == .queued)
            // Nothing was parsed: no conversation or message exists yet.
            #expect(try await ChatMessage.query(on: aduan.app.db).count() == 0)
        }
    }

    @Test("the Meta webhook keeps its posts as source meta, signed with the Meta app's secret", arguments: TestDatabase.available)
    func metaPost(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.environment) { aduan in
            let body = try Self.sample("messenger-text")
            try await aduan.app.testing().test(.POST, "/webhooks/meta", headers: Self.signed(body, secret: Self.metaSecret), body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .ok)
            }
            let (webhooks, jobs) = try await Self.stored(aduan)
            #expect(webhooks.map(\.source) == [.meta])
            #expect(webhooks.map { [UInt8]($0.body) } == [body])
            #expect(jobs.count == 1)
        }
    }

    @Test("unsigned, wrongly signed, or signed with the other app's secret: 401, short JSON, nothing kept", arguments: TestDatabase.available)
    func refusedSignatures(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.environment) { aduan in
            let body = try Self.sample("whatsapp-text")
            let good = MetaSignature.header(body: body, secret: Self.whatsappSecret)
            let flipped = String(good.dropLast()) + (good.hasSuffix("0") ? "1" : "0")
            let cases: [(String, HTTPHeaders)] = [
                ("/webhooks/whatsapp", [:]),
                ("/webhooks/whatsapp", ["X-Hub-Signature-256": ""]),
                ("/webhooks/whatsapp", ["X-Hub-Signature-256": flipped]),
                ("/webhooks/whatsapp", ["X-Hub-Signature-256": "sha1=" + good.dropFirst(7)]),
                ("/webhooks/whatsapp", Self.signed(body, secret: Self.metaSecret)),
                ("/webhooks/meta", Self.signed(body, secret: Self.whatsappSecret)),
            ]
            for (path, headers) in cases {
                try await aduan.app.testing().test(.POST, path, headers: headers, body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == .unauthorized, "\(path) \(headers)")
                    #expect(response.headers.contentType == .json)
                    #expect(response.body.readableBytes < 300)
                }
            }
            // Signed over other bytes than those sent (a trailing newline added on the way).
            try await aduan.app.testing().test(.POST, "/webhooks/whatsapp", headers: Self.signed(body, secret: Self.whatsappSecret), body: ByteBuffer(bytes: body + [0x0A])) { response in
                #expect(response.status == .unauthorized)
            }
            let (webhooks, jobs) = try await Self.stored(aduan)
            #expect(webhooks.isEmpty)
            #expect(jobs.isEmpty)
        }
    }

    @Test("a body over the limit is 413 and nothing is kept; one at the limit is taken")
    func tooLarge() async throws {
        try await withAduan(environment: Self.environment) { aduan in
            // Through a real server: the in-memory tester hands the route a body collected already.
            let server = try aduan.app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let limit = aduan.app.aduan.config.chat.maxWebhookBytes
            let over = [UInt8](repeating: 0x20, count: limit + 1)
            try await server.test(.POST, "/webhooks/whatsapp", headers: Self.signed(over, secret: Self.whatsappSecret), body: ByteBuffer(bytes: over)) { response in
                #expect(response.status == .payloadTooLarge)
                #expect(response.headers.contentType == .json)
            }
            #expect(try await ReceivedWebhook.query(on: aduan.app.db).count() == 0)
            let full = [UInt8](repeating: 0x20, count: limit)
            try await server.test(.POST, "/webhooks/whatsapp", headers: Self.signed(full, secret: Self.whatsappSecret), body: ByteBuffer(bytes: full)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await ReceivedWebhook.query(on: aduan.app.db).count() == 1)
        }
    }

    @Test("a signed body that is not JSON is still acknowledged and kept: the job records it as unreadable", arguments: TestDatabase.available)
    func signedGarbage(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.environment) { aduan in
            let body = Array("not json \u{0}\u{FF}".utf8) + [0xFF, 0xFE]
            try await aduan.app.testing().test(.POST, "/webhooks/meta", headers: Self.signed(body, secret: Self.metaSecret), body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .ok)
            }
            let (webhooks, jobs) = try await Self.stored(aduan)
            #expect(webhooks.map { [UInt8]($0.body) } == [body])
            #expect(jobs.count == 1)
        }
    }

    @Test("the same post delivered twice is kept twice (the job de-duplicates by message id, not the door)")
    func repeated() async throws {
        try await withAduan(environment: Self.environment) { aduan in
            let body = try Self.sample("whatsapp-text")
            for _ in 0..<2 {
                try await aduan.app.testing().test(.POST, "/webhooks/whatsapp", headers: Self.signed(body, secret: Self.whatsappSecret), body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == .ok)
                }
            }
            let (webhooks, jobs) = try await Self.stored(aduan)
            #expect(webhooks.count == 2)
            #expect(Set(jobs.compactMap(\.reference)) == Set(webhooks.compactMap(\.id)))
        }
    }
}

@Suite("Meta's webhook signature")
struct MetaSignatureTests {
    /// HMAC("secret", "test"), from CONTRACTS.md (hexdocs.pm/whatsapp_sdk; checked in Python).
    static let testVector = "0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"

    @Test("the published test vector, in lower- and upper-case hex")
    func vector() {
        let body = Array("test".utf8)
        #expect(MetaSignature.header(body: body, secret: "secret") == "sha256=" + Self.testVector)
        #expect(MetaSignature.isValid(header: "sha256=" + Self.testVector, body: body, secret: "secret"))
        #expect(MetaSignature.isValid(header: "sha256=" + Self.testVector.uppercased(), body: body, secret: "secret"))
        #expect(!MetaSignature.isValid(header: "sha256=" + Self.testVector, body: body, secret: "secret2"))
        #expect(!MetaSignature.isValid(header: "sha256=" + Self.testVector, body: Array("test ".utf8), secret: "secret"))
    }

    /// Computed with Python's hmac over the files without their trailing newline (CONTRACTS.md gives
    /// the prefixes 5c0214fe… and ca32e156…).
    @Test("the two sample posts with the test app secret", arguments: [
        ("whatsapp-text", "5c0214fec7725b42c112ad1922ccd4c0db0ecc90d713d7a0fed130dbe9670a1b"),
        ("whatsapp-image", "ca32e156b13d90b2e9da7fdb72dbad74b07b8cd63fd3d86bbccc7d3078412197"),
    ])
    func samples(name: String, hex: String) throws {
        let body = try ChatWebhookTests.sample(name)
        #expect(MetaSignature.isValid(header: "sha256=\(hex)", body: body, secret: "test_app_secret"))
        #expect(MetaSignature.header(body: body, secret: "test_app_secret") == "sha256=\(hex)")
        #expect(!MetaSignature.isValid(header: "sha256=\(hex)", body: body + [0x0A], secret: "test_app_secret"))
    }

    static let malformedHeaders: [String?] = [
        nil, "", "sha256=", "sha256=" + String(testVector.dropLast()), "sha256=" + testVector + "0",
        "sha256=" + String(testVector.dropLast()) + "g", "SHA256=" + testVector, "sha1=" + testVector, testVector,
        "sha256=" + testVector.replacingOccurrences(of: "0", with: "\u{0660}"),
    ]

    @Test("malformed headers are refused", arguments: malformedHeaders)
    func malformed(header: String?) {
        #expect(!MetaSignature.isValid(header: header, body: Array("test".utf8), secret: "secret"))
    }

    @Test("an empty secret never verifies, even a MAC made with it")
    func emptySecret() {
        let body = Array("test".utf8)
        #expect(!MetaSignature.isValid(header: MetaSignature.header(body: body, secret: ""), body: body, secret: ""))
    }
}

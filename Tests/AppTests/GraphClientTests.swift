import AduanCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
import Vapor
@testable import App

/// The Graph API client against the fake Graph API (`TestGraphServer`): what reaches it is the JSON the
/// Cloud API and the Send API document, and each failure comes back as the `GraphError` it is.
@Suite("GraphClient")
struct GraphClientTests {
    /// One HTTP client for the suite (it lives as long as the test process).
    private static let http = GraphClient.makeHTTPClient(timeout: 5, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "graph-test"))

    private func client(_ server: TestGraphServer, _ change: (inout ChatSettings) -> Void = { _ in }) -> GraphClient {
        var settings = server.settings
        change(&settings)
        return GraphClient(settings: settings, http: Self.http, logger: Logger(label: "graph-test"))
    }

    /// The error `body` throws (a test fails when it throws none).
    private func failure<T>(_ body: () async throws(GraphError) -> T) async -> GraphError? {
        do {
            _ = try await body()
            Issue.record("expected a GraphError")
            return nil
        } catch {
            return error
        }
    }

    // MARK: WhatsApp sends

    @Test func textReachesTheCloudAPIAsDocumented() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()

        let wamid = try await client(server).sendWhatsApp(.text(body: "Pengaduan Anda kami terima", previewURL: false, replyTo: "wamid.ASAL"), to: to)

        #expect(wamid.hasPrefix("wamid."))
        let sent = try await server.sent(to: to)
        #expect(sent.count == 1)
        let body = sent[0]
        #expect(body.keys == ["messaging_product", "recipient_type", "to", "type", "text", "context"])
        #expect(body["messaging_product"].string == "whatsapp")
        #expect(body["recipient_type"].string == "individual")
        #expect(body["to"].string == to)
        #expect(body["type"].string == "text")
        #expect(body["text"]["body"].string == "Pengaduan Anda kami terima")
        #expect(body["text"]["preview_url"].bool == false)
        #expect(body["context"]["message_id"].string == "wamid.ASAL")
    }

    @Test func replyButtonsCarryTheOptionIDs() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()
        let greeting = ChatOutbound(text: "Selamat datang. Apa yang dapat kami bantu?", style: .buttons, options: [
            .init(id: "intake.create", title: "Buat pengaduan"),
            .init(id: "intake.status", title: "Cek status pengaduan"),
            .init(id: "intake.officer", title: "Bicara dengan petugas"),
        ])

        _ = try await client(server).sendWhatsApp(.from(greeting), to: to)

        let body = try await server.sent(to: to)[0]
        #expect(body["type"].string == "interactive")
        #expect(body["interactive"]["type"].string == "button")
        #expect(body["interactive"]["body"]["text"].string == greeting.text)
        let buttons = body["interactive"]["action"]["buttons"]
        #expect(buttons.count == 3)
        #expect(buttons[0]["type"].string == "reply")
        #expect(buttons[0]["reply"]["id"].string == "intake.create")
        #expect(buttons[1]["reply"]["title"].string == "Cek status pengaduan")
        #expect(buttons[2]["reply"]["id"].string == "intake.officer")
        #expect(buttons[2]["reply"]["title"].string == "Bicara dengan…")
    }

    @Test func aListMessageHasOneSectionOfRows() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()
        let services = ChatOutbound(text: "Pilih layanan yang Anda adukan.", style: .list, options: [
            .init(id: "service.kk", title: "Kartu Keluarga", description: "Penerbitan dan perubahan KK"),
            .init(id: "service.ktp", title: "KTP-el", description: "Perekaman dan pencetakan"),
            .init(id: "service.akta", title: "Akta Kelahiran"),
        ], listButton: "Daftar layanan")

        _ = try await client(server).sendWhatsApp(.from(services), to: to)

        let interactive = try await server.sent(to: to)[0]["interactive"]
        #expect(interactive["type"].string == "list")
        #expect(interactive["action"]["button"].string == "Daftar layanan")
        #expect(interactive["action"]["sections"].count == 1)
        let rows = interactive["action"]["sections"][0]["rows"]
        #expect(rows.count == 3)
        #expect(rows[0]["id"].string == "service.kk")
        #expect(rows[0]["title"].string == "Kartu Keluarga")
        #expect(rows[0]["description"].string == "Penerbitan dan perubahan KK")
        #expect(rows[2].keys == ["id", "title"])
    }

    @Test func choicesThatDoNotFitGoAsNumberedText() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()
        let rows = (1...11).map { ChatOutbound.Option(id: "service.\($0)", title: "Layanan \($0)") }
        let outbound = ChatOutbound(text: "Pilih layanan.", style: .list, options: rows, listButton: "Daftar layanan")

        _ = try await client(server).sendWhatsApp(.from(outbound), to: to)

        let body = try await server.sent(to: to)[0]
        #expect(body["type"].string == "text")
        #expect(body["interactive"].exists == false)
        let text = try #require(body["text"]["body"].string)
        #expect(text.hasPrefix("Pilih layanan.\n\n1. Layanan 1\n2. Layanan 2\n"))
        #expect(text.hasSuffix("\n11. Layanan 11"))
    }

    @Test func aTemplateWithBodyParametersAndAURLButton() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()

        _ = try await client(server).sendWhatsApp(.template(name: "status_pengaduan", language: "id", bodyParameters: ["ADU-2026-000123", "Diproses"],
                                                            urlButtonParameter: "ADU-2026-000123"), to: to)

        let body = try await server.sent(to: to)[0]
        #expect(body["type"].string == "template")
        let template = body["template"]
        #expect(template["name"].string == "status_pengaduan")
        #expect(template["language"]["code"].string == "id")
        #expect(template["components"].count == 2)
        #expect(template["components"][0]["type"].string == "body")
        #expect(template["components"][0]["parameters"][0]["type"].string == "text")
        #expect(template["components"][0]["parameters"][0]["text"].string == "ADU-2026-000123")
        #expect(template["components"][0]["parameters"][1]["text"].string == "Diproses")
        #expect(template["components"][1]["type"].string == "button")
        #expect(template["components"][1]["sub_type"].string == "url")
        #expect(template["components"][1]["index"].string == "0")
        #expect(template["components"][1]["parameters"][0]["text"].string == "ADU-2026-000123")
    }

    @Test func aTemplateWithoutParametersHasNoComponents() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()

        _ = try await client(server).sendWhatsApp(.template(name: "sapaan", language: "id", bodyParameters: [], urlButtonParameter: nil), to: to)

        let template = try await server.sent(to: to)[0]["template"]
        #expect(template.keys == ["name", "language"])
    }

    @Test func aTextTooLongForWhatsAppIsRefusedBeforeSending() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()

        let error = await failure { () async throws(GraphError) in
            try await client(server).sendWhatsApp(.text(body: String(repeating: "a", count: 4097), previewURL: false, replyTo: nil), to: to)
        }

        #expect(error?.code == GraphError.refusedLocally)
        #expect(error?.kind == .permanent)
        #expect(try await server.sent(to: to).isEmpty)
    }

    // MARK: Media out

    @Test func aDocumentIsUploadedThenSentByItsMediaID() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()
        let pdf = Array("%PDF-1.4\nsurat balasan \(to)\n%%EOF\n".utf8)
        let graph = client(server)

        let mediaID = try await graph.uploadWhatsAppMedia(bytes: pdf, mimeType: "application/pdf", filename: "Surat balasan.pdf")
        _ = try await graph.sendWhatsApp(.document(mediaID: mediaID, filename: "Surat balasan.pdf", caption: "Surat balasan pengaduan"), to: to)

        let stored = try await server.media(id: mediaID)
        #expect(stored["filename"].string == "Surat balasan.pdf")
        #expect(stored["mime_type"].string == "application/pdf")
        #expect(stored["size"].int == pdf.count)
        #expect(stored["sha256"].string == SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined())
        #expect(stored["fields"]["messaging_product"].string == "whatsapp")
        #expect(stored["fields"]["type"].string == "application/pdf")
        let body = try await server.sent(to: to)[0]
        #expect(body["type"].string == "document")
        #expect(body["document"]["id"].string == mediaID)
        #expect(body["document"]["filename"].string == "Surat balasan.pdf")
        #expect(body["document"]["caption"].string == "Surat balasan pengaduan")
    }

    @Test func anImageIsSentByItsMediaID() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()
        let graph = client(server)

        let mediaID = try await graph.uploadWhatsAppMedia(bytes: [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9], mimeType: "image/jpeg", filename: "kk.jpg")
        _ = try await graph.sendWhatsApp(.image(mediaID: mediaID, caption: nil), to: to)

        let body = try await server.sent(to: to)[0]
        #expect(body["type"].string == "image")
        #expect(body["image"].keys == ["id"])
        #expect(body["image"]["id"].string == mediaID)
    }

    @Test func uploadsOverTheCloudAPILimitsAreRefusedHere() async throws {
        let server = try await TestGraphServer.shared()
        let graph = client(server)

        let large = await failure { () async throws(GraphError) in
            try await graph.uploadWhatsAppMedia(bytes: [UInt8](repeating: 0xFF, count: 5 * 1024 * 1024 + 1), mimeType: "image/png", filename: "besar.png")
        }
        let zip = await failure { () async throws(GraphError) in
            try await graph.uploadWhatsAppMedia(bytes: [0x50, 0x4B, 3, 4], mimeType: "application/zip", filename: "berkas.zip")
        }

        #expect(large?.code == GraphError.tooLarge)
        #expect(large?.kind == .permanent)
        #expect(zip?.code == GraphError.refusedLocally)
    }

    // MARK: Media in

    @Test func mediaIsFetchedInTwoStepsWithTheBearerToken() async throws {
        let server = try await TestGraphServer.shared()
        let id = "77\(UInt64.random(in: 1_000_000_000...9_999_999_999))"
        let photo = (0..<30_000).map { UInt8($0 % 251) }
        let base64 = Data(SHA256.hash(data: photo)).base64EncodedString()
        try await server.serveMedia(id: id, bytes: photo, mimeType: "image/jpeg", sha256: base64)

        let media = try await client(server).downloadWhatsAppMedia(id: id, maxBytes: 1_000_000)

        #expect(media.bytes == photo)
        #expect(media.mimeType == "image/jpeg")
        #expect(try await server.media(id: id)["downloads"].int == 1)
    }

    @Test func theMediaURLRefusesAPlainGet() async throws {
        // The fake's media URL, like Meta's, answers only with the bearer token: a client that dropped it
        // would fail here, not pass.
        let server = try await TestGraphServer.shared()
        let id = "78\(UInt64.random(in: 1_000_000_000...9_999_999_999))"
        try await server.serveMedia(id: id, bytes: [1, 2, 3], mimeType: "image/jpeg")

        let error = await failure { () async throws(GraphError) in
            try await client(server).downloadAttachment(url: "\(server.url)/download/\(id)", maxBytes: 1000)
        }

        #expect(error?.code == 190)
        #expect(error?.httpStatus == 401)
    }

    @Test func aFileMetaSaysIsTooLargeIsNotFetched() async throws {
        let server = try await TestGraphServer.shared()
        let id = "79\(UInt64.random(in: 1_000_000_000...9_999_999_999))"
        try await server.serveMedia(id: id, bytes: [UInt8](repeating: 7, count: 2000), mimeType: "application/pdf")

        let error = await failure { () async throws(GraphError) in
            try await client(server).downloadWhatsAppMedia(id: id, maxBytes: 1999)
        }

        #expect(error?.code == GraphError.tooLarge)
        #expect(try await server.media(id: id)["downloads"].int == 0)
    }

    @Test func aFileLargerThanItsSizeSaysIsStoppedWhileDownloading() async throws {
        // GET /{id} claims 1000 bytes; the URL streams 256 MB without a Content-Length. The client must stop
        // after 1 MB, so the server cannot write more than its socket buffers hold.
        let server = try await TestGraphServer.shared()
        let id = "80\(UInt64.random(in: 1_000_000_000...9_999_999_999))"
        let size = 256 * 1024 * 1024
        try await server.serveSyntheticMedia(id: id, size: size, mimeType: "video/mp4", fileSize: 1000, chunked: true)

        let error = await failure { () async throws(GraphError) in
            try await client(server).downloadWhatsAppMedia(id: id, maxBytes: 1024 * 1024)
        }

        #expect(error?.code == GraphError.tooLarge)
        var written = try await server.media(id: id)["sent_bytes"].int ?? 0
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(100))
            let now = try await server.media(id: id)["sent_bytes"].int ?? 0
            if now == written { break }
            written = now
        }
        #expect(written < size / 4, "the server wrote \(written) of \(size) bytes")
    }

    @Test func aChecksumMismatchIsRefused() async throws {
        let server = try await TestGraphServer.shared()
        let id = "81\(UInt64.random(in: 1_000_000_000...9_999_999_999))"
        try await server.serveMedia(id: id, bytes: Array("bukan file yang dijanjikan".utf8), mimeType: "image/jpeg", sha256: String(repeating: "ab", count: 32))

        let error = await failure { () async throws(GraphError) in
            try await client(server).downloadWhatsAppMedia(id: id, maxBytes: 1000)
        }

        #expect(error?.code == GraphError.checksumMismatch)
    }

    @Test func anUnknownMediaIDIsGraphsError100() async throws {
        let server = try await TestGraphServer.shared()

        let error = await failure { () async throws(GraphError) in
            try await client(server).downloadWhatsAppMedia(id: "99\(UInt64.random(in: 1_000_000_000...9_999_999_999))", maxBytes: 1000)
        }

        #expect(error?.code == 100)
        #expect(error?.subcode == 33)
        #expect(error?.kind == .permanent)
    }

    // MARK: Messenger and Instagram

    @Test(arguments: [ChatPlatform.messenger, .instagram])
    func quickRepliesGoThroughTheSendAPI(platform: ChatPlatform) async throws {
        let server = try await TestGraphServer.shared()
        let psid = "psid-\(UUID().uuidString)"
        let outbound = ChatOutbound(text: "Apa yang dapat kami bantu?", style: .buttons, options: [
            .init(id: "intake.create", title: "Buat pengaduan"),
            .init(id: "intake.status", title: "Cek status pengaduan"),
        ])

        let messageID = try await client(server).sendMessenger(outbound, to: psid, platform: platform)

        #expect(messageID.hasPrefix("m_"))
        let body = try await server.sent(to: psid)[0]
        #expect(body["recipient"]["id"].string == psid)
        #expect(body["messaging_type"].string == "RESPONSE")
        #expect(body["message"]["text"].string == "Apa yang dapat kami bantu?")
        let replies = body["message"]["quick_replies"]
        #expect(replies.count == 2)
        #expect(replies[0]["content_type"].string == "text")
        #expect(replies[0]["title"].string == "Buat pengaduan")
        #expect(replies[0]["payload"].string == "intake.create")
        #expect(replies[1]["payload"].string == "intake.status")
    }

    @Test func moreThanThirteenChoicesGoAsNumberedTextOnMessenger() async throws {
        let server = try await TestGraphServer.shared()
        let psid = "psid-\(UUID().uuidString)"
        let outbound = ChatOutbound(text: "Pilih layanan.", style: .list, options: (1...14).map { .init(id: "s\($0)", title: "Layanan \($0)") }, listButton: "Daftar")

        _ = try await client(server).sendMessenger(outbound, to: psid, platform: .messenger)

        let message = try await server.sent(to: psid)[0]["message"]
        #expect(message.keys == ["text"])
        #expect(message["text"].string?.hasSuffix("\n14. Layanan 14") == true)
    }

    @Test func anAttachmentIsFetchedWithoutTokenAndThroughAWebRedirect() async throws {
        let server = try await TestGraphServer.shared()
        let id = "82\(UInt64.random(in: 1_000_000_000...9_999_999_999))"
        let bytes = Array("foto ktp".utf8)
        try await server.serveMedia(id: id, bytes: bytes, mimeType: "image/png")
        let direct = "\(server.url)/attachment/\(id)"
        let redirected = "\(server.url)/redirect?location=\(direct.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"

        let first = try await client(server).downloadAttachment(url: direct, maxBytes: 100)
        let second = try await client(server).downloadAttachment(url: redirected, maxBytes: 100)

        #expect(first.bytes == bytes)
        #expect(first.mimeType == "image/png")
        #expect(second.bytes == bytes)
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x", "http+unix://%2Fvar%2Frun%2Fdocker.sock/info"])
    func onlyWebURLsAreFollowed(target: String) async throws {
        let server = try await TestGraphServer.shared()
        let redirected = "\(server.url)/redirect?location=\(target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"

        let direct = await failure { () async throws(GraphError) in
            try await client(server).downloadAttachment(url: target, maxBytes: 100)
        }
        let viaRedirect = await failure { () async throws(GraphError) in
            try await client(server).downloadAttachment(url: redirected, maxBytes: 100)
        }

        #expect(direct?.code == GraphError.refusedLocally)
        #expect(viaRedirect?.code == GraphError.refusedLocally)
    }

    @Test func anAttachmentOverTheLimitIsStopped() async throws {
        let server = try await TestGraphServer.shared()
        let id = "83\(UInt64.random(in: 1_000_000_000...9_999_999_999))"
        try await server.serveMedia(id: id, bytes: [UInt8](repeating: 1, count: 5000), mimeType: "image/png")

        let error = await failure { () async throws(GraphError) in
            try await client(server).downloadAttachment(url: "\(server.url)/attachment/\(id)", maxBytes: 4999)
        }

        #expect(error?.code == GraphError.tooLarge)
    }

    // MARK: Errors

    @Test(arguments: [
        (131_047, 400, nil as Int?, GraphErrorKind.windowClosed),
        (130_429, 400, nil, .rateLimited),
        (131_056, 400, nil, .rateLimited),
        (131_026, 400, nil, .notOnChannel),
        (132_001, 404, nil, .templateProblem),
        (131_000, 500, nil, .retryLater),
    ] as [(Int, Int, Int?, GraphErrorKind)])
    func whatsAppErrorsComeBackByKind(code: Int, status: Int, subcode: Int?, kind: GraphErrorKind) async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()
        try await server.failNext(to: to, code: code, httpStatus: status, subcode: subcode)
        let graph = client(server)

        let error = await failure { () async throws(GraphError) in
            try await graph.sendWhatsApp(.text(body: "Halo", previewURL: false, replyTo: nil), to: to)
        }
        let next = try await graph.sendWhatsApp(.text(body: "Halo lagi", previewURL: false, replyTo: nil), to: to)

        #expect(error?.code == code)
        #expect(error?.httpStatus == status)
        #expect(error?.title == "OAuthException")
        #expect(error?.message?.contains("#\(code)") == true)
        #expect(error?.kind == kind)
        #expect(next.hasPrefix("wamid."))
        #expect(try await server.sent(to: to).count == 1)
    }

    @Test func messengerOutsideTheWindowIsToldBySubcode() async throws {
        let server = try await TestGraphServer.shared()
        let psid = "psid-\(UUID().uuidString)"
        try await server.failNext(to: psid, code: 10, httpStatus: 400, subcode: 2_018_278)

        let error = await failure { () async throws(GraphError) in
            try await client(server).sendMessenger(ChatOutbound(text: "Jawaban petugas"), to: psid, platform: .messenger)
        }

        #expect(error?.code == 10)
        #expect(error?.subcode == 2_018_278)
        #expect(error?.kind == .windowClosed)
    }

    @Test func aWrongTokenIsInvalidToken() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()

        let whatsapp = await failure { () async throws(GraphError) in
            try await client(server) { $0.whatsapp?.token = "kedaluwarsa" }.sendWhatsApp(.text(body: "Halo", previewURL: false, replyTo: nil), to: to)
        }
        let messenger = await failure { () async throws(GraphError) in
            try await client(server) { $0.meta?.pageToken = "kedaluwarsa" }.sendMessenger(ChatOutbound(text: "Halo"), to: "psid-\(to)", platform: .messenger)
        }

        #expect(whatsapp?.code == 190)
        #expect(whatsapp?.httpStatus == 401)
        #expect(whatsapp?.kind == .invalidToken)
        #expect(messenger?.kind == .invalidToken)
        #expect(try await server.sent(to: to).isEmpty)
    }

    @Test func aGatewayPageInsteadOfJSONIsRetriedLater() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()
        try await server.failNext(to: to, code: 0, httpStatus: 502, raw: "<html><body>502 Bad Gateway</body></html>")

        let error = await failure { () async throws(GraphError) in
            try await client(server).sendWhatsApp(.text(body: "Halo", previewURL: false, replyTo: nil), to: to)
        }

        #expect(error?.code == GraphError.badResponse)
        #expect(error?.httpStatus == 502)
        #expect(error?.kind == .retryLater)
    }

    @Test func aRefusedConnectionIsANetworkFailure() async throws {
        let server = try await TestGraphServer.shared()

        let error = await failure { () async throws(GraphError) in
            // The HTTP client retries a refused connection until the deadline: one second here.
            try await client(server) {
                $0.graphURL = "http://127.0.0.1:1/v23.0"
                $0.timeout = 1
            }.sendWhatsApp(.text(body: "Halo", previewURL: false, replyTo: nil), to: "62811")
        }

        #expect(error?.code == GraphError.networkFailure)
        #expect(error?.httpStatus == nil)
        #expect(error?.kind == .retryLater)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let server = try await TestGraphServer.shared()
        let silent = try await FakeSMTPServer.start(greeting: nil)
        defer { Task { try? await silent.stop() } }
        let started = Date()

        let error = await failure { () async throws(GraphError) in
            try await client(server) {
                $0.graphURL = "http://127.0.0.1:\(silent.port)/v23.0"
                $0.timeout = 1
            }.sendWhatsApp(.text(body: "Halo", previewURL: false, replyTo: nil), to: "62811")
        }

        #expect(error?.code == GraphError.networkFailure)
        #expect(error?.kind == .retryLater)
        // A second's timeout, not the 30 s default: well under 15 s even on a loaded machine.
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func theApplicationsClientUsesTheConfiguredChannel() async throws {
        let server = try await TestGraphServer.shared()
        let to = TestGraphServer.uniqueRecipient()
        let environment = [
            "ADUAN_GRAPH_API_URL": server.graphURL, "ADUAN_WHATSAPP_TOKEN": server.token,
            "ADUAN_WHATSAPP_PHONE_NUMBER_ID": server.phoneNumberID, "ADUAN_WHATSAPP_APP_SECRET": "test_app_secret",
            "ADUAN_WHATSAPP_VERIFY_TOKEN": "test-verify-token", "ADUAN_GRAPH_TIMEOUT_SECONDS": "7",
        ]

        try await withAduan(environment: environment) { aduan in
            let graph = aduan.app.graphClient(logger: aduan.app.logger)

            _ = try await graph.sendWhatsApp(.text(body: "Dari aplikasi", previewURL: false, replyTo: nil), to: to)

            #expect(aduan.app.graphHTTPClient === graph.http)
            #expect(graph.settings.timeout == 7)
        }
        #expect(try await server.sent(to: to)[0]["text"]["body"].string == "Dari aplikasi")
    }

    @Test func withoutSettingsTheChannelIsNotConfigured() async throws {
        let server = try await TestGraphServer.shared()

        let error = await failure { () async throws(GraphError) in
            try await client(server) { $0.whatsapp = nil }.sendWhatsApp(.text(body: "Halo", previewURL: false, replyTo: nil), to: "62811")
        }

        #expect(error?.code == GraphError.notConfigured)
    }
}

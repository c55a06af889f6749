import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// A citizen writing to the office on WhatsApp in a test: builds the Cloud API's webhook envelopes,
/// signs them with the app secret, posts them to `/webhooks/whatsapp` and lets the job runner act on
/// them. What the office answered is read from the fake Graph API (`TestGraphServer`).
struct TestWhatsAppCitizen {
    static let appSecret = "test_app_secret"
    static let verifyToken = "test-verify-token"

    let aduan: TestAduan
    let graph: TestGraphServer
    let waID: String
    var name = "Siti Rahmawati"
    private(set) var sent = 0

    init(_ aduan: TestAduan, graph: TestGraphServer, waID: String = TestGraphServer.uniqueRecipient()) {
        self.aduan = aduan
        self.graph = graph
        self.waID = waID
    }

    /// The environment of an office with WhatsApp (and Messenger) configured against the fake.
    static func environment(_ graph: TestGraphServer) -> [String: String] {
        [
            "ADUAN_WHATSAPP_TOKEN": graph.token, "ADUAN_WHATSAPP_PHONE_NUMBER_ID": graph.phoneNumberID,
            "ADUAN_WHATSAPP_APP_SECRET": appSecret, "ADUAN_WHATSAPP_VERIFY_TOKEN": verifyToken, "ADUAN_GRAPH_API_URL": graph.graphURL,
            "ADUAN_META_PAGE_TOKEN": graph.pageToken, "ADUAN_META_APP_SECRET": "test_meta_secret", "ADUAN_META_VERIFY_TOKEN": "test-meta-verify",
            "ADUAN_PUBLIC_URL": "https://pengaduan.dharmasrayakab.go.id",
        ]
    }

    // MARK: Messages

    @discardableResult
    mutating func text(_ body: String) async throws -> String {
        try await send(type: "text", ["text": ["body": body]])
    }

    @discardableResult
    mutating func button(_ id: String, title: String = "") async throws -> String {
        try await send(type: "interactive", ["interactive": ["type": "button_reply", "button_reply": ["id": id, "title": title]]])
    }

    @discardableResult
    mutating func listRow(_ id: String, title: String = "") async throws -> String {
        try await send(type: "interactive", ["interactive": ["type": "list_reply", "list_reply": ["id": id, "title": title]]])
    }

    /// A photo: served by the fake as media `mediaID`, then announced in a webhook.
    @discardableResult
    mutating func image(_ bytes: [UInt8], caption: String? = nil) async throws -> String {
        let media = "media.\(UUID().uuidString.prefix(12))"
        try await graph.serveMedia(id: media, bytes: bytes, mimeType: "image/jpeg")
        var image: [String: Any] = ["id": media, "mime_type": "image/jpeg", "sha256": Self.hex(bytes)]
        if let caption { image["caption"] = caption }
        return try await send(type: "image", ["image": image])
    }

    @discardableResult
    mutating func document(_ bytes: [UInt8], filename: String, mimeType: String = "application/pdf") async throws -> String {
        let media = "media.\(UUID().uuidString.prefix(12))"
        try await graph.serveMedia(id: media, bytes: bytes, mimeType: mimeType)
        return try await send(type: "document", ["document": ["id": media, "mime_type": mimeType, "filename": filename]])
    }

    /// Builds, signs, posts (`times` deliveries of the same body) and runs the jobs. Returns the wamid.
    @discardableResult
    mutating func send(type: String, _ content: [String: Any], times: Int = 1) async throws -> String {
        sent += 1
        let id = "wamid.test.\(waID).\(sent)"
        let body = try envelope(id: id, type: type, content)
        for _ in 0..<times {
            #expect(try await post(body) == .ok)
        }
        try await aduan.app.jobRunner.runUntilIdle()
        return id
    }

    func envelope(id: String, type: String, _ content: [String: Any]) throws -> [UInt8] {
        var message: [String: Any] = ["from": waID, "id": id, "timestamp": String(Int(aduan.clock.now().timeIntervalSince1970)), "type": type]
        message.merge(content) { _, new in new }
        let payload: [String: Any] = [
            "object": "whatsapp_business_account",
            "entry": [["id": "102290129340398", "changes": [["field": "messages", "value": [
                "messaging_product": "whatsapp",
                "metadata": ["display_phone_number": "6281100001111", "phone_number_id": graph.phoneNumberID],
                "contacts": [["profile": ["name": name], "wa_id": waID]],
                "messages": [message],
            ] as [String: Any]]]]],
        ]
        return [UInt8](try JSONSerialization.data(withJSONObject: payload))
    }

    /// A status callback for a message the office sent.
    func status(_ wamid: String, _ status: String, errorCode: Int? = nil) async throws {
        var item: [String: Any] = ["id": wamid, "status": status, "timestamp": String(Int(aduan.clock.now().timeIntervalSince1970)), "recipient_id": waID]
        if let errorCode { item["errors"] = [["code": errorCode, "title": "error \(errorCode)"]] }
        let payload: [String: Any] = [
            "object": "whatsapp_business_account",
            "entry": [["id": "102290129340398", "changes": [["field": "messages", "value": [
                "messaging_product": "whatsapp", "metadata": ["display_phone_number": "6281100001111", "phone_number_id": graph.phoneNumberID],
                "statuses": [item],
            ] as [String: Any]]]]],
        ]
        #expect(try await post([UInt8](try JSONSerialization.data(withJSONObject: payload))) == .ok)
        try await aduan.app.jobRunner.runUntilIdle()
    }

    func post(_ body: [UInt8], path: String = "/webhooks/whatsapp", secret: String = Self.appSecret) async throws -> HTTPStatus {
        var status = HTTPStatus.internalServerError
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        headers.add(name: "X-Hub-Signature-256", value: MetaSignature.header(body: body, secret: secret))
        try await aduan.app.testing().test(.POST, path, headers: headers, body: ByteBuffer(bytes: body)) { response in
            status = response.status
        }
        return status
    }

    // MARK: What the office said

    /// Everything the fake Graph API received for this citizen, in order.
    func received() async throws -> [TestJSON] {
        try await graph.sent(to: waID)
    }

    func last() async throws -> TestJSON {
        try #require(try await received().last)
    }

    /// The words of a sent message, whatever its type.
    static func words(_ message: TestJSON) -> String {
        message["text"]["body"].string ?? message["interactive"]["body"]["text"].string ?? message["template"]["name"].string ?? ""
    }

    /// The ids of the buttons or list rows of an interactive message.
    static func optionIDs(_ message: TestJSON) -> [String] {
        var ids: [String] = []
        let action = message["interactive"]["action"]
        for index in 0..<(action["buttons"].count ?? 0) { ids.append(action["buttons"][index]["reply"]["id"].string ?? "") }
        for section in 0..<(action["sections"].count ?? 0) {
            let rows = action["sections"][section]["rows"]
            for index in 0..<(rows.count ?? 0) { ids.append(rows[index]["id"].string ?? "") }
        }
        return ids
    }

    /// The step the chat's intake stands at, as stored.
    func step() async throws -> String? {
        let conversation = try await ChatConversation.query(on: aduan.app.db).filter(\.$platform == .whatsapp).filter(\.$citizen == waID).first()
        guard let json = conversation?.state, let state = try? JSONDecoder().decode(ChatIntakeState.self, from: Data(json.utf8)) else { return nil }
        return state.step.rawValue
    }

    static func hex(_ bytes: [UInt8]) -> String {
        SecretToken.sha256Hex(bytes)
    }
}

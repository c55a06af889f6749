import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import Vapor
@testable import App

/// The fake Graph API of the tests: `scripts/whatsapp/fake_graph.py` (Python standard library only), which
/// follows Meta's documented contract for sending, media and errors (see the script's help).
///
/// `ADUAN_TEST_GRAPH` names the ready file of a server started outside (or holds that JSON itself).
/// Without it the first test that needs the server starts one for the whole test process, with the
/// Python of `ADUAN_TEST_PYTHON` (default `.venv-e2e/bin/python`, else `python3`); if that cannot be done
/// the tests fail and say why. The server ends with this process: it stops when its standard input,
/// held here, closes. Tests share it, so each uses its own recipients and media ids.
struct TestGraphServer: Sendable, Decodable {
    let host: String
    let port: Int
    /// The server's root (`/download/…`, `/_test/…`).
    let url: String
    /// `ADUAN_GRAPH_API_URL` for it (with a version segment, as Meta's has).
    let graphURL: String
    let token: String
    let pageToken: String
    let phoneNumberID: String

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static func shared() async throws -> TestGraphServer {
        try await started.value
    }

    /// Chat settings that point at this server, with both channels on.
    var settings: ChatSettings {
        var settings = ChatSettings(graphURL: graphURL)
        settings.whatsapp = WhatsAppSettings(token: token, phoneNumberID: phoneNumberID, appSecret: "test_app_secret", verifyToken: "test-verify-token")
        settings.meta = MetaSettings(pageToken: pageToken, appSecret: "test_app_secret", verifyToken: "test-verify-token")
        settings.timeout = 5
        return settings
    }

    /// A recipient no other test uses: digits like a `wa_id`.
    static func uniqueRecipient() -> String {
        "62899" + String(UInt64.random(in: 10_000_000...99_999_999))
    }

    // MARK: Control

    /// The JSON bodies sent to `recipient` (a `wa_id` or a PSID), in order.
    func sent(to recipient: String) async throws -> [TestJSON] {
        let answer = try await control(.GET, "/_test/sent?to=\(recipient.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? recipient)")
        guard case let .array(items)? = answer["data"].value else { throw Unavailable(description: "unexpected /_test/sent answer") }
        return items.map(TestJSON.init)
    }

    /// Serves `bytes` as media `id` (`GET /{id}` then `/download/{id}` with the token, or `/attachment/{id}`
    /// without). `fileSize` and `sha256` change what `GET /{id}` claims.
    func serveMedia(id: String, bytes: [UInt8], mimeType: String, fileSize: Int? = nil, sha256: String? = nil) async throws {
        var spec: [String: Any] = ["id": id, "bytes_base64": Data(bytes).base64EncodedString(), "mime_type": mimeType]
        if let fileSize { spec["file_size"] = fileSize }
        if let sha256 { spec["sha256"] = sha256 }
        _ = try await control(.POST, "/_test/media", spec)
    }

    /// Serves `size` made-up bytes as media `id`, without keeping them (for downloads over a limit);
    /// `chunked` leaves out the Content-Length, so only the reader can stop.
    func serveSyntheticMedia(id: String, size: Int, mimeType: String, fileSize: Int? = nil, chunked: Bool = false) async throws {
        var spec: [String: Any] = ["id": id, "size": size, "mime_type": mimeType, "chunked": chunked]
        if let fileSize { spec["file_size"] = fileSize }
        _ = try await control(.POST, "/_test/media", spec)
    }

    /// What the server holds for media `id`: mime_type, filename, size, sha256, sent_bytes, downloads, fields.
    func media(id: String) async throws -> TestJSON {
        try await control(.GET, "/_test/media/\(id)")
    }

    /// The next `count` sends to `recipient` fail with Graph error `code` (and `subcode`), with
    /// `httpStatus`; `raw` replaces the JSON error with a body that is not JSON.
    func failNext(to recipient: String, code: Int, httpStatus: Int = 400, count: Int = 1, subcode: Int? = nil, raw: String? = nil) async throws {
        var spec: [String: Any] = ["to": recipient, "code": code, "http_status": httpStatus, "count": count]
        if let subcode { spec["subcode"] = subcode }
        if let raw { spec["raw"] = raw }
        _ = try await control(.POST, "/_test/fail", spec)
    }

    private func control(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> TestJSON {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: body))))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let data = try await response.body.collect(upTo: 16 * 1024 * 1024)
        guard response.status == .ok else {
            throw Unavailable(description: "fake Graph \(path): HTTP \(response.status.code) \(String(buffer: data))")
        }
        return try TestJSON(parsing: Data(data.readableBytesView))
    }

    // MARK: Starting one

    private static let started = Task<TestGraphServer, any Error> {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["ADUAN_TEST_GRAPH"], !given.isEmpty {
            let json = given.hasPrefix("{") ? Data(given.utf8) : try Data(contentsOf: URL(fileURLWithPath: given))
            return try decoder.decode(TestGraphServer.self, from: json)
        }
        return try await launch(environment: environment)
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    enum CodingKeys: String, CodingKey {
        case host, port, url
        case graphURL = "graphUrl"
        case token, pageToken
        case phoneNumberID = "phoneNumberId"
    }

    private final class Launched: @unchecked Sendable {
        // Held for the life of the test process: when the pipe closes, the server stops.
        var process: Process?
        var input: Pipe?
    }

    private static let launched = Launched()

    private static func launch(environment: [String: String]) async throws -> TestGraphServer {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/whatsapp/fake_graph.py").path
        let candidates = environment["ADUAN_TEST_PYTHON"].map { [$0] }
            ?? [root.appendingPathComponent(".venv-e2e/bin/python").path, "/usr/bin/python3", "/usr/local/bin/python3"]
        guard let python = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Unavailable(description: "no Python for the fake Graph API (tried \(candidates)); set ADUAN_TEST_PYTHON or ADUAN_TEST_GRAPH")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let readyFile = folder.appendingPathComponent("ready.json").path
        let errors = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--port", "0", "--ready-file", readyFile, "--exit-on-stdin-eof"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        launched.process = process
        launched.input = input

        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: readyFile) {
                return try decoder.decode(TestGraphServer.self, from: data)
            }
            if !process.isRunning {
                let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                throw Unavailable(description: "the fake Graph API did not start with \(python): \(log.suffix(800))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Unavailable(description: "the fake Graph API wrote no ready file within 20 s")
    }
}

/// A JSON value read in a test, walked with subscripts: `sent[0]["interactive"]["action"]["buttons"][1]["reply"]["title"].string`.
/// A missing key or index gives `.missing`, so a wrong path fails the expectation instead of crashing.
struct TestJSON: Sendable, Equatable, CustomStringConvertible {
    indirect enum Value: Sendable, Equatable, Decodable {
        case null, bool(Bool), number(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else if let text = try? container.decode(String.self) { self = .string(text) }
            else if let array = try? container.decode([Value].self) { self = .array(array) }
            else { self = .object(try container.decode([String: Value].self)) }
        }
    }

    let value: Value?

    init(_ value: Value?) { self.value = value }

    init(parsing data: Data) throws {
        self.init(try JSONDecoder().decode(Value.self, from: data))
    }

    subscript(key: String) -> TestJSON {
        guard case let .object(object)? = value else { return TestJSON(nil) }
        return TestJSON(object[key])
    }

    subscript(index: Int) -> TestJSON {
        guard case let .array(array)? = value, array.indices.contains(index) else { return TestJSON(nil) }
        return TestJSON(array[index])
    }

    var string: String? { if case let .string(text)? = value { text } else { nil } }
    var int: Int? { if case let .number(number)? = value { Int(exactly: number) } else { nil } }
    var bool: Bool? { if case let .bool(flag)? = value { flag } else { nil } }
    var count: Int? {
        switch value {
        case let .array(array)?: array.count
        case let .object(object)?: object.count
        default: nil
        }
    }
    var keys: Set<String> { if case let .object(object)? = value { Set(object.keys) } else { [] } }
    var exists: Bool { value != nil }

    var description: String { value.map { "\($0)" } ?? "missing" }
}

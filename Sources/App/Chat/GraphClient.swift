import AduanCore
import AsyncHTTPClient
import Foundation
import NIOCore
import Vapor

/// Meta's Graph API as the chat channels use it: sending on WhatsApp (Cloud API) and on Messenger and
/// Instagram (Send API), uploading files for WhatsApp, and downloading what citizens sent.
///
/// Every failure is a `GraphError`: Graph's own error object as it came, or one of Aduan's negative codes
/// (`GraphError.networkFailure` …) for what never reached Graph or came back unreadable; `GraphErrorKind`
/// says what to do about it. The tokens go in the `Authorization` header only, never in a URL or a log.
struct GraphClient: Sendable {
    let settings: ChatSettings
    let http: HTTPClient
    let logger: Logger

    /// Largest JSON answer read from the API (Graph's are a few hundred bytes).
    static let maxAnswerBytes = 256 * 1024
    /// Redirects followed by a download (Graph's media URLs answer at once; CDNs may send one on).
    static let maxRedirects = 3

    init(settings: ChatSettings, http: HTTPClient, logger: Logger) {
        self.settings = settings
        self.http = http
        self.logger = logger
    }

    /// The HTTP client the Graph API needs: it follows no redirect by itself (the client follows them only
    /// to http and https, and drops the token when the host changes), decompresses nothing, and waits no
    /// longer than `timeout` for a byte.
    static func makeHTTPClient(timeout: TimeInterval, eventLoopGroup: any EventLoopGroup, logger: Logger) -> HTTPClient {
        let read = TimeAmount.milliseconds(Int64(timeout * 1000))
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: min(read, .seconds(10)), read: read),
            decompression: .disabled)
        return HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration, backgroundActivityLogger: logger)
    }

    // MARK: WhatsApp

    /// Sends `message` to the WhatsApp user `waID` and returns the message's `wamid`.
    func sendWhatsApp(_ message: WhatsAppMessage, to waID: String) async throws(GraphError) -> String {
        guard let whatsapp = settings.whatsapp else { throw Self.notConfigured("WhatsApp (ADUAN_WHATSAPP_*)") }
        let payload = try WhatsAppPayload(message, to: waID)
        let phone = try Self.pathSegment(whatsapp.phoneNumberID)
        let answer: WhatsAppSendAnswer = try await typed {
            try await postJSON(payload, to: "\(settings.graphURL)/\(phone)/messages", token: whatsapp.token, operation: "whatsapp.send.\(payload.type)")
        }
        guard let id = answer.messages?.first?.id, !id.isEmpty else {
            throw GraphError(code: GraphError.badResponse, title: "bad_response", message: "the Cloud API accepted the message but gave no id", httpStatus: 200)
        }
        return id
    }

    /// Uploads a file for WhatsApp (`POST {graph}/{phone-number-id}/media`, multipart) and returns its media
    /// id, for `.document` and `.image`. Refused here when the Cloud API does not take the type or the
    /// file is over its limit (image 5 MB, document 100 MB, audio and video 16 MB).
    func uploadWhatsAppMedia(bytes: [UInt8], mimeType: String, filename: String) async throws(GraphError) -> String {
        guard let whatsapp = settings.whatsapp else { throw Self.notConfigured("WhatsApp (ADUAN_WHATSAPP_*)") }
        guard let type = WhatsAppMediaType.of(mimeType: mimeType) else {
            throw Self.refused("WhatsApp does not take files of type \(mimeType)")
        }
        guard !bytes.isEmpty else { throw Self.refused("the file is empty") }
        guard bytes.count <= type.maxBytes else {
            throw GraphError(code: GraphError.tooLarge, title: "too_large",
                             message: "\(bytes.count) bytes: WhatsApp takes a \(type.kind.rawValue) of at most \(type.maxBytes) bytes")
        }
        let phone = try Self.pathSegment(whatsapp.phoneNumberID)
        let form = Multipart(fields: [("messaging_product", "whatsapp"), ("type", mimeType)],
                             file: (name: "file", filename: filename, mimeType: mimeType, bytes: bytes))
        let answer: MediaUploadAnswer = try await typed {
            var request = HTTPClientRequest(url: "\(settings.graphURL)/\(phone)/media")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(form.boundary)")
            request.body = .bytes(form.body)
            return try await answerJSON(request, token: whatsapp.token, operation: "whatsapp.media.upload")
        }
        guard let id = answer.id, !id.isEmpty else {
            throw GraphError(code: GraphError.badResponse, title: "bad_response", message: "the upload was accepted but gave no media id", httpStatus: 200)
        }
        return id
    }

    /// Downloads a file a citizen sent on WhatsApp: `GET {graph}/{media-id}` for its short-lived URL, then
    /// that URL, both with the bearer token (PITFALLS #21). Refused at once when Meta says it is larger
    /// than `maxBytes`, and stopped as soon as more than `maxBytes` arrive; the bytes are checked against
    /// Meta's sha256 (hex or base64, Meta writes both).
    func downloadWhatsAppMedia(id: String, maxBytes: Int) async throws(GraphError) -> (bytes: [UInt8], mimeType: String?) {
        guard let whatsapp = settings.whatsapp else { throw Self.notConfigured("WhatsApp (ADUAN_WHATSAPP_*)") }
        let segment = try Self.pathSegment(id)
        let media: MediaInfo = try await typed {
            var components = URLComponents(string: "\(settings.graphURL)/\(segment)")
            components?.queryItems = [URLQueryItem(name: "phone_number_id", value: whatsapp.phoneNumberID)]
            guard let url = components?.string else { throw Self.refused("the media id does not make a URL") }
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            return try await answerJSON(request, token: whatsapp.token, operation: "whatsapp.media.info")
        }
        guard let url = media.url, !url.isEmpty else {
            throw GraphError(code: GraphError.badResponse, title: "bad_response", message: "the media answer has no url", httpStatus: 200)
        }
        if let size = media.fileSize, size > maxBytes {
            throw GraphError(code: GraphError.tooLarge, title: "too_large", message: "Meta gives the file as \(size) bytes, more than the \(maxBytes) accepted")
        }
        let fetched = try await typed {
            try await fetch(url, bearer: whatsapp.token, maxBytes: maxBytes, operation: "whatsapp.media.download")
        }
        if let expected = media.sha256, !Self.matches(fetched.bytes, sha256: expected) {
            throw GraphError(code: GraphError.checksumMismatch, title: "checksum_mismatch", message: "the downloaded file does not match the sha256 Meta gave")
        }
        return (fetched.bytes, media.mimeType ?? fetched.mimeType)
    }

    // MARK: Messenger and Instagram

    /// Sends `outbound` to the PSID (Messenger) or IGSID (Instagram) as a reply inside the 24-hour window
    /// (`messaging_type: RESPONSE`), with quick replies when its choices fit them; returns the `message_id`.
    func sendMessenger(_ outbound: ChatOutbound, to psid: String, platform: ChatPlatform) async throws(GraphError) -> String {
        guard platform != .whatsapp else { throw Self.refused("WhatsApp goes through sendWhatsApp") }
        guard let meta = settings.meta else { throw Self.notConfigured("Facebook and Instagram (ADUAN_META_*)") }
        let message = MetaMessage.from(outbound)
        guard !message.text.isEmpty, message.fits(platform) else {
            throw Self.refused("\(message.text.utf16.count) characters do not fit one \(platform.rawValue) message")
        }
        guard !psid.isEmpty else { throw Self.refused("no recipient") }
        let payload = MessengerPayload(
            recipient: .init(id: psid),
            message: .init(text: message.text, quickReplies: message.quickReplies.isEmpty ? nil : message.quickReplies.map {
                .init(title: $0.title, payload: $0.id)
            }))
        let answer: MessengerSendAnswer = try await typed {
            try await postJSON(payload, to: "\(settings.graphURL)/me/messages", token: meta.pageToken, operation: "\(platform.rawValue).send")
        }
        guard let id = answer.messageId, !id.isEmpty else {
            throw GraphError(code: GraphError.badResponse, title: "bad_response", message: "the Send API accepted the message but gave no message_id", httpStatus: 200)
        }
        return id
    }

    /// Downloads a Messenger or Instagram attachment from the URL its webhook gave (no token: the URL is
    /// signed), http and https only, stopped as soon as more than `maxBytes` arrive.
    func downloadAttachment(url: String, maxBytes: Int) async throws(GraphError) -> (bytes: [UInt8], mimeType: String?) {
        try await typed {
            try await fetch(url, bearer: nil, maxBytes: maxBytes, operation: "meta.attachment.download")
        }
    }

    // MARK: Requests

    private func postJSON<Answer: Decodable>(_ payload: some Encodable, to url: String, token: String, operation: String) async throws -> Answer {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: Array(try encoder.encode(payload))))
        return try await answerJSON(request, token: token, operation: operation)
    }

    /// Sends `request` with the bearer token and reads Graph's JSON answer, or its error.
    private func answerJSON<Answer: Decodable>(_ request: HTTPClientRequest, token: String, operation: String) async throws -> Answer {
        var request = request
        request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        let response = try await http.execute(request, deadline: .now() + timeout, logger: logger)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.maxAnswerBytes)
        } catch is NIOTooManyBytesError {
            throw GraphError(code: GraphError.badResponse, title: "bad_response", message: "an answer over \(Self.maxAnswerBytes) bytes", httpStatus: Int(response.status.code))
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else { throw failure(status: status, body: body, operation: operation) }
        do {
            let answer = try Self.decoder.decode(Answer.self, from: Data(body.readableBytesView))
            logger.debug("graph request done", metadata: ["operation": .string(operation), "status": .stringConvertible(status)])
            return answer
        } catch {
            throw GraphError(code: GraphError.badResponse, title: "bad_response", message: "HTTP \(status) with an answer that is not the documented JSON", httpStatus: status)
        }
    }

    /// GETs `url`, following up to `maxRedirects` redirects to http(s) only and keeping the token only on
    /// the same host, and reads at most `maxBytes` of the body (stopping as soon as more arrive).
    private func fetch(_ url: String, bearer: String?, maxBytes: Int, operation: String) async throws -> (bytes: [UInt8], mimeType: String?) {
        var current = try Self.webURL(url)
        let firstHost = current.host?.lowercased()
        for _ in 0...Self.maxRedirects {
            var request = HTTPClientRequest(url: current.absoluteString)
            request.method = .GET
            if let bearer, current.host?.lowercased() == firstHost {
                request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
            }
            let response = try await http.execute(request, deadline: .now() + downloadTimeout, logger: logger)
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status) {
                guard let location = response.headers.first(name: "Location"),
                      let next = URL(string: location, relativeTo: current)?.absoluteURL else {
                    throw GraphError(code: GraphError.badResponse, title: "bad_response", message: "a redirect without a usable Location", httpStatus: status)
                }
                current = try Self.webURL(next.absoluteString)
                continue
            }
            guard (200..<300).contains(status) else {
                let body = (try? await response.body.collect(upTo: Self.maxAnswerBytes)) ?? ByteBuffer()
                throw failure(status: status, body: body, operation: operation)
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
                throw GraphError(code: GraphError.tooLarge, title: "too_large", message: "the server gives the file as \(length) bytes, more than the \(maxBytes) accepted", httpStatus: status)
            }
            var bytes: [UInt8] = []
            for try await chunk in response.body {
                // Stop at once: the rest is never read (the connection is closed when the body is dropped).
                guard bytes.count + chunk.readableBytes <= maxBytes else {
                    throw GraphError(code: GraphError.tooLarge, title: "too_large", message: "the file is larger than the \(maxBytes) bytes accepted", httpStatus: status)
                }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
            logger.debug("graph download done", metadata: ["operation": .string(operation), "bytes": .stringConvertible(bytes.count)])
            return (bytes, response.headers.first(name: "Content-Type"))
        }
        throw GraphError(code: GraphError.badResponse, title: "bad_response", message: "more than \(Self.maxRedirects) redirects")
    }

    /// Graph's error object from a failed answer, or a `badResponse` when the answer is not one.
    private func failure(status: Int, body: ByteBuffer, operation: String) -> GraphError {
        let error: GraphError
        if let envelope = try? Self.decoder.decode(ErrorEnvelope.self, from: Data(body.readableBytesView)), let code = envelope.error.code {
            error = GraphError(code: code, title: envelope.error.type, message: envelope.error.message, details: envelope.error.errorData?.details,
                               httpStatus: status, subcode: envelope.error.errorSubcode)
            logger.log(level: status >= 500 ? .warning : .notice, "graph request refused", metadata: [
                "operation": .string(operation), "status": .stringConvertible(status), "code": .stringConvertible(code),
                "subcode": .string(envelope.error.errorSubcode.map(String.init) ?? "-"), "fbtrace_id": .string(envelope.error.fbtraceId ?? "-"),
            ])
        } else {
            error = GraphError(code: GraphError.badResponse, title: "bad_response", message: "HTTP \(status) without a Graph error object", httpStatus: status)
            logger.log(level: status >= 500 ? .warning : .notice, "graph request failed", metadata: [
                "operation": .string(operation), "status": .stringConvertible(status),
            ])
        }
        return error
    }

    /// Runs `body`, turning whatever it throws into a `GraphError` (a connection that failed or timed out
    /// becomes `networkFailure`).
    private func typed<T>(_ body: () async throws -> T) async throws(GraphError) -> T {
        do {
            return try await body()
        } catch let error as GraphError {
            throw error
        } catch {
            logger.warning("graph request did not complete", metadata: ["error": .string(String(describing: type(of: error)))])
            throw GraphError(code: GraphError.networkFailure, title: "network", message: Self.describe(error))
        }
    }

    private var timeout: TimeAmount { .milliseconds(Int64(settings.timeout * 1000)) }
    /// A download may take longer than a call, but not for ever: four times the call's timeout in all,
    /// and never more than `timeout` without a byte (the client's read timeout).
    private var downloadTimeout: TimeAmount { .milliseconds(Int64(settings.timeout * 4000)) }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                return "no answer in time (ADUAN_GRAPH_TIMEOUT_SECONDS)"
            }
            return "HTTP client: \(error)"
        }
        return "connection failed: \(error)"
    }

    private static func notConfigured(_ what: String) -> GraphError {
        GraphError(code: GraphError.notConfigured, title: "not_configured", message: "\(what) is not configured")
    }

    static func refused(_ why: String) -> GraphError {
        GraphError(code: GraphError.refusedLocally, title: "refused_locally", message: why)
    }

    /// An id put in a URL path: Graph's ids are digits (and WhatsApp's phone number ids), never a slash.
    private static func pathSegment(_ id: String) throws(GraphError) -> String {
        guard !id.isEmpty, id.utf8.count <= 128, id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }) else {
            throw refused("\(id.prefix(40)) is not a Graph id")
        }
        return id
    }

    /// Only http and https: a webhook's URL or a redirect must not lead to a file, a socket or anything else.
    private static func webURL(_ text: String) throws(GraphError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw refused("only http and https URLs are fetched")
        }
        return url
    }

    /// Whether `bytes` have the SHA-256 `expected`, written in hex or in base64.
    static func matches(_ bytes: [UInt8], sha256 expected: String) -> Bool {
        let digest = Array(SHA256.hash(data: bytes))
        let given = expected.trimmingCharacters(in: .whitespaces)
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        if given.lowercased() == hex { return true }
        var base64 = given.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) == digest } ?? false
    }
}

// MARK: - The bodies Graph documents

/// `POST /{phone-number-id}/messages`, keys in snake_case.
private struct WhatsAppPayload: Encodable {
    var messagingProduct = "whatsapp"
    var recipientType = "individual"
    var to: String
    var type: String
    var context: Context?
    var text: Text?
    var interactive: Interactive?
    var template: Template?
    var document: Media?
    var image: Media?

    struct Context: Encodable { var messageId: String }
    struct Text: Encodable {
        var previewUrl: Bool
        var body: String
    }
    struct Interactive: Encodable {
        var type: String
        var body: Body
        var action: Action
    }
    struct Body: Encodable { var text: String }
    struct Action: Encodable {
        var buttons: [Button]?
        var button: String?
        var sections: [Section]?
    }
    struct Button: Encodable {
        var type = "reply"
        var reply: Reply
    }
    struct Reply: Encodable {
        var id: String
        var title: String
    }
    struct Section: Encodable { var rows: [Row] }
    struct Row: Encodable {
        var id: String
        var title: String
        var description: String?
    }
    struct Template: Encodable {
        var name: String
        var language: Language
        var components: [Component]?
    }
    struct Language: Encodable { var code: String }
    struct Component: Encodable {
        var type: String
        var subType: String?
        var index: String?
        var parameters: [Parameter]
    }
    struct Parameter: Encodable {
        var type = "text"
        var text: String
    }
    struct Media: Encodable {
        var id: String
        var filename: String?
        var caption: String?
    }

    /// The body of `message`, refused when it does not fit the Cloud API's limits (one label too long
    /// rejects the whole message there, so it is better refused here with the reason).
    init(_ message: WhatsAppMessage, to waID: String) throws(GraphError) {
        typealias Limit = WhatsAppMessage.Limit
        guard !waID.isEmpty else { throw GraphClient.refused("no recipient") }
        func check(_ ok: Bool, _ why: @autoclosure () -> String) throws(GraphError) {
            if !ok { throw GraphClient.refused(why()) }
        }
        to = waID
        switch message {
        case let .text(body, previewURL, replyTo):
            try check(!body.isEmpty && body.utf16.count <= Limit.textBody, "a text must have 1 to \(Limit.textBody) characters")
            type = "text"
            text = Text(previewUrl: previewURL, body: body)
            context = replyTo.map { Context(messageId: $0) }
        case let .buttons(body, buttons):
            try check(!body.isEmpty && body.utf16.count <= Limit.interactiveBody, "a message with buttons must have 1 to \(Limit.interactiveBody) characters")
            try check((1...Limit.buttons).contains(buttons.count), "1 to \(Limit.buttons) reply buttons")
            try check(buttons.allSatisfy { !$0.title.isEmpty && $0.title.utf16.count <= Limit.buttonTitle && !$0.id.isEmpty && $0.id.utf16.count <= Limit.buttonID },
                      "button titles of 1 to \(Limit.buttonTitle) characters, ids of at most \(Limit.buttonID)")
            type = "interactive"
            interactive = Interactive(type: "button", body: Body(text: body),
                                      action: Action(buttons: buttons.map { Button(reply: Reply(id: $0.id, title: $0.title)) }))
        case let .list(body, button, rows):
            try check(!body.isEmpty && body.utf16.count <= Limit.interactiveBody, "a list message must have 1 to \(Limit.interactiveBody) characters")
            try check(!button.isEmpty && button.utf16.count <= Limit.listButton, "the list's button must have 1 to \(Limit.listButton) characters")
            try check((1...Limit.listRows).contains(rows.count), "1 to \(Limit.listRows) list rows")
            try check(rows.allSatisfy {
                !$0.title.isEmpty && $0.title.utf16.count <= Limit.rowTitle && ($0.description?.utf16.count ?? 0) <= Limit.rowDescription
                    && !$0.id.isEmpty && $0.id.utf16.count <= Limit.rowID
            }, "row titles of 1 to \(Limit.rowTitle) characters, descriptions of at most \(Limit.rowDescription)")
            type = "interactive"
            interactive = Interactive(type: "list", body: Body(text: body), action: Action(button: button, sections: [
                Section(rows: rows.map { Row(id: $0.id, title: $0.title, description: $0.description?.isEmpty == true ? nil : $0.description) }),
            ]))
        case let .template(name, language, bodyParameters, urlButtonParameter):
            try check(!name.isEmpty && !language.isEmpty, "a template needs its name and language")
            type = "template"
            var components: [Component] = []
            if !bodyParameters.isEmpty {
                components.append(Component(type: "body", parameters: bodyParameters.map { Parameter(text: $0) }))
            }
            if let urlButtonParameter {
                components.append(Component(type: "button", subType: "url", index: "0", parameters: [Parameter(text: urlButtonParameter)]))
            }
            template = Template(name: name, language: Language(code: language), components: components.isEmpty ? nil : components)
        case let .document(mediaID, filename, caption):
            try check(!mediaID.isEmpty, "a document needs its media id")
            try check((caption?.utf16.count ?? 0) <= Limit.caption, "a caption of at most \(Limit.caption) characters")
            type = "document"
            document = Media(id: mediaID, filename: filename.isEmpty ? nil : filename, caption: caption)
        case let .image(mediaID, caption):
            try check(!mediaID.isEmpty, "an image needs its media id")
            try check((caption?.utf16.count ?? 0) <= Limit.caption, "a caption of at most \(Limit.caption) characters")
            type = "image"
            image = Media(id: mediaID, caption: caption)
        }
    }
}

/// Send API `POST /me/messages`.
private struct MessengerPayload: Encodable {
    var recipient: Recipient
    var messagingType = "RESPONSE"
    var message: Message

    struct Recipient: Encodable { var id: String }
    struct Message: Encodable {
        var text: String
        var quickReplies: [QuickReply]?
    }
    struct QuickReply: Encodable {
        var contentType = "text"
        var title: String
        var payload: String
    }
}

private struct WhatsAppSendAnswer: Decodable {
    struct Sent: Decodable { var id: String? }
    var messages: [Sent]?
}

private struct MessengerSendAnswer: Decodable {
    var recipientId: String?
    var messageId: String?
}

private struct MediaUploadAnswer: Decodable {
    var id: String?
}

/// `GET /{media-id}`: `{messaging_product, url, mime_type, sha256, file_size, id}`; `file_size` comes as a
/// string in Meta's examples and as a number in others.
private struct MediaInfo: Decodable {
    var url: String?
    var mimeType: String?
    var sha256: String?
    var fileSize: Int?

    enum CodingKeys: String, CodingKey {
        case url, mimeType, sha256, fileSize
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        mimeType = try container.decodeIfPresent(String.self, forKey: .mimeType)
        sha256 = try container.decodeIfPresent(String.self, forKey: .sha256)
        if let number = try? container.decodeIfPresent(Int.self, forKey: .fileSize) {
            fileSize = number
        } else if let text = try? container.decodeIfPresent(String.self, forKey: .fileSize) {
            fileSize = Int(text)
        }
    }
}

/// `{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}`; Messenger
/// has sent `error_data` as a bare string.
private struct ErrorEnvelope: Decodable {
    var error: Body

    struct Body: Decodable {
        var message: String?
        var type: String?
        var code: Int?
        var errorSubcode: Int?
        var errorData: ErrorData?
        var fbtraceId: String?

        enum CodingKeys: String, CodingKey {
            case message, type, code, errorSubcode, errorData, fbtraceId
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            code = try? container.decodeIfPresent(Int.self, forKey: .code)
            errorSubcode = try? container.decodeIfPresent(Int.self, forKey: .errorSubcode)
            errorData = try? container.decodeIfPresent(ErrorData.self, forKey: .errorData)
            fbtraceId = try? container.decodeIfPresent(String.self, forKey: .fbtraceId)
        }
    }

    struct ErrorData: Decodable {
        var details: String?

        enum CodingKeys: String, CodingKey { case details }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                details = text
            } else {
                details = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .details)
            }
        }
    }
}

/// A `multipart/form-data` body of text fields and one file.
private struct Multipart {
    let boundary = "aduan-\(UUID().uuidString)"
    let body: ByteBuffer

    init(fields: [(String, String)], file: (name: String, filename: String, mimeType: String, bytes: [UInt8])) {
        var buffer = ByteBuffer()
        for (name, value) in fields {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        let filename = Self.quotable(file.filename)
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(filename)\"\r\nContent-Type: \(file.mimeType)\r\n\r\n")
        buffer.writeBytes(file.bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        body = buffer
    }

    /// A filename that cannot break out of its quotes or its header line.
    private static func quotable(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.filter { $0 != "\"" && $0 != "\\" && !CharacterSet.controlCharacters.contains($0) })
        return cleaned.isEmpty ? "file" : cleaned
    }
}

// MARK: - The application's client

extension Application {
    private struct GraphHTTPClientKey: StorageKey, LockKey {
        typealias Value = HTTPClient
    }

    /// The HTTP client of the Graph API (`GraphClient.makeHTTPClient`), made on first use and shut down
    /// with the application.
    var graphHTTPClient: HTTPClient {
        locks.lock(for: GraphHTTPClientKey.self).withLock {
            if let client = storage[GraphHTTPClientKey.self] { return client }
            let client = GraphClient.makeHTTPClient(timeout: aduan.config.chat.timeout, eventLoopGroup: eventLoopGroup, logger: logger)
            storage[GraphHTTPClientKey.self] = client
            lifecycle.use(GraphHTTPClientShutdown(client: client))
            return client
        }
    }

    /// The Graph API client with the application's chat settings.
    func graphClient(logger: Logger) -> GraphClient {
        GraphClient(settings: aduan.config.chat, http: graphHTTPClient, logger: logger)
    }
}

private struct GraphHTTPClientShutdown: LifecycleHandler {
    let client: HTTPClient

    func shutdownAsync(_ application: Application) async {
        do {
            try await client.shutdown()
        } catch {
            application.logger.warning("the Graph API client did not shut down cleanly", metadata: ["error": .string(String(describing: error))])
        }
    }
}

import Fluent
import Foundation

/// A webhook post from Meta whose signature was right, kept as received (the exact bytes) until a
/// `chat_webhook` job has acted on it. Meta needs a fast 200 and retries for days otherwise.
final class ReceivedWebhook: Model, @unchecked Sendable {
    static let schema = "received_webhooks"

    enum Source: String, Codable, Sendable, CaseIterable {
        /// `POST /webhooks/whatsapp` (WhatsApp Business Account).
        case whatsapp
        /// `POST /webhooks/meta` (Facebook Page and Instagram).
        case meta
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "source") var source: Source
    @Field(key: "body") var body: Data
    @Field(key: "received_at") var receivedAt: Date
    @OptionalField(key: "processed_at") var processedAt: Date?
    /// Why the body could not be read (kept for the admin), when it could not.
    @OptionalField(key: "error") var error: String?

    init() {}

    init(source: Source, body: [UInt8], at: Date) {
        self.source = source
        self.body = Data(body)
        self.receivedAt = at
    }
}

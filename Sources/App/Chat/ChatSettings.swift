import Foundation

/// The WhatsApp Business Cloud API channel (`ADUAN_WHATSAPP_*`); nil in `AppConfig` while any of the
/// four settings is missing (the channel is off and the admin page says so).
struct WhatsAppSettings: Sendable {
    /// A System User access token (dashboard tokens expire in a day).
    var token: String
    var phoneNumberID: String
    /// The Meta app's secret: the key of `X-Hub-Signature-256`.
    var appSecret: String
    var verifyToken: String
}

/// Facebook Page Messenger and Instagram direct messages (`ADUAN_META_*`); nil while any is missing.
struct MetaSettings: Sendable {
    var pageToken: String
    var appSecret: String
    var verifyToken: String
}

/// What the chat channels share: the Graph API base and the limits of media in and out.
struct ChatSettings: Sendable {
    /// `ADUAN_GRAPH_API_URL`, default `https://graph.facebook.com/v23.0` (tests point it at their server).
    var graphURL: String
    var whatsapp: WhatsAppSettings?
    var meta: MetaSettings?
    /// Seconds a Graph API request may take.
    var timeout: TimeInterval = 30
    /// Largest webhook body accepted (Meta's posts are a few kilobytes).
    var maxWebhookBytes: Int = 1_048_576

    var enabled: Bool { whatsapp != nil || meta != nil }

    static let defaultGraphURL = "https://graph.facebook.com/v23.0"
}

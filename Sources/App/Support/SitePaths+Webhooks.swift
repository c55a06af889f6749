import Vapor

/// Meta's callbacks: neither pages nor the citizens' API (no session, no CSRF token, JSON errors).
extension SitePaths {
    static let webhooks: [PathComponent] = ["webhooks"]
    /// WhatsApp Business Account (`ADUAN_WHATSAPP_*`).
    static let whatsappWebhook: [PathComponent] = webhooks + ["whatsapp"]
    /// Facebook Page Messenger and Instagram direct messages (`ADUAN_META_*`).
    static let metaWebhook: [PathComponent] = webhooks + ["meta"]

    static func isWebhook(_ path: String) -> Bool { path.hasPrefix(link(webhooks) + "/") }
}

import AduanCore
import Fluent
import Vapor

/// The state of the channels to citizens as the admin sees it (the admin home and the deliveries page):
/// whether e-mail goes out at all, and how the messages of the last days fared.
struct OutboxStatusView: Encodable, Sendable {
    struct Channel: Encodable, Sendable {
        let name: String
        let on: Bool
        let text: String
    }

    let channels: [Channel]
    let period: String
    let queued: Int
    let sent: Int
    let failed: Int
    let deliveriesHref: String

    init(mailSender: String?, counts: OutboxReport.Counts, catalogue: MessageCatalogue, language: Language) {
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalogue.text(key, language, arguments) }
        channels = [Channel(
            name: text(MessageChannel.email.messageKey), on: mailSender != nil,
            text: mailSender.map { text("admin.outbox.email_on", ["address": $0]) } ?? text("admin.outbox.email_off"))]
        period = text("admin.outbox.period", ["days": String(OutboxReport.countDays)])
        queued = counts.queued
        sent = counts.sent
        failed = counts.failed
        deliveriesHref = SitePaths.link(SitePaths.adminDeliveries)
    }

    static func load(_ req: Request) async throws -> OutboxStatusView {
        let since = req.now.addingTimeInterval(-Double(OutboxReport.countDays) * 86_400)
        return OutboxStatusView(
            mailSender: req.aduan.config.mailSender?.address, counts: try await OutboxReport(db: req.db).counts(since: since),
            catalogue: req.aduan.catalogue, language: req.language)
    }
}

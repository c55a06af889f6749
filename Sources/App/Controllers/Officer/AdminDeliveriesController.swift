import AduanCore
import Fluent
import Vapor

/// The messages to citizens that could not be delivered, each with its reason and "kirim ulang", and
/// the state of the channels.
struct AdminDeliveriesController {
    struct ListView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let code: Link
            let kind: String
            let channel: String
            let recipient: String?
            let attempts: String
            let error: String?
            let at: String
            let resendAction: String
        }
        let outbox: OutboxStatusView
        let rows: [Row]
        let empty: Bool
        let limited: Bool
        let done: String?
    }

    func list(_ req: Request) async throws -> Response {
        let staff = try req.requireAdmin()
        let failed = try await OutboxReport(db: req.db).failed()
        let dates = req.aduan.dateText
        let rows = failed.map { item in
            let message = item.message
            return ListView.Row(
                code: Link(href: SitePaths.consoleComplaint(item.trackingCode), label: CitizenMessageRenderer.displayCode(item.trackingCode)),
                kind: req.text(message.kind.labelKey), channel: req.text(message.channel.messageKey),
                recipient: staff.policy.canSeeIdentity(confidential: item.confidential) ? message.recipient : nil,
                attempts: req.text("console.messages.attempts", ["count": String(message.attempts)]), error: message.lastError, at: dates.short(message.updatedAt, in: req.language),
                resendAction: message.id.map(SitePaths.adminDeliveryResend) ?? "")
        }
        return try await req.consolePage("console-admin-deliveries", title: "admin.outbox.title", ListView(
            outbox: try await OutboxStatusView.load(req), rows: rows, empty: rows.isEmpty,
            limited: rows.count >= OutboxReport.failedLimit, done: req.adminConfirmation))
    }

    func resend(_ req: Request) async throws -> Response {
        let staff = try req.requireAdmin()
        guard let id = req.parameters.get("message", as: UUID.self) else { throw Abort(.notFound) }
        let back = SitePaths.link(SitePaths.adminDeliveries)
        let (context, now, address) = (req.aduan, req.now, req.clientAddress)
        let outcome = try await OutboxReport(db: req.db).resend(id, now: now) { db, complaintID in
            try await AuditLog(db: db, context: context)
                .record(.messageResent, by: staff, at: now, detail: "message \(id.uuidString)", complaintID: complaintID, address: address)
        }
        switch outcome {
        case .notFound:
            throw Abort(.notFound)
        case .notFailed:
            return req.adminDone(back, .messageNotFailed)
        case .requeued:
            req.aduan.jobs.wake()
            return req.adminDone(back, .messageResent)
        }
    }
}

import Vapor

/// The administration's front page: one link per part.
struct AdminHomeController {
    struct HomeView: Encodable, Sendable {
        let links: [Link]
        let outbox: OutboxStatusView
    }

    func show(_ req: Request) async throws -> Response {
        let parts: [([PathComponent], String)] = [
            (SitePaths.adminUsers, "admin.users.title"), (SitePaths.adminUnits, "admin.units.title"),
            (SitePaths.adminServices, "admin.services.title"), (SitePaths.adminCalendar, "admin.calendar.title"),
            (SitePaths.adminOffice, "admin.office.title"), (SitePaths.adminReplies, "admin.replies.title"),
            (SitePaths.adminTemplates, "admin.templates.title"), (SitePaths.adminDeliveries, "admin.outbox.title"),
            (SitePaths.adminWhatsApp, "admin.whatsapp.title"),
            (SitePaths.consoleAudit, "admin.audit.title"),
        ]
        return try await req.consolePage("console-admin", title: "admin.title", HomeView(
            links: parts.map { Link(href: SitePaths.link($0.0), label: req.text($0.1)) }, outbox: try await OutboxStatusView.load(req)))
    }
}

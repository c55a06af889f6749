import AduanCore
import Vapor

/// The home page: the service standard as a citizen needs it, and the two actions.
struct HomeController {
    struct HomeView: Encodable, Sendable {
        let newComplaint: String
        let follow: String
        let services: [String]
        let channels: [String]
        let retentionYears: Int
        /// The requirements list names the e-mail address as required only when the web form requires it.
        let emailRequired: Bool
    }

    func home(_ req: Request) async throws -> Response {
        let services = try await ReferenceRepository(db: req.db, timeZone: req.aduan.config.timeZone).activeServices()
        let view = HomeView(
            newComplaint: SitePaths.link(SitePaths.newComplaint),
            follow: SitePaths.link(SitePaths.followLookup),
            services: services.map { req.language == .id ? $0.nameID : $0.nameEN },
            channels: [ComplaintChannel.web, .whatsapp, .email, .facebook, .twitter, .instagram, .tiktok, .lapor, .complaintBox, .walkIn]
                .map { req.text($0.messageKey) },
            retentionYears: try await req.officeSettings().retentionYears,
            emailRequired: req.aduan.config.emailRequired)
        return try await req.page("home", title: "home.title", view)
    }

    func privacy(_ req: Request) async throws -> Response {
        struct PrivacyView: Encodable, Sendable { let text: String }
        let settings = try await req.officeSettings()
        let text = req.text("privacy.body", ["office": settings.office.name, "years": String(settings.retentionYears)])
        return try await req.page("privacy", title: "privacy.title", PrivacyView(text: text))
    }
}

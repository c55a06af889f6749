import AduanCore
import Fluent
import Vapor

/// What every console page receives besides its own content: the signed-in person, the CSRF token for
/// its forms, the bell's count and the menu this role sees.
struct ConsolePage<Content: Encodable & Sendable>: Encodable, Sendable {
    struct StaffView: Encodable, Sendable {
        let name: String
        let role: String
        let unit: String?
        let csrf: String
        let unread: Int
        let canAdminister: Bool
        let canReadAudit: Bool
        let canEnterComplaints: Bool
        /// The chats not yet complaints (`/petugas/percakapan`), and how many citizens wait there.
        let canSeeConversations: Bool
        let waitingConversations: Int
    }

    let t: MessageCatalogue.Node
    let lang: String
    let switchLanguage: Link
    let office: OfficeView
    let title: String
    let staff: StaffView?
    let content: Content
}

extension Request {
    /// Renders `template` inside the console layout.
    func consolePage<Content: Encodable & Sendable>(_ template: String, title titleKey: String, _ content: Content, status: HTTPStatus = .ok) async throws -> Response {
        let other: Language = language == .id ? .en : .id
        var components = URLComponents()
        components.path = url.path
        components.queryItems = [URLQueryItem(name: "lang", value: other.rawValue)]
        var staffView: ConsolePage<Content>.StaffView?
        if let staff, let session = staff.session {
            let userID = try staff.user.requireID()
            let unread = try await Notification.query(on: db)
                .filter(\.$user.$id == userID).filter(\.$readAt == nil).count()
            let conversations = staff.policy.canSeeChatIntakes
            let waiting = try await conversations ? ChatConversations(db: db).waitingCount() : 0
            staffView = .init(
                name: staff.user.displayName, role: text(staff.role.messageKey), unit: staff.user.unitCode,
                csrf: session.csrfToken, unread: unread, canAdminister: staff.policy.canAdminister,
                canReadAudit: staff.policy.canReadAudit, canEnterComplaints: staff.policy.canEnterComplaints,
                canSeeConversations: conversations, waitingConversations: waiting)
        }
        let page = ConsolePage(
            t: aduan.catalogue.tree(language), lang: language.rawValue,
            switchLanguage: Link(href: components.string ?? "?lang=\(other.rawValue)", label: aduan.catalogue.text("language.name", other)),
            office: OfficeView(try await officeSettings().office), title: text(titleKey), staff: staffView, content: content)
        let view = try await self.view.render(template, page)
        let response = try await view.encodeResponse(status: status, for: self)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

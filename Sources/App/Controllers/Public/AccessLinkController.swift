import AduanCore
import Vapor

/// The one-time link of a message: a page with one button that opens the complaint (see `AccessLinks`).
struct AccessLinkController {
    func show(_ req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let complaint = try await AccessLinks(db: req.db, context: req.aduan).peek(token)
        let view = AccessLinkView(
            action: SitePaths.accessLink(token), code: complaint.map { CitizenMessageRenderer.displayCode($0.trackingCode) },
            lookup: SitePaths.link(SitePaths.followLookup))
        return try await req.page("access-link", title: "access_link.title", view, status: complaint == nil ? .gone : .ok)
    }

    func open(_ req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        do {
            let (complaint, grant) = try await AccessLinks(db: req.db, context: req.aduan).redeem(token, address: req.clientAddress)
            let response = req.redirect(to: SitePaths.follow(complaint.trackingCode) + "?ok=akses")
            response.cookies[FollowController.accessCookie] = HTTPCookies.Value(
                string: grant.token, expires: grant.expiresAt, path: SitePaths.follow(complaint.trackingCode),
                isSecure: req.secureCookies, isHTTPOnly: true, sameSite: .strict)
            return response
        } catch AccessLinks.Failure.unusable {
            let view = AccessLinkView(action: SitePaths.accessLink(token), code: nil, lookup: SitePaths.link(SitePaths.followLookup))
            return try await req.page("access-link", title: "access_link.title", view, status: .gone)
        }
    }
}

struct AccessLinkView: Encodable, Sendable {
    let action: String
    /// The complaint's code while the link can be used; nil when it is spent or expired.
    let code: String?
    let lookup: String
}

import AduanCore
import Vapor

/// What every page receives besides its own content: the texts of the chosen language, the office
/// profile and the language switch. Templates get values already formatted; they compute nothing.
struct Page<Content: Encodable & Sendable>: Encodable, Sendable {
    let t: MessageCatalogue.Node
    let lang: String
    let switchLanguage: Link
    let office: OfficeView
    let title: String
    let content: Content
}

struct Link: Encodable, Sendable {
    let href: String
    let label: String
}

/// The office profile, ready to show.
struct OfficeView: Encodable, Sendable {
    let name: String
    let shortName: String
    let regionName: String
    let address: String
    let phone: String?
    let whatsappDisplay: String?
    let whatsappLink: String?
    let email: String?
    let website: String?
    let social: [Link]
    let laporURL: String
    let openingHours: String
    let decree: String

    init(_ profile: OfficeProfile) {
        name = profile.name
        shortName = profile.shortName
        regionName = profile.regionName
        address = profile.address
        phone = profile.phone
        whatsappDisplay = profile.whatsapp?.display
        whatsappLink = profile.whatsapp?.whatsappLink
        email = profile.email
        website = profile.website
        var social: [Link] = []
        if let value = profile.facebook { social.append(Link(href: value, label: "Facebook")) }
        if let value = profile.instagram { social.append(Link(href: value, label: "Instagram")) }
        if let value = profile.twitter { social.append(Link(href: value, label: "X (Twitter)")) }
        if let value = profile.tiktok { social.append(Link(href: value, label: "TikTok")) }
        self.social = social
        laporURL = profile.laporURL
        openingHours = profile.openingHours
        decree = profile.decree
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The language of this request's pages and messages: Bahasa Indonesia unless the visitor chose English.
    var language: Language {
        get { storage[LanguageKey.self] ?? .id }
        set { storage[LanguageKey.self] = newValue }
    }

    /// The text for `key` in this request's language. The upload limits (`{max}`, `{total}`) are filled
    /// everywhere, since several messages mention them.
    func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        let limits = [
            "max": size(aduan.config.maxFileBytes),
            "total": size(aduan.config.maxComplaintBytes),
        ]
        return aduan.catalogue.text(key, language, limits.merging(arguments) { _, given in given })
    }

    /// A file size in this request's language ("9 KB", "1,6 MB").
    func size(_ bytes: Int) -> String {
        ByteCountText.text(bytes, in: language)
    }

    /// Renders `template` inside the layout.
    func page<Content: Encodable & Sendable>(_ template: String, title titleKey: String, _ content: Content, status: HTTPStatus = .ok) async throws -> Response {
        let other: Language = language == .id ? .en : .id
        var components = URLComponents()
        components.path = url.path
        components.queryItems = [URLQueryItem(name: "lang", value: other.rawValue)]
        let page = Page(
            t: aduan.catalogue.tree(language),
            lang: language.rawValue,
            switchLanguage: Link(href: components.string ?? "/?lang=\(other.rawValue)", label: aduan.catalogue.text("language.name", other)),
            office: OfficeView(try await officeSettings().office),
            title: text(titleKey),
            content: content
        )
        let view = try await self.view.render(template, page)
        let response = try await view.encodeResponse(status: status, for: self)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

/// Chooses the language from `?lang=`, remembering the choice in a cookie.
struct LanguageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let asked = (try? request.query.get(String.self, at: "lang")).flatMap(Language.init(rawValue:))
        if let asked {
            request.language = asked
        } else if let saved = request.cookies["lang"].flatMap({ Language(rawValue: $0.string) }) {
            request.language = saved
        }
        let response = try await next.respond(to: request)
        if let asked {
            response.cookies["lang"] = HTTPCookies.Value(
                string: asked.rawValue, maxAge: 365 * 86_400, path: "/",
                isSecure: request.secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

/// Headers that keep pages from being framed, sniffed or leaking tracking codes through the referrer;
/// over HTTPS (or with `ADUAN_SECURE_COOKIES=true`) also HSTS, so that browsers never again ask by plain
/// HTTP, where the cookies would not be protected.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let strictTransportSecurity = "max-age=31536000"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.secureCookies {
            response.headers.replaceOrAdd(name: .strictTransportSecurity, value: Self.strictTransportSecurity)
        }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        // A response that set its own policy keeps it (documents: `sandbox`).
        if !response.headers.contains(name: "Content-Security-Policy") { response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value: "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'") }
        return response
    }
}

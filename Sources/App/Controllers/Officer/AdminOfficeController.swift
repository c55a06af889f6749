import AduanCore
import Fluent
import Vapor

/// The office as the public pages show it, and how long personal data are kept (UU 27/2022). Stored as
/// settings over the configuration's defaults (`OfficeProfileStore`).
struct AdminOfficeController {
    struct OfficeView: Encodable, Sendable {
        let profile: AdminForm
        let retention: AdminForm
        let profileAction: String
        let retentionAction: String
        let done: String?
    }

    typealias Key = OfficeProfileStore.Key

    /// The form's fields: the setting each stores and whether it may stay empty.
    static let fields: [(name: String, key: Key, required: Bool, max: Int)] = [
        ("name", .name, true, 200), ("short_name", .shortName, true, 80), ("address", .address, true, 300),
        ("phone", .phone, false, 40), ("whatsapp", .whatsapp, false, 40), ("email", .email, false, 120),
        ("website", .website, false, 200), ("facebook", .facebook, false, 200), ("instagram", .instagram, false, 200),
        ("twitter", .twitter, false, 200), ("tiktok", .tiktok, false, 200), ("lapor_url", .laporURL, true, 200),
        ("opening_hours", .openingHours, true, 200),
    ]
    static let links: Set<Key> = [.website, .facebook, .instagram, .twitter, .tiktok, .laporURL]

    func show(_ req: Request) async throws -> Response {
        let settings = try await req.officeSettings()
        return try await render(req, profile: AdminForm(values: Self.values(settings.office)),
                                retention: AdminForm(values: ["years": String(settings.retentionYears)]))
    }

    func saveProfile(_ req: Request) async throws -> Response {
        var input = AdminInput(req)
        var values: [Key: String] = [:]
        for field in Self.fields {
            var value = input.text(field.name, max: field.max, required: field.required)
            guard !value.isEmpty else { values[field.key] = value; continue }
            switch field.key {
            case .whatsapp:
                if let phone = try? PhoneNumber(value) { value = phone.value } else { input.fail(field.name, "admin.office.error.whatsapp") }
            case .email:
                if (try? EmailAddress(value)) == nil { input.fail(field.name, "admin.office.error.email") }
            case let key where Self.links.contains(key):
                if !(value.hasPrefix("https://") || value.hasPrefix("http://")) || value.contains(" ") { input.fail(field.name, "admin.office.error.url") }
            default: break
            }
            values[field.key] = value
        }
        guard input.isValid else {
            let settings = try await req.officeSettings()
            return try await render(req, profile: input.form(req), retention: AdminForm(values: ["years": String(settings.retentionYears)]),
                                    status: .unprocessableEntity)
        }
        try await req.officeProfileStore.save(values)
        try await req.audit(.settingsChanged, "office profile saved")
        return req.adminDone(SitePaths.link(SitePaths.adminOffice), .officeSaved)
    }

    func saveRetention(_ req: Request) async throws -> Response {
        var input = AdminInput(req)
        let years = input.number("years", in: OfficeProfileStore.retentionRange, key: "admin.office.error.retention")
        guard input.isValid else {
            let settings = try await req.officeSettings()
            return try await render(req, profile: AdminForm(values: Self.values(settings.office)), retention: input.form(req),
                                    status: .unprocessableEntity)
        }
        try await req.officeProfileStore.save([.retentionYears: String(years)])
        try await req.audit(.settingsChanged, "retention \(years) years")
        return req.adminDone(SitePaths.link(SitePaths.adminOffice), .retentionSaved)
    }

    static func values(_ office: OfficeProfile) -> [String: String] {
        [
            "name": office.name, "short_name": office.shortName, "address": office.address, "phone": office.phone ?? "",
            "whatsapp": office.whatsapp?.display ?? "", "email": office.email ?? "", "website": office.website ?? "",
            "facebook": office.facebook ?? "", "instagram": office.instagram ?? "", "twitter": office.twitter ?? "",
            "tiktok": office.tiktok ?? "", "lapor_url": office.laporURL, "opening_hours": office.openingHours,
        ]
    }

    private func render(_ req: Request, profile: AdminForm, retention: AdminForm, status: HTTPStatus = .ok) async throws -> Response {
        try await req.consolePage("console-admin-office", title: "admin.office.title", OfficeView(
            profile: profile, retention: retention, profileAction: SitePaths.link(SitePaths.adminOffice),
            retentionAction: SitePaths.link(SitePaths.adminRetention), done: req.adminConfirmation), status: status)
    }
}

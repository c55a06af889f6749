import AduanCore
import Fluent
import Foundation

/// The approved WhatsApp template that carries one kind of citizen message outside the 24-hour window:
/// its name and language in WhatsApp Manager, the Aduan placeholders that fill its body's `{{1}}`,
/// `{{2}}` …, and the approved body text (for the admin's preview). One per kind, set by the admin.
final class WhatsAppTemplate: Model, @unchecked Sendable {
    static let schema = "whatsapp_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: CitizenMessageKind
    /// The template's name in WhatsApp Manager (`^[a-z0-9_]{1,512}$`).
    @Field(key: "name") var name: String
    /// Meta's language code of the approved translation (`id`, `en_US`).
    @Field(key: "language") var language: String
    /// The `MessageText` placeholders for `{{1}}`, `{{2}}` …, comma-separated in order ("kode,tautan").
    @Field(key: "parameters") var parameterNames: String
    /// The approved body text as Meta shows it, with `{{1}}`, `{{2}}` ….
    @Field(key: "body") var body: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "updated_by") var updatedBy: String?

    init() {}

    init(kind: CitizenMessageKind, spec: ChatTemplateSpec, at: Date, by: String?) {
        self.kind = kind
        self.updatedAt = at
        self.updatedBy = by
        apply(spec)
    }

    /// The placeholders in order.
    var parameters: [String] { parameterNames.split(separator: ",").map(String.init) }

    var spec: ChatTemplateSpec { ChatTemplateSpec(name: name, language: language, parameters: parameters, body: body) }

    func apply(_ spec: ChatTemplateSpec) {
        name = spec.name
        language = spec.language
        parameterNames = spec.parameters.joined(separator: ",")
        body = spec.body
    }

    /// The texts of the body's parameters, in order, for the Graph API's `components[].parameters`
    /// (`{"type":"text","text":…}` each), from the values `CitizenMessageRenderer.values` gives.
    func parameters(values: [String: String]) -> [String] { spec.parameterValues(values) }

    /// What the citizen reads: the approved body with its parameters filled.
    func preview(values: [String: String]) -> String { spec.preview(values) }
}

/// The admin's WhatsApp templates, as the sender reads them.
struct WhatsAppTemplates {
    let db: any Database

    /// The template for `kind`, or nil when the admin has set none (then the message cannot go out on
    /// WhatsApp outside the 24-hour window).
    func template(for kind: CitizenMessageKind) async throws -> WhatsAppTemplate? {
        try await WhatsAppTemplate.query(on: db).filter(\.$kind == kind).first()
    }

    func all() async throws -> [CitizenMessageKind: WhatsAppTemplate] {
        Dictionary(try await WhatsAppTemplate.query(on: db).all().map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

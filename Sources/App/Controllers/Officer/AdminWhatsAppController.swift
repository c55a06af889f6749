import AduanCore
import Fluent
import Vapor

/// The chat channels as the admin sees them: whether WhatsApp and Facebook/Instagram are on (and which
/// settings are missing), the callback URLs to paste into Meta's dashboard, the last days' messages
/// and the platform's latest errors; and the approved WhatsApp templates that carry each kind of
/// citizen message outside the 24-hour window, with a preview of what the citizen reads.
struct AdminWhatsAppController {
    static let whatsAppVariables = ["ADUAN_WHATSAPP_TOKEN", "ADUAN_WHATSAPP_PHONE_NUMBER_ID", "ADUAN_WHATSAPP_APP_SECRET", "ADUAN_WHATSAPP_VERIFY_TOKEN"]
    static let metaVariables = ["ADUAN_META_PAGE_TOKEN", "ADUAN_META_APP_SECRET", "ADUAN_META_VERIFY_TOKEN"]
    static let countDays = 7
    static let errorLimit = 10

    struct StatusView: Encodable, Sendable {
        struct Fact: Encodable, Sendable {
            let label: String
            let value: String
        }
        struct Channel: Encodable, Sendable {
            let id: String
            let name: String
            let on: Bool
            let text: String
            /// The settings to set (names only, never values); nil when none is missing (Leaf takes an
            /// empty array for true and would print the hint above no names).
            let missing: [String]?
            let facts: [Fact]
        }
        struct ErrorRow: Encodable, Sendable {
            let at: String
            let platform: String
            let error: String
            let link: Link?
        }
        struct TemplateRow: Encodable, Sendable {
            let kind: String
            let name: String?
            let language: String?
            let parameters: String?
            let href: String
        }
        let channels: [Channel]
        let callbacks: [Fact]
        let period: String
        let inbound: Int
        let outbound: Int
        let failed: Int
        let errors: [ErrorRow]
        let hasErrors: Bool
        let templates: [TemplateRow]
        let done: String?
    }

    struct TemplateView: Encodable, Sendable {
        struct Placeholder: Encodable, Sendable {
            let name: String
            let meaning: String
        }
        let kind: String
        let form: AdminForm
        let action: String
        let deleteAction: String?
        let updated: String?
        let backHref: String
        let placeholders: [Placeholder]
        let preview: String?
        let done: String?
    }

    // MARK: The channel's state

    func show(_ req: Request) async throws -> Response {
        let since = req.now.addingTimeInterval(-Double(Self.countDays) * 86_400)
        let counts = try await Self.counts(since: since, on: req.db)
        let errors = try await Self.latestErrors(on: req.db)
        let templates = try await WhatsAppTemplates(db: req.db).all()
        return try await req.consolePage("console-admin-whatsapp", title: "admin.whatsapp.title", Self.status(
            chat: req.aduan.config.chat, publicURL: req.aduan.config.publicURL, counts: counts, errors: errors, templates: templates,
            done: req.adminConfirmation, catalogue: req.aduan.catalogue, language: req.language, dates: req.aduan.dateText))
    }

    struct Counts: Sendable {
        var inbound: Int
        var outbound: Int
        var failed: Int
    }

    static func counts(since: Date, on db: any Database) async throws -> Counts {
        func count(_ filter: (QueryBuilder<ChatMessage>) -> QueryBuilder<ChatMessage>) async throws -> Int {
            try await filter(ChatMessage.query(on: db).filter(\.$createdAt >= since)).count()
        }
        return Counts(
            inbound: try await count { $0.filter(\.$direction == .inbound) },
            outbound: try await count { $0.filter(\.$direction == .outbound) },
            failed: try await count { $0.filter(\.$direction == .outbound).filter(\.$state == .failed) })
    }

    /// The platform's latest refusals, with the complaint's code where the message belongs to one.
    static func latestErrors(on db: any Database) async throws -> [(message: ChatMessage, platform: ChatPlatform?, code: String?)] {
        let messages = try await ChatMessage.query(on: db).filter(\.$direction == .outbound)
            .group(.or) { $0.filter(\.$state == .failed).filter(\.$errorCode != nil) }
            .sort(\.$updatedAt, .descending).limit(errorLimit).all()
        let conversationIDs = Set(messages.map { $0.$conversation.id })
        let complaintIDs = Set(messages.compactMap(\.complaintID))
        let platforms = try await conversationIDs.isEmpty ? [:] : Dictionary(ChatConversation.query(on: db).filter(\.$id ~~ conversationIDs).all()
            .map { ($0.id!, $0.platform) }, uniquingKeysWith: { a, _ in a })
        let codes = try await complaintIDs.isEmpty ? [:] : Dictionary(Complaint.query(on: db).filter(\.$id ~~ complaintIDs).all()
            .map { ($0.id!, $0.trackingCode) }, uniquingKeysWith: { a, _ in a })
        return messages.map { ($0, platforms[$0.$conversation.id], $0.complaintID.flatMap { codes[$0] }) }
    }

    static func status(
        chat: ChatSettings, publicURL: String, counts: Counts, errors: [(message: ChatMessage, platform: ChatPlatform?, code: String?)],
        templates: [CitizenMessageKind: WhatsAppTemplate], done: String?, catalogue: MessageCatalogue, language: Language, dates: DateText
    ) -> StatusView {
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalogue.text(key, language, arguments) }
        let graph = StatusView.Fact(label: text("admin.whatsapp.graph_url"), value: chat.graphURL)
        let whatsapp = StatusView.Channel(
            id: "whatsapp", name: text("message_channel.whatsapp"), on: chat.whatsapp != nil,
            text: text(chat.whatsapp != nil ? "admin.whatsapp.whatsapp_on" : "admin.whatsapp.whatsapp_off"),
            missing: chat.whatsapp == nil ? whatsAppVariables : nil,
            facts: chat.whatsapp.map { [StatusView.Fact(label: text("admin.whatsapp.phone_number_id"), value: $0.phoneNumberID), graph] } ?? [graph])
        let meta = StatusView.Channel(
            id: "meta", name: text("admin.whatsapp.meta_name"), on: chat.meta != nil,
            text: text(chat.meta != nil ? "admin.whatsapp.meta_on" : "admin.whatsapp.meta_off"),
            missing: chat.meta == nil ? metaVariables : nil, facts: [graph])
        return StatusView(
            channels: [whatsapp, meta],
            callbacks: [
                .init(label: text("message_channel.whatsapp"), value: publicURL + SitePaths.link(SitePaths.metaCallbackWhatsApp)),
                .init(label: text("admin.whatsapp.meta_name"), value: publicURL + SitePaths.link(SitePaths.metaCallbackPages)),
            ],
            period: text("admin.whatsapp.period", ["days": String(countDays)]),
            inbound: counts.inbound, outbound: counts.outbound, failed: counts.failed,
            errors: errors.map { row in
                let message = row.message
                let link: Link? = row.code.map { Link(href: SitePaths.consoleComplaint($0), label: CitizenMessageRenderer.displayCode($0)) }
                    ?? Link(href: SitePaths.consoleConversation(message.$conversation.id), label: text("admin.whatsapp.conversation"))
                return StatusView.ErrorRow(
                    at: dates.short(message.updatedAt, in: language),
                    platform: row.platform.map { text($0.messageChannel.messageKey) } ?? "—",
                    error: [message.errorCode.map { text("chat_console.error_code", ["code": String($0)]) }, message.error].compactMap { $0 }.joined(separator: " · "),
                    link: link)
            },
            hasErrors: !errors.isEmpty,
            templates: CitizenMessageKind.allCases.map { kind in
                let template = templates[kind]
                return StatusView.TemplateRow(
                    kind: text(kind.labelKey), name: template?.name, language: template?.language,
                    parameters: template.map { $0.parameters.map { "{\($0)}" }.joined(separator: ", ") }, href: SitePaths.adminWhatsAppTemplate(kind))
            },
            done: done)
    }

    // MARK: The templates

    func template(_ req: Request) async throws -> Response {
        let kind = try target(req)
        let existing = try await WhatsAppTemplates(db: req.db).template(for: kind)
        let values = existing.map { ["name": $0.name, "language": $0.language, "parameters": $0.parameters.joined(separator: ", "), "body": $0.body] }
            ?? ["language": ChatTemplateSpec.defaultLanguage]
        return try await render(req, kind, existing, form: AdminForm(values: values))
    }

    /// "Pratinjau" shows the approved body filled with a sample complaint and saves nothing; "Simpan"
    /// saves it.
    func post(_ req: Request) async throws -> Response {
        let kind = try target(req)
        var input = AdminInput(req)
        let existing = try await WhatsAppTemplates(db: req.db).template(for: kind)
        guard let spec = Self.validate(&input) else {
            return try await render(req, kind, existing, form: input.form(req), status: .unprocessableEntity)
        }
        if input["intent"] == "preview" {
            return try await render(req, kind, existing, form: input.form(req), preview: try await preview(req, kind, spec))
        }
        let by = try req.requireStaff().user.username
        let template = existing ?? WhatsAppTemplate(kind: kind, spec: spec, at: req.now, by: by)
        template.apply(spec)
        template.updatedAt = req.now
        template.updatedBy = by
        try await template.save(on: req.db)
        try await req.audit(.settingsChanged, "whatsapp template saved \(kind.rawValue) \(spec.name) \(spec.language)")
        return req.adminDone(SitePaths.adminWhatsAppTemplate(kind), .whatsAppTemplateSaved)
    }

    func delete(_ req: Request) async throws -> Response {
        let kind = try target(req)
        try await WhatsAppTemplate.query(on: req.db).filter(\.$kind == kind).delete()
        try await req.audit(.settingsChanged, "whatsapp template removed \(kind.rawValue)")
        return req.adminDone(SitePaths.link(SitePaths.adminWhatsApp), .whatsAppTemplateDeleted)
    }

    /// The typed template, when Meta would take it as described: see `ChatTemplateSpec.problems`.
    static func validate(_ input: inout AdminInput) -> ChatTemplateSpec? {
        let name = input.text("name", max: ChatTemplateSpec.nameMaxLength)
        let language = input.text("language", max: 10)
        let body = input.text("body", max: ChatTemplateSpec.bodyMaxLength + 100)
        let spec = ChatTemplateSpec(name: name, language: language, parameters: ChatTemplateSpec.parameterList(input["parameters"]), body: body)
        for (field, problem) in spec.problems(knownPlaceholders: MessageText.placeholders).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            switch problem {
            case .nameInvalid: input.fail(field.rawValue, "admin.whatsapp.error.name")
            case .languageInvalid: input.fail(field.rawValue, "admin.whatsapp.error.language")
            case .unknownParameter(let unknown): input.fail(field.rawValue, "admin.whatsapp.error.unknown_parameter", ["name": unknown])
            case .bodyEmpty: input.fail(field.rawValue, "admin.error.required")
            case .bodyTooLong: input.fail(field.rawValue, "admin.whatsapp.error.body_too_long", ["max": String(ChatTemplateSpec.bodyMaxLength)])
            case .bodyNumbering: input.fail(field.rawValue, "admin.whatsapp.error.body_numbering")
            case .parameterCount(let inBody, let listed):
                input.fail(field.rawValue, "admin.whatsapp.error.parameter_count", ["body": String(inBody), "count": String(listed)])
            }
        }
        return input.isValid ? spec : nil
    }

    /// The body filled as the sender fills it, for a sample complaint of this office.
    private func preview(_ req: Request, _ kind: CitizenMessageKind, _ spec: ChatTemplateSpec) async throws -> String {
        let language: Language = spec.language.hasPrefix("en") ? .en : .id
        let sample = try await PreviewSample.complaint(for: kind, on: req.db, context: req.aduan)
        var values = try await CitizenMessageRenderer(db: req.db, context: req.aduan).values(
            for: sample, event: nil, language: language, link: req.aduan.config.publicURL + "/tautan/contoh",
            linkExpiresAt: req.now.addingTimeInterval(req.aduan.config.jobs.linkLifetime))
        values["pesan"] = req.aduan.catalogue.text("admin.templates.sample.message", language)
        if values["unit"] == nil { values["unit"] = req.aduan.catalogue.text("admin.templates.sample.unit", language) }
        return spec.preview(values)
    }

    private func target(_ req: Request) throws -> CitizenMessageKind {
        guard let kind = req.parameters.get("kind").flatMap(CitizenMessageKind.init(rawValue:)) else { throw Abort(.notFound) }
        return kind
    }

    private func render(
        _ req: Request, _ kind: CitizenMessageKind, _ existing: WhatsAppTemplate?, form: AdminForm, preview: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await req.consolePage("console-admin-whatsapp-template", title: "admin.whatsapp.templates_title", TemplateView(
            kind: req.text(kind.labelKey), form: form, action: SitePaths.adminWhatsAppTemplate(kind),
            deleteAction: existing.map { _ in SitePaths.adminWhatsAppTemplate(kind, SitePaths.adminWhatsAppTemplateDelete) },
            updated: existing.map { req.text("admin.templates.updated", ["at": req.aduan.dateText.long($0.updatedAt, in: req.language), "by": $0.updatedBy ?? "—"]) },
            backHref: SitePaths.link(SitePaths.adminWhatsApp),
            placeholders: MessageText.placeholders.map { TemplateView.Placeholder(name: $0, meaning: req.text("admin.templates.placeholders.\($0)")) },
            preview: preview, done: req.adminConfirmation), status: status)
    }
}

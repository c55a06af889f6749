import AduanCore
import Fluent
import Vapor

/// The wording of the messages to citizens, in Bahasa Indonesia and English: the admin changes it, sees
/// it filled with a sample complaint before saving, and can go back to the catalogue's default.
struct AdminTemplatesController {
    static let subjectMax = 200
    static let bodyMax = 5000

    struct ListView: Encodable, Sendable {
        struct Cell: Encodable, Sendable {
            let language: String
            let subject: String
            let custom: Bool
            let href: String
        }
        struct Row: Encodable, Sendable {
            let kind: String
            let cells: [Cell]
        }
        let rows: [Row]
    }

    struct EditView: Encodable, Sendable {
        struct Placeholder: Encodable, Sendable {
            let name: String
            let meaning: String
        }
        struct Preview: Encodable, Sendable {
            let subject: String
            let text: String
            let html: String
        }
        let kind: String
        let language: String
        let custom: Bool
        let updated: String?
        let form: AdminForm
        let action: String
        let resetAction: String
        let backHref: String
        let defaultSubject: String
        let defaultBody: String
        let placeholders: [Placeholder]
        let preview: Preview?
        let done: String?
    }

    func list(_ req: Request) async throws -> Response {
        let renderer = CitizenMessageRenderer(db: req.db, context: req.aduan)
        let custom = try await MessageTemplate.query(on: req.db).all()
        let rows = CitizenMessageKind.allCases.map { kind in
            ListView.Row(kind: req.text(kind.labelKey), cells: Language.allCases.map { language in
                let own = custom.first { $0.kind == kind && $0.language == language }
                return ListView.Cell(
                    language: req.aduan.catalogue.text("language.name", language),
                    subject: own?.subject ?? renderer.defaultTemplate(kind, language).subject, custom: own != nil,
                    href: SitePaths.adminTemplate(kind, language))
            })
        }
        return try await req.consolePage("console-admin-templates", title: "admin.templates.title", ListView(rows: rows))
    }

    func show(_ req: Request) async throws -> Response {
        let (kind, language) = try target(req)
        let current = try await CitizenMessageRenderer(db: req.db, context: req.aduan).template(kind, language)
        return try await render(req, kind, language, form: AdminForm(values: ["subject": current.subject, "body": current.body]))
    }

    /// "Pratinjau" shows the typed wording filled with a sample and saves nothing; "Simpan" saves it.
    func post(_ req: Request) async throws -> Response {
        let (kind, language) = try target(req)
        var input = AdminInput(req)
        let wording = Self.validate(&input)
        guard input.isValid, let wording else {
            return try await render(req, kind, language, form: input.form(req), status: .unprocessableEntity)
        }
        if input["intent"] == "preview" {
            return try await render(req, kind, language, form: input.form(req), preview: try await preview(req, kind, language, wording))
        }
        try await save(req, kind, language, wording)
        try await req.audit(.settingsChanged, "message template saved \(kind.rawValue) \(language.rawValue)")
        return req.adminDone(SitePaths.adminTemplate(kind, language), .templateSaved)
    }

    func reset(_ req: Request) async throws -> Response {
        let (kind, language) = try target(req)
        try await MessageTemplate.query(on: req.db).filter(\.$kind == kind).filter(\.$language == language).delete()
        try await req.audit(.settingsChanged, "message template reset \(kind.rawValue) \(language.rawValue)")
        return req.adminDone(SitePaths.adminTemplate(kind, language), .templateReset)
    }

    // MARK: Checking and keeping

    /// The typed subject and body, when both can be used: required, short enough, the subject on one
    /// line (it becomes a mail header), and only known placeholders with their braces closed.
    static func validate(_ input: inout AdminInput) -> MessageText? {
        let subject = input.text("subject", max: subjectMax)
        let body = input.text("body", max: bodyMax)
        if subject.contains(where: \.isNewline) { input.fail("subject", "admin.templates.error.subject_line") }
        for (field, value) in [("subject", subject), ("body", body)] {
            switch MessageText.check(value) {
            case .unknownPlaceholder(let name)?: input.fail(field, "admin.templates.error.unknown_placeholder", ["name": name])
            case .unclosedBrace?: input.fail(field, "admin.templates.error.unclosed_brace")
            case .empty?: input.fail(field, "admin.error.required")
            case nil: break
            }
        }
        return input.isValid ? MessageText(subject: subject, body: body) : nil
    }

    private func save(_ req: Request, _ kind: CitizenMessageKind, _ language: Language, _ wording: MessageText) async throws {
        let by = try req.requireStaff().user.username
        let existing = try await MessageTemplate.query(on: req.db).filter(\.$kind == kind).filter(\.$language == language).first()
        let template = existing ?? MessageTemplate(kind: kind, language: language, subject: wording.subject, body: wording.body, at: req.now, by: by)
        template.subject = wording.subject
        template.body = wording.body
        template.updatedAt = req.now
        template.updatedBy = by
        try await template.save(on: req.db)
    }

    // MARK: The preview

    /// The wording filled as `OutboxDelivery` fills it, for a sample complaint of this office: the
    /// subject with its tag, the plain text, and the HTML of the e-mail.
    private func preview(_ req: Request, _ kind: CitizenMessageKind, _ language: Language, _ wording: MessageText) async throws -> EditView.Preview {
        let sample = try await PreviewSample.complaint(for: kind, on: req.db, context: req.aduan)
        let renderer = CitizenMessageRenderer(db: req.db, context: req.aduan)
        let linkExpiresAt = req.now.addingTimeInterval(req.aduan.config.jobs.linkLifetime)
        var values = try await renderer.values(for: sample, event: nil, language: language,
                                               link: req.aduan.config.publicURL + "/tautan/contoh", linkExpiresAt: linkExpiresAt)
        values["pesan"] = req.aduan.catalogue.text("admin.templates.sample.message", language)
        if values["unit"] == nil { values["unit"] = req.aduan.catalogue.text("admin.templates.sample.unit", language) }
        let filled = wording.filled(values)
        let subject = CitizenMessageRenderer.subject(filled.subject, trackingCode: sample.trackingCode)
        let office = try await OfficeProfileStore(db: req.db, config: req.aduan.config).effective().office
        return EditView.Preview(subject: subject, text: filled.body,
                                html: CitizenMessageRenderer.html(filled.body, title: subject, office: office.name))
    }

    // MARK: The page

    private func target(_ req: Request) throws -> (CitizenMessageKind, Language) {
        guard let kind = req.parameters.get("kind").flatMap(CitizenMessageKind.init(rawValue:)),
              let language = req.parameters.get("language").flatMap(Language.init(rawValue:))
        else { throw Abort(.notFound) }
        return (kind, language)
    }

    private func render(
        _ req: Request, _ kind: CitizenMessageKind, _ language: Language, form: AdminForm, preview: EditView.Preview? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let own = try await MessageTemplate.query(on: req.db).filter(\.$kind == kind).filter(\.$language == language).first()
        let updated = own.map { template in
            req.text("admin.templates.updated", [
                "at": req.aduan.dateText.long(template.updatedAt, in: req.language), "by": template.updatedBy ?? "—"])
        }
        let placeholders = MessageText.placeholders.map {
            EditView.Placeholder(name: "{\($0)}", meaning: req.text("admin.templates.placeholders.\($0)"))
        }
        let defaults = CitizenMessageRenderer(db: req.db, context: req.aduan).defaultTemplate(kind, language)
        return try await req.consolePage("console-admin-template", title: "admin.templates.title", EditView(
            kind: req.text(kind.labelKey), language: req.aduan.catalogue.text("language.name", language),
            custom: own != nil, updated: updated, form: form,
            action: SitePaths.adminTemplate(kind, language), resetAction: SitePaths.adminTemplate(kind, language, SitePaths.adminTemplateReset),
            backHref: SitePaths.link(SitePaths.adminTemplates),
            defaultSubject: defaults.subject, defaultBody: defaults.body,
            placeholders: placeholders, preview: preview, done: req.adminConfirmation), status: status)
    }
}

/// The complaint a template's preview is filled with: made up, never saved, in this office's services,
/// units and calendar.
enum PreviewSample {
    /// A code in the displayed form of real ones (its check character is right).
    static let trackingCode = "KXV257FDHXCRQQ"
    static let name = "Siti Rahmawati"

    static func complaint(for kind: CitizenMessageKind, on db: any Database, context: AduanContext) async throws -> Complaint {
        let now = context.clock.now()
        let references = ReferenceRepository(db: db, timeZone: context.config.timeZone)
        let calendar = try await references.calendar()
        let complaint = Complaint()
        complaint.trackingCode = trackingCode
        complaint.reporterName = name
        complaint.serviceCode = try await references.activeServices().first?.id ?? "kk"
        complaint.status = status(for: kind)
        complaint.receivedAt = now
        complaint.firstResponseDueAt = SLAClock(calendar: calendar).deadline(startedAt: now, budget: SLAClock.firstResponseBudget, pauses: [])
            ?? now.addingTimeInterval(SLAClock.firstResponseBudget)
        complaint.unitCode = try await Unit.query(on: db).filter(\.$active == true).sort(\.$name).first()?.id
        if kind == .withdrawalReminder || kind == .infoRequested {
            // Waiting for the citizen since 23 days: the reminder's day, 7 before withdrawal.
            complaint.pausedSince = now.addingTimeInterval(-Double(SLASweep.withdrawAfterDays - 7) * 86_400)
        }
        return complaint
    }

    static func status(for kind: CitizenMessageKind) -> ComplaintStatus {
        switch kind {
        case .receipt: .received
        case .answer, .forwarded, .reopened: .inProgress
        case .infoRequested, .withdrawalReminder: .needsInfo
        case .resolved: .resolved
        case .withdrawn: .withdrawn
        case .rejected: .rejected
        case .closed: .closed
        }
    }
}

import AduanCore
import Fluent
import Vapor

/// One complaint in the console: read it, reveal the NIK (recorded), act on it, open its documents.
struct ConsoleComplaintController {
    struct ActionForm: Content {
        var type: String?
        var message: String?
        var unit: String?
        var service: String?
        var classification: String?
        var merge_into: String?

        /// The page sends multipart/form-data (with the office's files, `OfficeDocuments.field`); a plain
        /// url-encoded form carries no files.
        static func read(_ req: Request) throws -> (ActionForm, [File]) {
            guard req.headers.contentType == .formData else { return (try req.content.decode(ActionForm.self), []) }
            let form = try MultipartForm(request: req)
            let fields = ActionForm(
                type: form.text("type"), message: form.text("message"), unit: form.text("unit"), service: form.text("service"),
                classification: form.text("classification"), merge_into: form.text("merge_into"))
            return (fields, form.files(OfficeDocuments.field))
        }
    }

    func show(_ req: Request) async throws -> Response {
        let (staff, complaint) = try await load(req)
        try await audit(req, staff, complaint, .complaintViewed, detail: nil)
        let notice = (try? req.query.get(String.self, at: "ok")).flatMap(ComplaintAction.init(rawValue:))
            .map { req.text("console.action.done", ["action": req.text("console.action.\($0.rawValue)")]) }
        return try await render(req, staff, complaint, revealed: false, notice: notice)
    }

    func reveal(_ req: Request) async throws -> Response {
        let (staff, complaint) = try await load(req)
        guard staff.policy.canSeeIdentity(confidential: complaint.confidential) else { throw Abort(.forbidden) }
        try await audit(req, staff, complaint, .identityRevealed, detail: "nik")
        return try await render(req, staff, complaint, revealed: true)
    }

    func act(_ req: Request) async throws -> Response {
        let (staff, complaint) = try await load(req)
        let (form, files) = try ActionForm.read(req)
        guard let type = form.type.flatMap(ComplaintAction.init(rawValue:)) else { throw Abort(.badRequest) }
        var action = OfficerAction(
            type: type, message: form.message, unitCode: form.unit?.nilIfEmpty, serviceCode: form.service?.nilIfEmpty,
            classification: form.classification.flatMap(Classification.init(rawValue:)), mergeInto: form.merge_into?.nilIfEmpty)
        switch try await OfficeDocuments.take(files, for: type, on: req) {
        case .success(let uploads):
            action.uploads = uploads
        case .failure(let refusal):
            return try await render(req, staff, complaint, revealed: false, error: req.text(refusal.messageKey),
                                    typed: form.message ?? "", status: .unprocessableEntity)
        }
        do {
            try await ComplaintActions(db: req.db, context: req.aduan, logger: req.logger).perform(action, on: complaint, by: staff.user)
            return req.redirect(to: SitePaths.consoleComplaint(complaint.trackingCode) + "?ok=\(type.rawValue)")
        } catch let failure as ComplaintActions.Failure {
            return try await render(req, staff, complaint, revealed: false, error: req.text(failure.messageKey),
                                    typed: form.message ?? "", status: failure == .notVisible ? .notFound : .unprocessableEntity)
        } catch let error as LifecycleError {
            let status: HTTPStatus = if case .notAllowedForRole = error { .forbidden } else { .conflict }
            return try await render(req, staff, complaint, revealed: false, error: req.text(error.messageKey), typed: form.message ?? "", status: status)
        }
    }

    func document(_ req: Request) async throws -> Response {
        let (staff, complaint) = try await load(req)
        let identity = staff.policy.canSeeIdentity(confidential: complaint.confidential)
        return try await DocumentResponder.respond(
            req, complaint: complaint, documentID: req.parameters.get("document"), viewer: staff.actor, user: staff.user,
            allowed: { identity || !StaffComplaintView.isIdentityDocument($0) })
    }

    /// The complaint of the path, if this person may see it; a unit's staff get 404 for other units'.
    private func load(_ req: Request) async throws -> (StaffContext, Complaint) {
        let staff = try req.requireStaff()
        guard let complaint = try await ComplaintSnapshot.find(code: req.parameters.get("code") ?? "", on: req.db),
              staff.policy.canSee(forwardedTo: complaint.unitCode)
        else { throw Abort(.notFound, reason: "complaint.not_found") }
        return (staff, complaint)
    }

    private func render(
        _ req: Request, _ staff: StaffContext, _ complaint: Complaint, revealed: Bool, notice: String? = nil,
        error: String? = nil, typed: String = "", status: HTTPStatus = .ok
    ) async throws -> Response {
        let view = try await StaffComplaintView.make(complaint, for: req, staff: staff, revealed: revealed, notice: notice, error: error, typedMessage: typed)
        return try await req.consolePage("console-complaint", title: "console.complaint.title", view, status: status)
    }

    private func audit(_ req: Request, _ staff: StaffContext, _ complaint: Complaint, _ action: AuditEntry.Action, detail: String?) async throws {
        try await AuditLog(db: req.db, context: req.aduan)
            .record(action, by: staff, at: req.now, detail: detail, complaintID: complaint.id, address: req.clientAddress)
    }
}

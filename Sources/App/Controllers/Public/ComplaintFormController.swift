import AduanCore
import Vapor

/// The citizen files a complaint: the form, its submission, and the receipt (bukti pengaduan).
struct ComplaintFormController {
    func form(_ req: Request) async throws -> Response {
        let view = try await ComplaintFormView.make(for: req, input: nil, errors: FieldErrors(), draftToken: nil, kept: [])
        return try await req.page("complaint-form", title: "form.title", view)
    }

    func submit(_ req: Request) async throws -> Response {
        try await req.countAgainstRateLimit(.filing)
        try await req.collectBody(max: req.aduan.config.maxUploadRequestBytes)
        let form = try MultipartForm(request: req)
        let service = ComplaintService(db: req.db, context: req.aduan, logger: req.logger)
        let draftToken = form.text("draft").flatMap(Self.validDraftToken)
        let kept = try await service.draftFiles(draftToken)

        let intake = try await ComplaintIntake(request: req, form: form, kept: kept, requireEmail: req.aduan.config.emailRequired)
        switch intake.result {
        case .success(let submission):
            let uploads = intake.uploads.accepted
            let complaint = try await service.file(submission, channel: .web, uploads: uploads, draftToken: draftToken, address: req.clientAddress, language: req.language)
            return req.redirect(to: SitePaths.receipt(complaint.trackingCode), redirectType: .normal)
        case .failure(let errors):
            // Files that passed their checks are kept, so nobody chooses them again for another field's mistake.
            let token = draftToken ?? SecretToken.random()
            try await service.keepDraft(intake.uploads.accepted, token: token)
            let nowKept = try await service.draftFiles(token)
            let view = try await ComplaintFormView.make(for: req, input: intake.input, errors: errors, draftToken: token, kept: nowKept)
            return try await req.page("complaint-form", title: "form.title", view, status: .unprocessableEntity)
        }
    }

    func receipt(_ req: Request) async throws -> Response {
        guard let complaint = try await ComplaintSnapshot.find(code: req.parameters.get("code") ?? "", on: req.db) else {
            throw Abort(.notFound)
        }
        let snapshot = try await ComplaintSnapshot.load(complaint, on: req.db)
        return try await req.page("receipt", title: "receipt.title", ReceiptView(snapshot, for: req))
    }

    /// Draft tokens are the 43 characters of `SecretToken.random()`; anything else is ignored.
    static func validDraftToken(_ raw: String) -> String? {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return raw.count == 43 && raw.allSatisfy(allowed.contains) ? raw : nil
    }
}

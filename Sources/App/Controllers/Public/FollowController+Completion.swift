import AduanCore
import Vapor

extension FollowController {
    /// The citizen completes what the standard still asks of the complaint (NIK, KK number, phone, the
    /// photos of the KK and the KTP-el, consent) — after the second proof or the one-time link.
    func complete(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        guard let validUntil = try await CitizenAccess(db: req.db, context: req.aduan).validUntil(req.cookies[Self.accessCookie]?.string, for: complaint) else {
            return try await render(req, complaint, FollowView.Options(proofError: req.text("follow.proof.needed")), status: .forbidden)
        }
        try await req.countAgainstRateLimit(.reply)
        try await req.collectBody(max: req.aduan.config.maxUploadRequestBytes)
        let form = try MultipartForm(request: req)
        let snapshot = try await ComplaintSnapshot.load(complaint, on: req.db)
        let missing = ComplaintService.missing(complaint, attachments: snapshot.attachments)
        let values = ["nik": form.text("nik") ?? "", "kk_number": form.text("kk_number") ?? "", "phone": form.text("phone") ?? ""]
        var photos: [(SubmissionField, AttachmentKind, File)] = []
        if missing.contains(.kkPhoto), let file = form.files("kk_photo").first { photos.append((.kkPhoto, .kkPhoto, file)) }
        if missing.contains(.ktpPhoto), let file = form.files("ktp_photo").first { photos.append((.ktpPhoto, .ktpPhoto, file)) }
        let uploads = try await UploadIntake(context: req.aduan, threadPool: req.application.threadPool).take(photos)
        let today = try await ReferenceRepository(db: req.db, timeZone: req.aduan.config.timeZone).calendar().civilDate(of: req.now)
        let input = ComplaintCompletionInput(
            nik: values["nik"], kkNumber: values["kk_number"], phone: values["phone"],
            hasKKPhoto: uploads.accepted.contains { $0.kind == .kkPhoto }, hasKTPPhoto: uploads.accepted.contains { $0.kind == .ktpPhoto },
            consent: form.text("consent") == "true")
        var errors = uploads.errors
        let result = ComplaintCompletion.validate(input, missing: missing, needsConsent: complaint.consentAt == nil, today: today)
        if case .failure(let found) = result { errors.merge(found) }
        guard errors.isEmpty, case .success(let completion) = result else {
            var messages: [String: String] = [:]
            for (field, key) in errors.messages { messages[field.rawValue] = req.text(key) }
            return try await render(req, complaint, FollowView.Options(
                hasAccess: true, accessUntil: validUntil, completionErrors: messages, completionValues: values), status: .unprocessableEntity)
        }
        do {
            try await ComplaintService(db: req.db, context: req.aduan, logger: req.logger)
                .complete(complaint, with: completion, uploads: uploads.accepted, address: req.clientAddress)
        } catch let error as LifecycleError {
            return try await render(req, complaint, FollowView.Options(
                hasAccess: true, accessUntil: validUntil, completionErrors: ["form": req.text(error.messageKey)], completionValues: values), status: .conflict)
        }
        return req.redirect(to: SitePaths.follow(complaint.trackingCode) + "?ok=lengkap")
    }
}

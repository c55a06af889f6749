import AduanCore
import Vapor

/// Reads a new complaint from a multipart body (web form or API): the fields, checked by AduanCore's
/// rules, and the files, checked by their content and stored. Every problem is collected.
struct ComplaintIntake {
    let input: ComplaintSubmissionInput
    let uploads: UploadIntake.Outcome
    let result: Result<ValidComplaintSubmission, FieldErrors>

    /// - Parameters:
    ///   - kept: files accepted on an earlier try of the same form (drafts).
    ///   - requireEmail: the citizen's own intake (web form, citizen API) passes `AppConfig.emailRequired`;
    ///     officers' entries leave it false.
    init(
        request req: Request, form: MultipartForm, kept: [Attachment] = [], optionalFields: Set<SubmissionField> = [],
        requireEmail: Bool = false
    ) async throws {
        let kkFile = form.files("kk_photo").last
        let ktpFile = form.files("ktp_photo").last
        var files: [(SubmissionField, AttachmentKind, File)] = []
        if let kkFile { files.append((.kkPhoto, .kkPhoto, kkFile)) }
        if let ktpFile { files.append((.ktpPhoto, .ktpPhoto, ktpFile)) }
        files += form.files("documents").map { (.documents, .document, $0) }

        // A newly chosen photo replaces the kept one, so the kept one no longer counts towards the limit.
        let stillKept = kept.filter { ($0.kind != .kkPhoto || kkFile == nil) && ($0.kind != .ktpPhoto || ktpFile == nil) }
        let uploads = try await UploadIntake(context: req.aduan, threadPool: req.application.threadPool).take(
            files,
            alreadyKeptBytes: stillKept.reduce(0) { $0 + $1.size },
            alreadyKeptDocuments: stillKept.filter { $0.kind == .document }.count)

        func has(_ kind: AttachmentKind) -> Bool {
            uploads.accepted.contains { $0.kind == kind } || stillKept.contains { $0.kind == kind }
        }
        let input = ComplaintSubmissionInput(
            name: form.text("name"), nik: form.text("nik"), kkNumber: form.text("kk_number"), phone: form.text("phone"),
            email: form.text("email"), service: form.text("service"), classification: form.text("classification"),
            district: form.text("district"), nagari: form.text("nagari"), description: form.text("description"),
            confidential: form.flag("confidential"), consent: form.flag("consent"),
            hasKKPhoto: has(.kkPhoto), hasKTPPhoto: has(.ktpPhoto))

        let rules = try await ReferenceRepository(db: req.db, timeZone: req.aduan.config.timeZone)
            .submissionRules(regencyCode: req.aduan.config.office.regencyCode, now: req.now, optionalFields: optionalFields, requireEmail: requireEmail)
        var result = ComplaintSubmission.validate(input, rules: rules)
        if !uploads.errors.isEmpty {
            var errors = uploads.errors
            if case .failure(let fieldErrors) = result { errors.merge(fieldErrors) }
            result = .failure(errors)
        }
        self.input = input
        self.uploads = uploads
        self.result = result
    }
}

import AduanCore
import Fluent
import Vapor

/// The citizen follows a complaint: by its code alone (status only), then with the second proof
/// (the conversation, the documents, a reply).
struct FollowController {
    static let accessCookie = "aduan_akses"

    struct LookupQuery: Content {
        var code: String?
    }

    struct ProofForm: Content {
        var proof: String?
    }

    func lookup(_ req: Request) async throws -> Response {
        let query = try req.query.decode(LookupQuery.self)
        guard let raw = query.code?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            return try await req.page("lookup", title: "lookup.title", LookupView(action: SitePaths.link(SitePaths.followLookup), code: "", error: nil))
        }
        do {
            let code = try TrackingCode(raw)
            return req.redirect(to: SitePaths.follow(code.value))
        } catch {
            let view = LookupView(action: SitePaths.link(SitePaths.followLookup), code: raw, error: req.text(error.messageKey))
            return try await req.page("lookup", title: "lookup.title", view, status: .unprocessableEntity)
        }
    }

    func show(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        let token = req.cookies[Self.accessCookie]?.string
        let access = CitizenAccess(db: req.db, context: req.aduan)
        let validUntil = try await access.validUntil(token, for: complaint)
        let notice = (try? req.query.get(String.self, at: "ok")).map { req.text("follow.notice.\(["akses": "access", "lengkap": "completed"][$0] ?? "sent")") }
        return try await render(req, complaint, FollowView.Options(
            hasAccess: validUntil != nil, accessUntil: validUntil, notice: validUntil != nil ? notice : nil))
    }

    func prove(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        let proof = try req.content.decode(ProofForm.self).proof ?? ""
        let access = CitizenAccess(db: req.db, context: req.aduan)
        do {
            let grant = try await access.grant(complaint, proof: proof, address: req.clientAddress)
            let response = req.redirect(to: SitePaths.follow(complaint.trackingCode) + "?ok=akses")
            response.cookies[Self.accessCookie] = HTTPCookies.Value(
                string: grant.token, expires: grant.expiresAt, path: SitePaths.follow(complaint.trackingCode),
                isSecure: req.secureCookies, isHTTPOnly: true, sameSite: .strict)
            return response
        } catch CitizenAccess.Failure.wrongProof {
            let message = req.text(proof.trimmingCharacters(in: .whitespaces).isEmpty ? "follow.proof.empty" : "follow.proof.wrong")
            return try await render(req, complaint, FollowView.Options(proofError: message, proofValue: proof), status: .forbidden)
        } catch CitizenAccess.Failure.throttled(let until) {
            let message = req.text("follow.proof.throttled", ["time": req.aduan.dateText.long(until, in: req.language)])
            let response = try await render(req, complaint, FollowView.Options(proofError: message, proofValue: proof), status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(until.timeIntervalSince(req.now).rounded(.up))))
            return response
        }
    }

    func signOut(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        try await CitizenAccess(db: req.db, context: req.aduan).revoke(req.cookies[Self.accessCookie]?.string)
        let response = req.redirect(to: SitePaths.follow(complaint.trackingCode))
        response.cookies[Self.accessCookie] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), path: SitePaths.follow(complaint.trackingCode),
            isSecure: req.secureCookies, isHTTPOnly: true)
        return response
    }

    func reply(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        guard let validUntil = try await CitizenAccess(db: req.db, context: req.aduan).validUntil(req.cookies[Self.accessCookie]?.string, for: complaint) else {
            return try await render(req, complaint, FollowView.Options(proofError: req.text("follow.proof.needed")), status: .forbidden)
        }
        try await req.countAgainstRateLimit(.reply)
        try await req.collectBody(max: req.aduan.config.maxUploadRequestBytes)
        let form = try MultipartForm(request: req)
        let message = form.text("message")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let outcome = try await UploadIntake(context: req.aduan, threadPool: req.application.threadPool)
            .take(form.files("documents").map { (.documents, .document, $0) })
        var errors = outcome.errors
        if message.isEmpty && outcome.accepted.isEmpty && errors.isEmpty { errors.add(.description, "reply.empty") }
        if message.count > SubmissionRules.descriptionLength.upperBound { errors.add(.description, "validation.description.too_long") }
        let service = ComplaintService(db: req.db, context: req.aduan, logger: req.logger)
        guard errors.isEmpty else {
            return try await render(req, complaint, Self.replyFailure(errors, message: message, until: validUntil, req), status: .unprocessableEntity)
        }
        do {
            try await service.addCitizenMessage(complaint, message: message.isEmpty ? nil : message, uploads: outcome.accepted, address: req.clientAddress)
        } catch let error as LifecycleError {
            var errors = FieldErrors()
            errors.add(.description, error.messageKey)
            return try await render(req, complaint, Self.replyFailure(errors, message: message, until: validUntil, req), status: .conflict)
        }
        return req.redirect(to: SitePaths.follow(complaint.trackingCode) + "?ok=terkirim#percakapan")
    }

    func document(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        guard try await CitizenAccess(db: req.db, context: req.aduan).isValid(req.cookies[Self.accessCookie]?.string, for: complaint) else {
            throw Abort(.forbidden)
        }
        return try await DocumentResponder.respondToCitizen(req, complaint: complaint, documentID: req.parameters.get("document"))
    }

    private static func replyFailure(_ errors: FieldErrors, message: String, until: Date, _ req: Request) -> FollowView.Options {
        var replyErrors: [String: String] = [:]
        for (field, key) in errors.messages {
            replyErrors[field == .description ? "message" : "documents"] = req.text(key)
        }
        return FollowView.Options(hasAccess: true, accessUntil: until, replyErrors: replyErrors, replyMessage: message)
    }

    func find(_ req: Request) async throws -> Complaint {
        guard let complaint = try await ComplaintSnapshot.find(code: req.parameters.get("code") ?? "", on: req.db) else {
            throw Abort(.notFound, reason: "complaint.not_found")
        }
        return complaint
    }

    func render(_ req: Request, _ complaint: Complaint, _ options: FollowView.Options, status: HTTPStatus = .ok) async throws -> Response {
        let snapshot = try await ComplaintSnapshot.load(complaint, on: req.db)
        var options = options
        options.officeName = try await req.officeSettings().office.shortName
        return try await req.page("follow", title: "follow.title", FollowView(snapshot, for: req, options: options), status: status)
    }
}

/// Sends a stored document to someone allowed to see it, recording the view (UU 27/2022).
enum DocumentResponder {
    /// - Parameters:
    ///   - user: the officer who looks, recorded in the audit; nil for the citizen.
    ///   - allowed: whether this person may see the file at all; a refused one answers 404 like a missing one.
    static func respond(_ req: Request, complaint: Complaint, documentID: String?, viewer: ActorRole, user: User? = nil,
                        allowed: (Attachment) -> Bool = { _ in true }) async throws -> Response {
        guard let id = documentID.flatMap(UUID.init(uuidString:)),
              let attachment = try await Attachment.find(id, on: req.db),
              attachment.$complaint.id == complaint.id, allowed(attachment)
        else { throw Abort(.notFound) }
        let store = req.aduan.store
        let data = try await req.application.threadPool.runIfActive { try store.read(attachment.sha256) }
        let entry = AuditEntry(
            at: req.now, actorRole: viewer, actorName: user?.username ?? (viewer == .citizen ? complaint.reporterName : viewer.rawValue),
            action: auditAction(viewer: viewer, attachment), complaintID: complaint.id, detail: attachment.id?.uuidString,
            address: req.clientAddress)
        entry.actorUserID = user?.id
        try await entry.create(on: req.db)
        return Response(status: .ok, headers: headers(for: attachment), body: .init(data: data))
    }

    /// The citizen's side (follow page and citizen API, after the second proof): never a file of an
    /// internal event, whatever the link says, since the citizen never sees those events.
    static func respondToCitizen(_ req: Request, complaint: Complaint, documentID: String?) async throws -> Response {
        let internalEvents = Set(try await ComplaintEvent.query(on: req.db)
            .filter(\.$complaint.$id == complaint.requireID()).filter(\.$visibility == .internal).all(\.$id))
        return try await respond(req, complaint: complaint, documentID: documentID, viewer: .citizen, allowed: { attachment in
            attachment.$event.id.map { !internalEvents.contains($0) } ?? true
        })
    }

    /// A document of the office reaching the citizen is recorded as a download, the proof that the product
    /// of the service was handed over; every other look at a file, by anyone, is a view.
    static func auditAction(viewer: ActorRole, _ attachment: Attachment) -> AuditEntry.Action {
        viewer == .citizen && attachment.kind == .officeDocument ? .documentDownloaded : .documentViewed
    }

    /// Uploaded files are the public's bytes served from the application's own origin. Only JPEG and PNG
    /// photos open in the page (the viewer shows them); everything else, PDFs included, is downloaded.
    /// `sandbox` gives a file opened anyway no script and no origin; CORP keeps other sites from
    /// embedding it; `nosniff` keeps the browser to the declared type.
    static func headers(for attachment: Attachment) -> HTTPHeaders {
        let kind: ContentDisposition.Kind = [.jpeg, .png].contains(attachment.contentType) ? .inline : .attachment
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: attachment.contentType.mimeType)
        headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.header(kind, filename: attachment.originalName))
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
        headers.replaceOrAdd(name: "Cross-Origin-Resource-Policy", value: "same-origin")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return headers
    }
}

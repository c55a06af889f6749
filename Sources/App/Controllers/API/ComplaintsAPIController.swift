import AduanCore
import Vapor

/// /api/v1/complaints: the citizen's side of the API.
struct ComplaintsAPIController {
    func create(_ req: Request) async throws -> Response {
        try await req.countAgainstRateLimit(.filing)
        try await req.collectBody(max: req.aduan.config.maxUploadRequestBytes)
        let form = try MultipartForm(request: req)
        // The citizen's own filing, like the web form: the same rule for the e-mail address, so that the
        // API is no way around it and answers and documents can reach the citizen.
        let intake = try await ComplaintIntake(request: req, form: form, requireEmail: req.aduan.config.emailRequired)
        switch intake.result {
        case .failure(let errors):
            if errors.messages.values.contains("upload.total_too_large") {
                return try await APIError.response(req, .payloadTooLarge, code: "payload_too_large", messageKey: "upload.total_too_large", fields: errors)
            }
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed", fields: errors)
        case .success(let submission):
            let service = ComplaintService(db: req.db, context: req.aduan, logger: req.logger)
            let complaint = try await service.file(submission, channel: .api, uploads: intake.uploads.accepted, draftToken: nil, address: req.clientAddress, language: req.language)
            let time = ISOTime(timeZone: req.aduan.config.timeZone)
            let body = APIDTO.ComplaintCreated(
                trackingCode: complaint.trackingCode, status: complaint.status.rawValue,
                receivedAt: time.string(complaint.receivedAt), firstResponseDueAt: time.string(complaint.firstResponseDueAt))
            let response = try await body.encodeResponse(status: .created, for: req)
            response.headers.replaceOrAdd(name: .location, value: SitePaths.link(SitePaths.api + ["complaints", .constant(complaint.trackingCode)]))
            return response
        }
    }

    func show(_ req: Request) async throws -> APIDTO.Complaint {
        let complaint = try await find(req)
        let hasAccess: Bool
        if let bearer = req.headers.bearerAuthorization {
            hasAccess = try await CitizenAccess(db: req.db, context: req.aduan).isValid(bearer.token, for: complaint)
            guard hasAccess else { throw Abort(.unauthorized, reason: "api.token_invalid") }
        } else {
            hasAccess = false
        }
        let snapshot = try await ComplaintSnapshot.load(complaint, on: req.db)
        return Self.dto(snapshot, withPrivate: hasAccess, req)
    }

    func access(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        let body = try? req.content.decode(APIDTO.AccessRequest.self)
        guard let proof = body?.proof, !proof.trimmingCharacters(in: .whitespaces).isEmpty else {
            var fields = FieldErrors()
            fields.add(.phone, "follow.proof.empty")
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "follow.proof.empty", fieldNames: ["proof": "follow.proof.empty"])
        }
        do {
            let grant = try await CitizenAccess(db: req.db, context: req.aduan).grant(complaint, proof: proof, address: req.clientAddress)
            let time = ISOTime(timeZone: req.aduan.config.timeZone)
            return try await APIDTO.AccessGranted(accessToken: grant.token, tokenType: "Bearer", expiresAt: time.string(grant.expiresAt))
                .encodeResponse(status: .ok, for: req)
        } catch CitizenAccess.Failure.wrongProof {
            return try await APIError.response(req, .forbidden, code: "wrong_proof", messageKey: "follow.proof.wrong")
        } catch CitizenAccess.Failure.throttled(let until) {
            let response = try await APIError.response(
                req, .tooManyRequests, code: "too_many_attempts", messageKey: "follow.proof.throttled",
                arguments: ["time": req.aduan.dateText.long(until, in: req.language)])
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(until.timeIntervalSince(req.now).rounded(.up))))
            return response
        }
    }

    func addMessage(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        try await requireAccess(req, complaint)
        try await req.countAgainstRateLimit(.reply)
        try await req.collectBody(max: req.aduan.config.maxUploadRequestBytes)
        let form = try MultipartForm(request: req)
        let message = form.text("message")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let outcome = try await UploadIntake(context: req.aduan, threadPool: req.application.threadPool)
            .take(form.files("documents").map { (.documents, .document, $0) })
        var fields: [String: String] = [:]
        for (_, key) in outcome.errors.messages { fields["documents"] = key }
        if message.isEmpty && outcome.accepted.isEmpty && fields.isEmpty { fields["message"] = "reply.empty" }
        if message.count > SubmissionRules.descriptionLength.upperBound { fields["message"] = "validation.description.too_long" }
        guard fields.isEmpty else {
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed", fieldNames: fields)
        }
        let service = ComplaintService(db: req.db, context: req.aduan, logger: req.logger)
        do {
            let event = try await service.addCitizenMessage(complaint, message: message.isEmpty ? nil : message, uploads: outcome.accepted, address: req.clientAddress)
            let snapshot = try await ComplaintSnapshot.load(complaint, on: req.db)
            let dto = Self.dto(snapshot, withPrivate: true, req)
            let created = dto.conversation?.first { $0.id == event.id } ?? APIDTO.Message(
                id: event.id!, at: ISOTime(timeZone: req.aduan.config.timeZone).string(event.createdAt), author: "citizen",
                type: event.action.rawValue, message: event.message, documents: [])
            return try await created.encodeResponse(status: .created, for: req)
        } catch let error as LifecycleError {
            return try await APIError.response(req, .conflict, code: "not_allowed", messageKey: error.messageKey)
        }
    }

    func document(_ req: Request) async throws -> Response {
        let complaint = try await find(req)
        try await requireAccess(req, complaint)
        return try await DocumentResponder.respondToCitizen(req, complaint: complaint, documentID: req.parameters.get("document"))
    }

    func services(_ req: Request) async throws -> APIDTO.ServiceList {
        let services = try await ReferenceRepository(db: req.db, timeZone: req.aduan.config.timeZone).activeServices()
        return APIDTO.ServiceList(services: services.map {
            APIDTO.ServiceItem(code: $0.id!, name: $0.nameID, nameEn: $0.nameEN, resolutionDays: $0.resolutionDays)
        })
    }

    private func requireAccess(_ req: Request, _ complaint: Complaint) async throws {
        guard let bearer = req.headers.bearerAuthorization else { throw Abort(.unauthorized, reason: "api.token_missing") }
        guard try await CitizenAccess(db: req.db, context: req.aduan).isValid(bearer.token, for: complaint) else {
            throw Abort(.unauthorized, reason: "api.token_invalid")
        }
    }

    private func find(_ req: Request) async throws -> Complaint {
        guard let complaint = try await ComplaintSnapshot.find(code: req.parameters.get("code") ?? "", on: req.db) else {
            throw Abort(.notFound, reason: "complaint.not_found")
        }
        return complaint
    }

    static func dto(_ snapshot: ComplaintSnapshot, withPrivate: Bool, _ req: Request) -> APIDTO.Complaint {
        let complaint = snapshot.complaint
        let texts = ComplaintTexts(request: req)
        let time = ISOTime(timeZone: req.aduan.config.timeZone)
        let deadline = snapshot.deadline
        var dto = APIDTO.Complaint(
            trackingCode: complaint.trackingCode, status: complaint.status.rawValue, statusLabel: texts.status(complaint.status),
            service: APIDTO.ServiceRef(code: complaint.serviceCode, name: texts.serviceName(snapshot)),
            classification: complaint.classification.rawValue,
            receivedAt: time.string(complaint.receivedAt), firstResponseDueAt: time.string(complaint.firstResponseDueAt),
            deadline: APIDTO.Deadline(kind: deadline.kind.rawValue, dueAt: deadline.dueAt.map(time.string)),
            timeline: snapshot.publicEvents.map {
                APIDTO.TimelineEntry(at: time.string($0.createdAt), type: $0.action.rawValue, status: $0.toStatus.rawValue, label: texts.event($0))
            })
        guard withPrivate else { return dto }
        dto.conversation = snapshot.publicEvents.map { event in
            APIDTO.Message(
                id: event.id!, at: time.string(event.createdAt), author: event.actorRole == .citizen ? "citizen" : "office",
                type: event.action.rawValue,
                message: event.action == .submit ? complaint.description : (event.action.messageIsForCitizen ? event.message : nil),
                documents: snapshot.attachments.filter { $0.$event.id == event.id }.compactMap(\.id))
        }
        dto.documents = snapshot.attachments.map {
            APIDTO.Document(
                id: $0.id!, kind: $0.kind.rawValue, name: $0.originalName, contentType: $0.contentType.mimeType, size: $0.size,
                uploadedAt: time.string($0.createdAt), uploadedBy: $0.uploadedBy == .citizen ? "citizen" : "office",
                url: SitePaths.apiDocument(complaint.trackingCode, $0.id!))
        }
        return dto
    }
}

/// API errors in one shape: `{"error": {"code", "message", "fields"}}`, messages in the request's language.
enum APIError {
    static func response(
        _ req: Request, _ status: HTTPStatus, code: String, messageKey: String, arguments: [String: String] = [:],
        fields: FieldErrors? = nil, fieldNames: [String: String]? = nil
    ) async throws -> Response {
        var fieldMessages: [String: String]?
        if let fields {
            fieldMessages = Dictionary(uniqueKeysWithValues: fields.messages.map { ($0.key.rawValue, req.text($0.value)) })
        } else if let fieldNames {
            fieldMessages = fieldNames.mapValues { req.text($0) }
        }
        let body = APIDTO.ErrorBody(error: .init(code: code, message: req.text(messageKey, arguments), fields: fieldMessages))
        return try await body.encodeResponse(status: status, for: req)
    }
}

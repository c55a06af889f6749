import AduanCore
import Fluent
import Vapor

/// /api/v1/staff/complaints: the queue, a complaint, the officers' actions, and complaints entered on a
/// citizen's behalf. Who may see and do what is decided by `StaffAccessPolicy` and `Lifecycle`, as in the
/// console.
struct StaffComplaintsAPIController {
    /// The `type` values of POST …/events and the actions they take.
    static let eventTypes: [String: ComplaintAction] = Dictionary(uniqueKeysWithValues: [
        ComplaintAction.reply, .requestInfo, .note, .forward, .resolve, .reject, .reopen, .changeService, .merge,
    ].map { ($0.rawValue, $0) })

    func queue(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let parsed = StaffQueueQuery(req)
        guard parsed.errors.isEmpty else {
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed", fieldNames: parsed.errors)
        }
        let page = try await ComplaintQueue(db: req.db, context: req.aduan)
            .page(filter: parsed.filter, cursor: parsed.cursor, limit: parsed.limit, viewer: staff.policy)
        let time = ISOTime(timeZone: req.aduan.config.timeZone)
        return try await APIDTO.QueuePage(items: page.items.map { Self.dto($0, time) }, nextCursor: page.next?.token)
            .encodeResponse(for: req)
    }

    func show(_ req: Request) async throws -> APIDTO.StaffComplaint {
        let staff = try req.requireStaff()
        let complaint = try await Self.visibleComplaint(req, staff)
        // Like the console's "show NIK" button: asked for explicitly, allowed by the policy, recorded.
        let reveal = (try? req.query.get(String.self, at: "reveal")) == "identity"
        if reveal && !staff.policy.canSeeIdentity(confidential: complaint.confidential) { throw Abort(.forbidden) }
        let dto = try await StaffComplaintPresenter(req: req, staff: staff).dto(complaint, reveal: reveal)
        let log = AuditLog(db: req.db, context: req.aduan)
        try await log.record(.complaintViewed, by: staff, at: req.now, detail: "api", complaintID: complaint.id, address: req.clientAddress)
        if reveal {
            try await log.record(.identityRevealed, by: staff, at: req.now, detail: "api", complaintID: complaint.id, address: req.clientAddress)
        }
        return dto
    }

    /// JSON, or multipart/form-data with the office's files in `documents` (a reply, a request for
    /// information or the resolution). The body is read only once the token and the complaint's visibility
    /// are checked, up to the upload limit for multipart and Vapor's default for JSON.
    func addEvent(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let complaint = try await Self.visibleComplaint(req, staff)
        let multipart = req.headers.contentType == .formData
        try await req.collectBody(max: multipart ? req.aduan.config.maxUploadRequestBytes : req.application.routes.defaultMaxBodySize.value)
        var files: [File] = []
        let decoded: APIDTO.EventRequest?
        if multipart {
            let form = try MultipartForm(request: req)
            decoded = form.text("type").map {
                APIDTO.EventRequest(type: $0, message: form.text("message"), unit: form.text("unit"), service: form.text("service"),
                                    classification: form.text("classification"), mergeInto: form.text("merge_into"))
            }
            files = form.files(OfficeDocuments.field)
        } else {
            decoded = try? req.content.decode(APIDTO.EventRequest.self)
        }
        guard let body = decoded else {
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed",
                                               fieldNames: ["type": "staff_api.event.type_unknown"])
        }
        guard let type = Self.eventTypes[body.type] else {
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed",
                                               fieldNames: ["type": "staff_api.event.type_unknown"])
        }
        var action = OfficerAction(type: type, message: body.message, unitCode: body.unit, serviceCode: body.service, mergeInto: body.mergeInto)
        if let raw = body.classification {
            guard let classification = Classification(rawValue: raw) else {
                return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed",
                                                   fieldNames: ["classification": "validation.classification.unknown"])
            }
            action.classification = classification
        }
        switch try await OfficeDocuments.take(files, for: type, on: req) {
        case .success(let uploads):
            action.uploads = uploads
        case .failure(let refusal):
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed",
                                               fieldNames: [OfficeDocuments.field: refusal.messageKey])
        }
        do {
            let event = try await ComplaintActions(db: req.db, context: req.aduan, logger: req.logger).perform(action, on: complaint, by: staff.user)
            let documents = try await Attachment.query(on: req.db).filter(\.$event.$id == event.requireID()).sort(\.$createdAt).all(\.$id)
            let dto = StaffComplaintPresenter(req: req, staff: staff).event(event, complaint: complaint, documents: documents)
            let response = try await dto.encodeResponse(status: .created, for: req)
            response.headers.replaceOrAdd(name: .location, value: SitePaths.staffAPIComplaint(complaint.trackingCode))
            return response
        } catch ComplaintActions.Failure.notVisible {
            throw Abort(.notFound, reason: "complaint.not_found")
        } catch let failure as ComplaintActions.Failure {
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed",
                                               fieldNames: [failure.field: failure.messageKey])
        } catch let error as LifecycleError {
            switch error {
            case .notAllowedInStatus:
                return try await APIError.response(req, .conflict, code: "not_allowed_in_status", messageKey: error.messageKey)
            case .notAllowedForRole:
                return try await APIError.response(req, .forbidden, code: "not_allowed_for_role", messageKey: error.messageKey)
            }
        }
    }

    func enter(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard staff.policy.canEnterComplaints else { throw Abort(.forbidden, reason: "staff_api.enter_not_allowed") }
        let form = try MultipartForm(request: req)
        let intake = try await ComplaintIntake(request: req, form: form, optionalFields: SubmissionRules.officerOptionalFields)
        let channel = OfficerEntry.channel(form.text("channel"), reference: form.text("channel_reference"))
        var fields = channel.errors
        if case .failure(let errors) = intake.result {
            for (field, key) in errors.messages { fields[field.rawValue] = key }
        }
        guard case .success(let submission) = intake.result, let entered = channel.channel, fields.isEmpty else {
            let tooLarge = fields.values.contains("upload.total_too_large")
            return try await APIError.response(
                req, tooLarge ? .payloadTooLarge : .unprocessableEntity, code: tooLarge ? "payload_too_large" : "validation_failed",
                messageKey: tooLarge ? "upload.total_too_large" : "api.validation_failed", fieldNames: fields)
        }
        let complaint = try await ComplaintService(db: req.db, context: req.aduan, logger: req.logger).enter(
            submission, channel: entered, reference: channel.reference, consentGiven: form.flag("consent"),
            uploads: intake.uploads.accepted, by: staff.user, address: req.clientAddress)
        let time = ISOTime(timeZone: req.aduan.config.timeZone)
        let body = APIDTO.StaffComplaintCreated(
            trackingCode: complaint.trackingCode, status: complaint.status.rawValue, channel: complaint.channel.rawValue,
            channelReference: complaint.channelReference, receivedAt: time.string(complaint.receivedAt),
            firstResponseDueAt: time.string(complaint.firstResponseDueAt))
        let response = try await body.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: SitePaths.staffAPIComplaint(complaint.trackingCode))
        return response
    }

    func document(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let complaint = try await Self.visibleComplaint(req, staff)
        let identity = staff.policy.canSeeIdentity(confidential: complaint.confidential)
        return try await DocumentResponder.respond(
            req, complaint: complaint, documentID: req.parameters.get("document"), viewer: staff.actor, user: staff.user,
            allowed: { identity || !$0.kind.showsIdentity })
    }

    /// The complaint of the path, or 404 when it does not exist for this person.
    static func visibleComplaint(_ req: Request, _ staff: StaffContext) async throws -> Complaint {
        guard let complaint = try await ComplaintSnapshot.find(code: req.parameters.get("code") ?? "", on: req.db),
              staff.policy.canSee(forwardedTo: complaint.unitCode)
        else { throw Abort(.notFound, reason: "complaint.not_found") }
        return complaint
    }

    static func dto(_ item: ComplaintQueue.Item, _ time: ISOTime) -> APIDTO.QueueItem {
        let complaint = item.complaint
        return APIDTO.QueueItem(
            trackingCode: complaint.trackingCode, status: complaint.status.rawValue, channel: complaint.channel.rawValue,
            service: complaint.serviceCode, classification: complaint.classification.rawValue,
            receivedAt: time.string(complaint.receivedAt),
            deadline: APIDTO.Deadline(kind: item.deadline.kind.rawValue, dueAt: item.deadline.dueAt.map(time.string)),
            sla: item.sla?.state.rawValue, workingSecondsLeft: item.sla?.workingSecondsLeft.map { Int($0) },
            unit: complaint.unitCode, confidential: complaint.confidential,
            citizen: item.identityVisible ? APIDTO.CitizenSummary(name: complaint.reporterName, nikMasked: StaffComplaintPresenter.maskedNIK(complaint)) : nil)
    }
}

/// The query parameters of the queue, checked: unknown values are named rather than ignored.
struct StaffQueueQuery {
    var filter = ComplaintQueue.Filter()
    var cursor: ComplaintQueue.Cursor?
    var limit = ComplaintQueue.defaultLimit
    /// Parameter → catalogue key.
    var errors: [String: String] = [:]

    init(_ req: Request) {
        func text(_ name: String) -> String? {
            (try? req.query.get(String.self, at: name))?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        }
        func list<T>(_ name: String, _ make: (String) -> T?) -> [T] {
            guard let raw = text(name) else { return [] }
            let values = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let parsed = values.compactMap(make)
            if parsed.count != values.count { errors[name] = "staff_api.query.invalid" }
            return parsed
        }
        filter.statuses = list("status") { ComplaintStatus(rawValue: $0) }
        filter.channels = list("channel") { ComplaintChannel(rawValue: $0) }
        filter.serviceCode = text("service")
        filter.unitCode = text("unit")
        if let raw = text("classification") {
            filter.classification = Classification(rawValue: raw)
            if filter.classification == nil { errors["classification"] = "staff_api.query.invalid" }
        }
        if let raw = text("sla") {
            filter.sla = SLAState(rawValue: raw)
            if filter.sla == nil { errors["sla"] = "staff_api.query.invalid" }
        }
        filter.search = text("q")
        for name in ["from", "to"] {
            guard let raw = text(name) else { continue }
            guard let date = CivilDate(iso: raw) else { errors[name] = "staff_api.query.date"; continue }
            if name == "from" { filter.receivedFrom = date } else { filter.receivedTo = date }
        }
        if let raw = text("cursor") {
            cursor = ComplaintQueue.Cursor(token: raw)
            if cursor == nil { errors["cursor"] = "staff_api.query.cursor" }
        }
        if let raw = text("limit") {
            if let value = Int(raw), (1...ComplaintQueue.maxLimit).contains(value) { limit = value } else { errors["limit"] = "staff_api.query.limit" }
        }
    }
}

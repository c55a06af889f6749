import AduanCore
import Fluent
import Vapor

/// A complaint as the office's API shows it to one person: the whole timeline with internal notes, the
/// documents with staff download links, and the complainant's identity only where the policy allows.
struct StaffComplaintPresenter {
    let req: Request
    let staff: StaffContext

    var time: ISOTime { ISOTime(timeZone: req.aduan.config.timeZone) }

    /// - Parameter reveal: show the whole NIK and KK number (the caller records it as `identityRevealed`).
    func dto(_ complaint: Complaint, reveal: Bool = false) async throws -> APIDTO.StaffComplaint {
        let id = try complaint.requireID()
        let identity = staff.policy.canSeeIdentity(confidential: complaint.confidential)
        let events = try await ComplaintEvent.query(on: req.db).filter(\.$complaint.$id == id).sort(\.$createdAt).all()
        let attachments = try await Attachment.query(on: req.db).filter(\.$complaint.$id == id).sort(\.$createdAt).all()
            .filter { identity || !$0.kind.showsIdentity }
        let service = try await Service.find(complaint.serviceCode, on: req.db)
        let enteredBy = try await complaint.enteredByUserID.asyncFlatMap { try await User.find($0, on: req.db) }
        // A complaint this person may not be shown from here is not named (`StaffAccessPolicy.mayMention`).
        let mergedInto = try await complaint.mergedIntoID.asyncFlatMap { try await Complaint.find($0, on: req.db) }
            .flatMap { staff.policy.mayMention($0.scope, on: complaint.scope) ? $0 : nil }
        let mentions = try await ComplaintMentions.load(
            for: complaint, texts: events.compactMap(\.message), policy: staff.policy,
            replacement: req.text("documents_redacted.code"), on: req.db)
        let calendar = try await ReferenceRepository(db: req.db, timeZone: req.aduan.config.timeZone).calendar()

        let deadline = ComplaintSnapshot.deadline(of: complaint)
        let position = SLAClock(calendar: calendar).position(dueAt: deadline.dueAt, paused: deadline.kind == .paused, now: req.now)
        let texts = ComplaintTexts(request: req)
        return APIDTO.StaffComplaint(
            trackingCode: complaint.trackingCode, status: complaint.status.rawValue, statusLabel: texts.status(complaint.status),
            channel: complaint.channel.rawValue,
            channelReference: staff.policy.canSeeChannelReference(of: complaint.scope) ? complaint.channelReference : nil,
            service: APIDTO.ServiceRef(code: complaint.serviceCode, name: service.map { req.language == .en ? $0.nameEN : $0.nameID } ?? complaint.serviceCode),
            classification: complaint.classification.rawValue, description: complaint.description,
            district: complaint.districtCode, nagari: complaint.nagariCode,
            receivedAt: time.string(complaint.receivedAt), firstResponseDueAt: time.string(complaint.firstResponseDueAt),
            firstRespondedAt: complaint.firstRespondedAt.map(time.string), resolutionDueAt: complaint.resolutionDueAt.map(time.string),
            deadline: APIDTO.Deadline(kind: deadline.kind.rawValue, dueAt: deadline.dueAt.map(time.string)),
            sla: position?.state.rawValue, workingSecondsLeft: position?.workingSecondsLeft.map { Int($0) },
            unit: complaint.unitCode, confidential: complaint.confidential, consentMethod: complaint.consentMethod,
            enteredBy: enteredBy?.username, mergedInto: mergedInto?.trackingCode,
            citizen: identity ? APIDTO.Citizen(name: complaint.reporterName, nikMasked: Self.maskedNIK(complaint),
                                               nik: reveal ? complaint.nik : nil, kkNumber: reveal ? complaint.kkNumber : nil,
                                               phone: complaint.phone, email: complaint.email) : nil,
            allowedActions: Lifecycle.allowedActions(for: complaint.status, role: staff.actor)
                .filter { StaffComplaintsAPIController.eventTypes[$0.rawValue] != nil }.map(\.rawValue),
            timeline: events.map { event in
                self.event(event, complaint: complaint, documents: attachments.filter { $0.$event.id == event.id }.compactMap(\.id), mentions: mentions)
            },
            documents: attachments.map {
                APIDTO.Document(
                    id: $0.id!, kind: $0.kind.rawValue, name: $0.originalName, contentType: $0.contentType.mimeType, size: $0.size,
                    uploadedAt: time.string($0.createdAt), uploadedBy: $0.uploadedBy == .citizen ? "citizen" : "office",
                    url: SitePaths.staffAPIDocument(complaint.trackingCode, $0.id!))
            })
    }

    /// One event as the office sees it; the citizen's name stays hidden where the identity is.
    /// - Parameter mentions: the codes in the message this person may see; nil for an event they just wrote.
    func event(_ event: ComplaintEvent, complaint: Complaint, documents: [UUID], mentions: ComplaintMentions? = nil) -> APIDTO.StaffEvent {
        let hideAuthor = event.actorRole == .citizen && !staff.policy.canSeeIdentity(confidential: complaint.confidential)
        return APIDTO.StaffEvent(
            id: event.id!, at: time.string(event.createdAt), type: event.action.rawValue,
            fromStatus: event.fromStatus?.rawValue, toStatus: event.toStatus.rawValue,
            author: APIDTO.Author(name: hideAuthor ? req.text("staff_api.citizen_hidden") : event.actorName, role: event.actorRole.rawValue),
            message: mentions.map { $0.redact(event.message) } ?? event.message, visibility: event.visibility.rawValue, unit: event.unitCode, documents: documents)
    }

    static func maskedNIK(_ complaint: Complaint) -> String? {
        complaint.nik.map(IdentityMask.masked)
    }
}

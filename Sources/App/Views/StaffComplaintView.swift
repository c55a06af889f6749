import AduanCore
import Fluent
import Vapor

/// The complaint as the office sees it: the citizen's data (NIK masked until revealed, identity hidden
/// from a unit when the citizen asked for confidentiality), documents, the whole timeline with internal
/// notes, the SLA clock, likely duplicates, and the actions this person may take now.
struct StaffComplaintView: Encodable, Sendable {
    struct Citizen: Encodable, Sendable {
        let name: String
        let nik: String?
        let kk: String?
        let phone: String?
        let whatsappLink: String?
        let email: String?
        let revealed: Bool
    }

    struct Event: Encodable, Sendable {
        let at: String
        let label: String
        let author: String
        let message: String?
        let isInternal: Bool
        let status: String
        let unit: String?
        let documents: [DocumentLink]
        let hasDocuments: Bool
    }

    struct Duplicate: Encodable, Sendable {
        let code: String
        let href: String
        let status: String
        let receivedAt: String
    }

    struct ActionForm: Encodable, Sendable {
        let type: String
        let label: String
        let needsMessage: Bool
        let messageLabel: String
        let needsUnit: Bool
        let needsService: Bool
        let needsMergeTarget: Bool
        /// A reply, a request for information or the resolution: the office's files may go with it.
        let acceptsDocuments: Bool
        let primary: Bool
    }

    let code: String
    let codeDisplay: String
    let actionURL: String
    let revealURL: String
    let status: String
    let statusCode: String
    let confidential: Bool
    let identityHidden: Bool
    let citizen: Citizen?
    let channel: String
    let channelReference: String?
    let service: String
    let classification: String
    let unit: String?
    let receivedAt: String
    let description: String
    let district: String?
    let sla: SLAText
    let events: [Event]
    let documents: [DocumentLink]
    let duplicates: [Duplicate]
    let actions: [ActionForm]
    let hasDuplicates: Bool
    let hasDocuments: Bool
    let hasActions: Bool
    let hasCannedReplies: Bool
    let units: [SelectOption]
    let services: [SelectOption]
    let classifications: [SelectOption]
    let cannedReplies: [SelectOption]
    let notice: String?
    let error: String?
    let typedMessage: String
    /// What the service standard asks that this complaint still lacks (e.g. one that came by e-mail).
    let missing: String?
    /// What may be attached to an action and up to what size (`OfficeDocuments`).
    let officeDocumentsHint: String
    let messages: Messages
    /// The WhatsApp, Messenger or Instagram chat of the complaint (`StaffComplaintView+Chat`).
    let chat: ChatTranscriptView?
}

extension StaffComplaintView {
    /// The requirements of the standard the complaint lacks, as one sentence; nil when it has them all.
    static func missingText(_ complaint: Complaint, attachments: [Attachment], request req: Request) -> String? {
        let missing = ComplaintService.missing(complaint, attachments: attachments)
        guard !missing.isEmpty, complaint.reporterName != SLASweep.anonymisedName else { return nil }
        return req.text("console.complaint.missing", ["items": missing.map { req.text($0.messageKey) }.joined(separator: ", ")])
    }

    /// Which documents show the citizen's identity: the photos of the KK and the KTP-el.
    static func isIdentityDocument(_ attachment: Attachment) -> Bool {
        attachment.kind.showsIdentity
    }

    static func make(
        _ complaint: Complaint, for req: Request, staff: StaffContext, revealed: Bool,
        notice: String? = nil, error: String? = nil, typedMessage: String = ""
    ) async throws -> StaffComplaintView {
        let policy = staff.policy
        let language = req.language
        let dates = req.aduan.dateText
        let code = complaint.trackingCode
        let references = ReferenceRepository(db: req.db, timeZone: req.aduan.config.timeZone)
        let identityVisible = policy.canSeeIdentity(confidential: complaint.confidential)
        let complaintID = try complaint.requireID()

        let service = try await Service.find(complaint.serviceCode, on: req.db)
        let events = try await ComplaintEvent.query(on: req.db).filter(\.$complaint.$id == complaintID).sort(\.$createdAt).all()
        let attachments = try await Attachment.query(on: req.db).filter(\.$complaint.$id == complaintID).sort(\.$createdAt).all()
        let units = try await Unit.query(on: req.db).filter(\.$active == true).sort(\.$name).all()
        let services = try await references.activeServices()
        let canned = try await CannedReply.query(on: req.db).filter(\.$active == true).sort(\.$title).all()
        let calendar = try await references.calendar()
        let snapshot = ComplaintSnapshot(complaint: complaint, service: service, publicEvents: events.filter { $0.visibility == .public }, attachments: attachments)
        // Where the identity is hidden there is no list at all; elsewhere only twins this person may open
        // and whose complainant shows (the same NIK would name a confidential one).
        var duplicates: [Complaint] = []
        if policy.canListDuplicates(of: complaint.scope) {
            duplicates = try await ComplaintActions(db: req.db, context: req.aduan, logger: req.logger).likelyDuplicates(of: complaint)
                .filter { policy.mayListDuplicate($0.scope, of: complaint.scope) }
        }
        let mentions = try await ComplaintMentions.load(
            for: complaint, texts: events.compactMap(\.message), policy: policy,
            replacement: req.text("documents_redacted.code"), on: req.db)
        let district = try await complaint.districtCode.asyncFlatMap { try await references.region($0)?.name }

        func document(_ attachment: Attachment) -> DocumentLink {
            DocumentLink(attachment, href: SitePaths.consoleDocument(code, attachment.id!), request: req)
        }
        let visibleAttachments = attachments.filter { identityVisible || !isIdentityDocument($0) }
        let byEvent = Dictionary(grouping: visibleAttachments.filter { $0.$event.id != nil }, by: { $0.$event.id! })

        let phone = complaint.phone.flatMap { try? PhoneNumber($0) }
        let citizen: Citizen? = identityVisible ? Citizen(
            name: complaint.reporterName,
            nik: complaint.nik.map { revealed ? $0 : IdentityMask.masked($0) },
            kk: complaint.kkNumber.map { revealed ? $0 : IdentityMask.masked($0) },
            phone: phone?.display ?? complaint.phone, whatsappLink: phone?.whatsappLink, email: complaint.email,
            revealed: revealed) : nil

        let allowed = Lifecycle.allowedActions(for: complaint.status, role: staff.actor)
            .filter { ![.submit, .citizenReply, .withdraw].contains($0) }
        let actions = allowed.map { action in
            ActionForm(
                type: action.rawValue, label: req.text("console.action.\(action.rawValue)"),
                needsMessage: action != .changeService, messageLabel: req.text(action.requiresMessage ? "console.action.message" : "console.action.note_optional"),
                needsUnit: action == .forward, needsService: action == .changeService, needsMergeTarget: action == .merge,
                acceptsDocuments: action.carriesOfficeDocuments, primary: action == .reply || action == .resolve)
        }

        return StaffComplaintView(
            code: code, codeDisplay: (try? TrackingCode(code))?.display ?? code,
            actionURL: SitePaths.consoleComplaintAction(code), revealURL: SitePaths.consoleComplaintReveal(code),
            status: req.text(complaint.status.messageKey), statusCode: complaint.status.rawValue,
            confidential: complaint.confidential, identityHidden: !identityVisible, citizen: citizen,
            channel: req.text(complaint.channel.messageKey), channelReference: policy.canSeeChannelReference(of: complaint.scope) ? complaint.channelReference : nil,
            service: service.map { language == .id ? $0.nameID : $0.nameEN } ?? complaint.serviceCode,
            classification: req.text(complaint.classification.messageKey),
            unit: complaint.unitCode.flatMap { code in units.first { $0.id == code }?.name ?? code },
            receivedAt: dates.long(complaint.receivedAt, in: language),
            description: complaint.description, district: district,
            sla: SLAText(snapshot, calendar: calendar, now: req.now, request: req),
            events: events.map { event in
                Event(
                    at: dates.long(event.createdAt, in: language), label: req.text("event.\(event.action.rawValue)"),
                    author: event.actorRole == .citizen ? (identityVisible ? complaint.reporterName : req.text("console.complaint.citizen")) : event.actorName,
                    message: event.action == .submit ? nil : mentions.redact(event.message), isInternal: event.visibility == .internal || !event.action.messageIsForCitizen,
                    status: req.text(event.toStatus.messageKey),
                    unit: event.unitCode.flatMap { code in units.first { $0.id == code }?.name ?? code },
                    documents: (byEvent[event.id!] ?? []).map(document), hasDocuments: !(byEvent[event.id!] ?? []).isEmpty)
            },
            documents: visibleAttachments.map(document),
            duplicates: duplicates.map {
                Duplicate(code: (try? TrackingCode($0.trackingCode))?.display ?? $0.trackingCode, href: SitePaths.consoleComplaint($0.trackingCode),
                          status: req.text($0.status.messageKey), receivedAt: dates.long($0.receivedAt, in: language))
            },
            actions: actions,
            hasDuplicates: !duplicates.isEmpty,
            hasDocuments: !visibleAttachments.isEmpty, hasActions: !actions.isEmpty, hasCannedReplies: !canned.isEmpty,
            units: units.map { SelectOption(value: $0.id!, label: $0.name, selected: $0.id == complaint.unitCode) },
            services: services.map { SelectOption(value: $0.id!, label: language == .id ? $0.nameID : $0.nameEN, selected: $0.id == complaint.serviceCode) },
            classifications: Classification.allCases.map { SelectOption(value: $0.rawValue, label: req.text($0.messageKey), selected: $0 == complaint.classification) },
            cannedReplies: canned.map { SelectOption(value: $0.body, label: $0.title, selected: false) },
            notice: notice, error: error, typedMessage: typedMessage,
            missing: missingText(complaint, attachments: attachments, request: req),
            officeDocumentsHint: req.text("console.complaint.office_documents.hint", [
                "max": req.size(req.aduan.config.maxFileBytes), "total": req.size(req.aduan.config.maxComplaintBytes),
            ]),
            messages: try await messages(of: complaint, for: req, identityVisible: identityVisible),
            chat: try await chat(of: complaint, for: req, staff: staff, identityVisible: identityVisible,
                                 canReply: allowed.contains(.reply), typed: typedMessage))
    }
}

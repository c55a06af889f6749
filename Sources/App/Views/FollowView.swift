import AduanCore
import Vapor

/// The follow page: status, timeline and deadline for anyone with the code; the conversation, the
/// documents and the reply form once the citizen has given the second proof.
struct FollowView: Encodable, Sendable {
    struct TimelineItem: Encodable, Sendable {
        let at: String
        let label: String
        let status: String
        /// Before the second proof: that the office sent documents with this step, not what they are.
        let documentsWaiting: String?
    }

    struct Message: Encodable, Sendable {
        let at: String
        let author: String
        let fromCitizen: Bool
        let isRequest: Bool
        let text: String
        let documents: [DocumentLink]
        let hasDocuments: Bool
    }

    let code: String
    let codeDisplay: String
    let status: String
    let statusCode: String
    let receivedAt: String
    let service: String
    let classification: String
    let deadline: String
    let deadlineKind: String
    let timeline: [TimelineItem]
    let hasAccess: Bool
    let proofAction: String
    let proofError: String?
    let proofValue: String
    let signOutAction: String
    let accessUntil: String?
    let messages: [Message]
    let documents: [DocumentLink]
    let hasDocuments: Bool
    let needsInfo: Bool
    let request: String?
    let canReply: Bool
    /// The form that completes what the standard still asks (NIK, KK, phone, photos, consent); nil when
    /// nothing is missing or the citizen has no access.
    let completion: Completion?

    struct Completion: Encodable, Sendable {
        let action: String
        let items: String
        let nik: Bool
        let kkNumber: Bool
        let phone: Bool
        let kkPhoto: Bool
        let ktpPhoto: Bool
        let consent: Bool
        let consentText: String
        let errors: [String: String]
        let values: [String: String]
    }
    let closedNotice: String?
    let replyAction: String
    let replyErrors: [String: String]
    let replyMessage: String
    let limitsText: String
    let uploadMessages: UploadMessages
    let maxFileBytes: Int
    let maxTotalBytes: Int
    let notice: String?

    struct Options {
        var hasAccess = false
        var accessUntil: Date?
        var proofError: String?
        var proofValue = ""
        var replyErrors: [String: String] = [:]
        var replyMessage = ""
        var completionErrors: [String: String] = [:]
        var completionValues: [String: String] = [:]
        var notice: String?
        /// The office's short name as the admin set it (`OfficeProfileStore`).
        var officeName = ""
    }

    init(_ snapshot: ComplaintSnapshot, for request: Request, options: Options) {
        let texts = ComplaintTexts(request: request)
        let complaint = snapshot.complaint
        let language = request.language
        let code = complaint.trackingCode
        let config = request.aduan.config

        self.code = code
        codeDisplay = (try? TrackingCode(code))?.display ?? code
        status = texts.status(complaint.status)
        statusCode = complaint.status.rawValue
        receivedAt = texts.dates.long(complaint.receivedAt, in: language)
        service = texts.serviceName(snapshot)
        classification = request.text(complaint.classification.messageKey)
        let deadline = snapshot.deadline
        self.deadline = texts.deadlineSentence(deadline)
        deadlineKind = deadline.kind.rawValue
        let officeFiles = Dictionary(grouping: snapshot.attachments.filter { $0.kind == .officeDocument && $0.$event.id != nil }, by: { $0.$event.id! })
        timeline = snapshot.publicEvents.map { event in
            let waiting = options.hasAccess ? 0 : officeFiles[event.id!]?.count ?? 0
            return TimelineItem(
                at: texts.dates.long(event.createdAt, in: language), label: texts.event(event), status: texts.status(event.toStatus),
                documentsWaiting: waiting > 0 ? request.text("follow.office_documents_waiting", ["count": String(waiting)]) : nil)
        }
        hasAccess = options.hasAccess
        proofAction = SitePaths.followProof(code)
        proofError = options.proofError
        proofValue = options.proofValue
        signOutAction = SitePaths.followSignOut(code)
        accessUntil = options.accessUntil.map { texts.dates.long($0, in: language) }

        func document(_ attachment: Attachment) -> DocumentLink {
            DocumentLink(attachment, href: SitePaths.followDocument(code, attachment.id!), request: request)
        }
        if options.hasAccess {
            let byEvent = Dictionary(grouping: snapshot.attachments.filter { $0.$event.id != nil }, by: { $0.$event.id! })
            messages = snapshot.publicEvents.compactMap { event in
                let files = byEvent[event.id!] ?? []
                let text = event.action == .submit ? complaint.description : (event.action.messageIsForCitizen ? event.message ?? "" : "")
                guard !text.isEmpty || !files.isEmpty else { return nil }
                let fromCitizen = event.actorRole == .citizen
                return Message(
                    at: texts.dates.long(event.createdAt, in: language),
                    author: fromCitizen ? request.text("conversation.you") : request.text("conversation.office", ["office": options.officeName]),
                    fromCitizen: fromCitizen, isRequest: event.action == .requestInfo, text: text,
                    documents: files.map(document), hasDocuments: !files.isEmpty)
            }
            documents = snapshot.attachments.map(document)
        } else {
            messages = []
            documents = []
        }
        hasDocuments = !documents.isEmpty
        needsInfo = complaint.status == .needsInfo
        self.request = needsInfo ? snapshot.publicEvents.last { $0.action == .requestInfo }?.message : nil
        canReply = options.hasAccess && (try? Lifecycle.apply(.citizenReply, to: complaint.status, by: .citizen)) != nil
        let missing = ComplaintService.missing(complaint, attachments: snapshot.attachments)
        completion = canReply && (!missing.isEmpty || complaint.consentAt == nil) ? Completion(
            action: SitePaths.followComplete(code),
            items: missing.map { request.text($0.messageKey) }.joined(separator: ", "),
            nik: missing.contains(.nik), kkNumber: missing.contains(.kkNumber), phone: missing.contains(.phone),
            kkPhoto: missing.contains(.kkPhoto), ktpPhoto: missing.contains(.ktpPhoto), consent: complaint.consentAt == nil,
            consentText: request.text("form.consent.text", ["office": options.officeName, "years": String(config.retentionYears)]),
            errors: options.completionErrors, values: options.completionValues) : nil
        closedNotice = options.hasAccess && !canReply ? request.text("follow.closed_notice") : nil
        replyAction = SitePaths.followReply(code)
        replyErrors = options.replyErrors
        replyMessage = options.replyMessage
        limitsText = request.text("form.files.limits")
        uploadMessages = UploadMessages(request)
        maxFileBytes = config.maxFileBytes
        maxTotalBytes = config.maxComplaintBytes
        notice = options.notice
    }
}

/// The page that asks for a tracking code.
struct LookupView: Encodable, Sendable {
    let action: String
    let code: String
    let error: String?
}

import AduanCore
import Fluent
import Vapor

/// A chat's turn (a `chat_turn` job, one per chat): takes the citizen's pending messages one at a time,
/// in the order they were sent. Each message's media is fetched and inspected first (a download that
/// fails is tried again by the job's backoff, and the messages after it wait); then the message joins
/// the chat's open complaint as the citizen's message, or goes to the intake conversation
/// (`ChatIntake`), whose answers, files and filed complaint are written with the message's
/// `processed_at` in one transaction.
struct ChatTurns {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    var now: Date { context.clock.now() }
    var replies: ChatReplies { ChatReplies(catalogue: context.catalogue) }

    static func key(_ conversation: UUID) -> String { "chat:\(conversation.uuidString.lowercased())" }

    /// Downloads that fail are tried again this many times (with the job's backoff) before the citizen is
    /// asked to send the file again.
    static let mediaAttempts = 4

    struct MediaNotYet: Error, CustomStringConvertible {
        var description: String
    }

    func run(_ job: JobQueue.Claimed, worker: String) async throws {
        guard let id = job.reference, let conversation = try await ChatConversation.find(id, on: db) else {
            try await JobQueue(db: db, now: now).complete(job, worker: worker)
            return
        }
        do {
            while let message = try await nextPending(of: id) {
                try await take(message, in: conversation, attempt: job.attempts)
            }
        } catch let wait as MediaNotYet {
            try await JobQueue(db: db, now: now).fail(job, worker: worker, error: wait.description, permanent: false, schedule: context.config.jobs.retry)
            return
        }
        try await JobQueue(db: db, now: now).complete(job, worker: worker)
        // A message that came while this turn ran found its job running: it is taken now.
        if try await nextPending(of: id) != nil {
            try await JobQueue.enqueueKeyed(.chatTurn, key: Self.key(id), reference: id, now: now, on: db)
            context.jobs.wake()
        }
    }

    private func nextPending(of conversation: UUID) async throws -> ChatMessage? {
        try await ChatMessage.query(on: db).filter(\.$conversation.$id == conversation).filter(\.$direction == .inbound)
            .filter(\.$state == .pending).sort(\.$sentAt).sort(\.$createdAt).first()
    }

    // MARK: One message

    func take(_ message: ChatMessage, in conversation: ChatConversation, attempt: Int) async throws {
        let payload = ChatMessage.InboundPayload.decode(message.payload) ?? ChatMessage.InboundPayload(.unsupported(type: "unknown"))
        var fetched: Fetched?
        if let media = payload.media {
            fetched = try await fetch(media, platform: conversation.platform, attempt: attempt)
        }
        if conversation.state == nil, let complaint = try await openComplaint(of: conversation) {
            if try await join(complaint, message: message, payload: payload, fetched: fetched, conversation: conversation) { return }
        }
        if conversation.state == nil, conversation.takenBy != nil {
            // An officer took the chat over: it waits in the console for their answer.
            try await keepForOfficer(message, fetched: fetched, conversation: conversation)
            return
        }
        try await converse(message, payload: payload, fetched: fetched, conversation: conversation)
    }

    /// The complaint a message joins: the chat's own, else (WhatsApp) the newest open complaint filed
    /// with this number — while it is open.
    func openComplaint(of conversation: ChatConversation) async throws -> Complaint? {
        if let id = conversation.complaintID, let complaint = try await Complaint.find(id, on: db), complaint.status.isOpen {
            return complaint
        }
        guard conversation.platform == .whatsapp else { return nil }
        return try await Complaint.query(on: db).filter(\.$phone == conversation.citizen)
            .filter(\.$status ~~ ComplaintStatus.allCases.filter(\.isOpen)).sort(\.$receivedAt, .descending).first()
    }

    // MARK: Media

    struct Fetched: Sendable {
        var upload: AcceptedUpload?
        var outcome: ChatFileOutcome
    }

    func fetch(_ media: ChatMessage.InboundPayload.Media, platform: ChatPlatform, attempt: Int) async throws -> Fetched {
        guard let graph = context.graph else { return Fetched(outcome: .unavailable) }
        let limit = context.config.maxFileBytes
        let bytes: [UInt8]
        do {
            if let id = media.graphID {
                bytes = try await graph.downloadWhatsAppMedia(id: id, maxBytes: limit).bytes
            } else if let url = media.url {
                bytes = try await graph.downloadAttachment(url: url, maxBytes: limit).bytes
            } else {
                return Fetched(outcome: .unavailable)
            }
        } catch {
            if error.code == GraphError.tooLarge {
                return Fetched(outcome: .refused(messageKey: "upload.too_large", values: ["max": ByteCountText.text(limit, in: .id)]))
            }
            if GraphErrorKind.of(error).retryable && attempt < Self.mediaAttempts {
                throw MediaNotYet(description: "media download: \(error.code) \(error.message ?? "")")
            }
            logger.warning("chat media could not be fetched", metadata: ["code": .stringConvertible(error.code)])
            return Fetched(outcome: .unavailable)
        }
        switch try await UploadIntake(context: context, threadPool: NIOThreadPool.singleton)
            .inspect(bytes, named: media.filename ?? Self.defaultName(media.kind), as: .document) {
        case .success(let upload):
            return Fetched(upload: upload, outcome: .accepted(isImage: upload.stored.type != .pdf, name: upload.originalName))
        case .failure(let error):
            return Fetched(outcome: .refused(messageKey: error.messageKey, values: [
                "max": ByteCountText.text(context.config.maxFileBytes, in: .id), "total": ByteCountText.text(context.config.maxComplaintBytes, in: .id),
            ]))
        }
    }

    static func defaultName(_ kind: ChatMedia.Kind) -> String {
        switch kind {
        case .image: "foto"
        case .document: "dokumen"
        case .audio: "rekaman"
        case .video: "video"
        case .sticker: "stiker"
        }
    }

    // MARK: Joining an open complaint

    /// The message becomes the citizen's message on the complaint's timeline (resuming a paused clock),
    /// its file a document of the complaint; the officers are told. False when the complaint takes no
    /// message now (the intake handles it then).
    private func join(
        _ complaint: Complaint, message: ChatMessage, payload: ChatMessage.InboundPayload, fetched: Fetched?, conversation: ChatConversation
    ) async throws -> Bool {
        guard (try? Lifecycle.apply(.citizenReply, to: complaint.status, by: .citizen)) != nil else { return false }
        if case .unsupported = payload.kind {
            try await reply([replies.text("chat_ingest.unsupported")], marking: message, complaint: complaint.id, conversation: conversation)
            return true
        }
        var words = [payload.text, payload.location.map(ChatReplies.place)].compactMap { $0 }.filter { !$0.isEmpty }
        var answers: [ChatOutbound] = []
        if case .refused(let key, let values)? = fetched?.outcome {
            let reason = context.catalogue.text(key, .id, values)
            words.append("[Lampiran tidak diterima: \(reason)]")
            answers.append(replies.text("chat_ingest.file_refused", ["reason": reason]))
        } else if case .unavailable? = fetched?.outcome {
            answers.append(replies.text("chat_ingest.file_unavailable"))
        }
        let previous = try await ChatMessage.query(on: db).filter(\.$conversation.$id == conversation.requireID())
            .filter(\.$direction == .inbound).filter(\.$id != message.requireID()).filter(\.$state == .received)
            .sort(\.$sentAt, .descending).first()
        if previous.map({ (message.sentAt ?? now).timeIntervalSince($0.sentAt ?? .distantPast) > 1800 }) ?? true {
            answers.append(replies.text("chat_ingest.joined", ["code": CitizenMessageRenderer.displayCode(complaint.trackingCode)]))
        }
        let said = answers
        let text = words.isEmpty ? nil : String(words.joined(separator: "\n").prefix(SubmissionRules.descriptionLength.upperBound))
        let uploads = fetched?.upload.map { [$0] } ?? []
        let at = now
        let event = try await ComplaintService(db: db, context: context, logger: logger).addCitizenMessage(
            complaint, message: text ?? (uploads.isEmpty ? "-" : nil), uploads: uploads, address: nil,
            alongside: { db in
                try await message.taken(for: complaint.id, at: at, on: db)
                conversation.complaintID = complaint.id
                conversation.waitingSince = nil
                conversation.updatedAt = at
                try await conversation.save(on: db)
                try await ChatOutbox.queue(said, in: conversation, complaint: complaint.id, at: at, on: db)
            })
        if !uploads.isEmpty, let file = try await Attachment.query(on: db).filter(\.$event.$id == event.requireID()).first() {
            message.attachmentID = file.id
            try await message.save(on: db)
        }
        return true
    }

    private func keepForOfficer(_ message: ChatMessage, fetched: Fetched?, conversation: ChatConversation) async throws {
        let at = now
        try await db.writeTransaction { db in
            try await self.keepDraftFile(fetched, for: message, conversation: conversation, on: db)
            try await message.taken(for: nil, at: at, on: db)
            if conversation.waitingSince == nil { conversation.waitingSince = at }
            conversation.updatedAt = at
            try await conversation.save(on: db)
        }
    }

    /// A file sent in a chat that has no complaint yet: kept under the intake's draft token (the console
    /// shows it; filing takes it along).
    @discardableResult
    private func keepDraftFile(_ fetched: Fetched?, for message: ChatMessage, conversation: ChatConversation, on db: any Database) async throws -> Attachment? {
        guard let upload = fetched?.upload else { return nil }
        if conversation.draftToken == nil { conversation.draftToken = ChatTurns.newDraftToken() }
        let attachment = Attachment(kind: .document, stored: upload.stored, originalName: upload.originalName, uploadedBy: .citizen, at: now)
        attachment.draftToken = conversation.draftToken
        try await attachment.create(on: db)
        message.attachmentID = attachment.id
        return attachment
    }

    static func newDraftToken() -> String { draftPrefix + UUID().uuidString.lowercased() }
    static let draftPrefix = "chat:"

    /// Queues `replies` and marks the message taken, in one transaction.
    private func reply(_ replies: [ChatOutbound], marking message: ChatMessage, complaint: UUID?, conversation: ChatConversation) async throws {
        let at = now
        try await db.writeTransaction { db in
            try await message.taken(for: complaint, at: at, on: db)
            try await ChatOutbox.queue(replies, in: conversation, complaint: complaint, at: at, on: db)
        }
        context.jobs.wake()
    }

    // MARK: The intake conversation

    private func converse(_ message: ChatMessage, payload: ChatMessage.InboundPayload, fetched: Fetched?, conversation: ChatConversation) async throws {
        let state = conversation.state.flatMap { try? JSONDecoder().decode(ChatIntakeState.self, from: Data($0.utf8)) }
        if state == nil { conversation.draftToken = Self.newDraftToken() }
        let intake = try await intakeContext(for: conversation)
        let turn = ChatIntake.handle(ChatReplies.input(payload, file: fetched?.outcome), state: state, context: intake)
        let said = turn.replies.map { replies.outbound($0) }
        var statusReply: ChatOutbound?
        var filing: ValidComplaintSubmission?
        for effect in turn.effects {
            switch effect {
            case .checkStatus(let code): statusReply = try await replies.status(of: code, asked: conversation, db: db, context: context)
            case .file(var valid):
                // What the chat said beside the questions goes with the complaint: the place shared, the
                // words that fitted no step.
                let extra = [state?.answers.location.map(ChatReplies.place)].compactMap { $0 } + (state?.notes ?? [])
                if !extra.isEmpty {
                    valid.description = String((valid.description + "\n\n" + extra.joined(separator: "\n")).prefix(SubmissionRules.descriptionLength.upperBound))
                }
                filing = valid
            default: break
            }
        }
        let at = now
        let token = conversation.draftToken
        let answered = said + [statusReply].compactMap { $0 }
        let write: @Sendable (any Database, Complaint?) async throws -> Void = { db, complaint in
            var file = try await self.keepDraftFile(fetched, for: message, conversation: conversation, on: db)
            // A file the intake did not take (sent at a question that wants words) is not kept.
            if let unwanted = file, !turn.effects.contains(where: { if case .keepFile = $0 { true } else { false } }) {
                try await unwanted.delete(on: db)
                message.attachmentID = nil
                file = nil
            }
            for effect in turn.effects {
                switch effect {
                case .keepFile(let kind):
                    guard let file, let token else { continue }
                    if kind != .document {
                        try await Attachment.query(on: db).filter(\.$draftToken == token).filter(\.$kind == kind).filter(\.$id != file.requireID()).delete()
                    }
                    file.kind = kind
                    try await file.save(on: db)
                case .dropFiles(let kind):
                    guard let token else { continue }
                    try await Attachment.query(on: db).filter(\.$draftToken == token).filter(\.$kind == kind).delete()
                case .cancelled:
                    guard let token else { continue }
                    try await Attachment.query(on: db).filter(\.$draftToken == token).filter(\.$complaint.$id == nil).delete()
                case .handOver:
                    conversation.waitingSince = at
                default:
                    break
                }
            }
            try await message.taken(for: complaint?.id, at: at, on: db)
            if let complaint {
                conversation.complaintID = complaint.id
                conversation.waitingSince = nil
                conversation.draftToken = nil
            }
            if turn.state == nil { conversation.draftToken = nil }
            // Back from the officer to the automatic intake: no longer waiting.
            if state?.step == .officer, turn.state?.step != .officer, !turn.effects.contains(.handOver) { conversation.waitingSince = nil }
            conversation.state = try turn.state.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            conversation.updatedAt = at
            try await conversation.save(on: db)
            try await ChatOutbox.queue(answered, in: conversation, complaint: complaint?.id, at: at, on: db)
        }
        if let filing {
            // No reference to show: the chat itself is linked to the complaint (and its number is the phone).
            let intakeRecord = ChannelIntake(reference: nil, consentMethod: ChannelIntake.chatConsent, alongside: { complaint, db in
                try await write(db, complaint)
            })
            let complaint = try await ComplaintService(db: db, context: context, logger: logger).file(
                filing, channel: conversation.platform.complaintChannel, uploads: [], draftToken: token, address: nil, intake: intakeRecord, language: .id)
            logger.info("complaint filed in a chat", metadata: ["complaint": .string(complaint.trackingCode), "platform": .string(conversation.platform.rawValue)])
        } else {
            try await db.writeTransaction { db in try await write(db, nil) }
        }
        context.jobs.wake()
    }

    func intakeContext(for conversation: ChatConversation) async throws -> ChatIntakeContext {
        let references = ReferenceRepository(db: db, timeZone: context.config.timeZone)
        let rules = try await references.submissionRules(regencyCode: context.config.office.regencyCode, now: now)
        let services = try await references.activeServices().compactMap { service in service.id.map { (code: $0, name: service.nameID) } }
        let office = try await OfficeProfileStore(db: db, config: context.config).effective().office
        return ChatIntakeContext(
            platform: conversation.platform, rules: rules, services: services,
            contactPhone: conversation.platform == .whatsapp ? try? PhoneNumber(conversation.citizen) : nil,
            privacyURL: context.config.publicURL + "/" + SitePaths.privacy.map(\.description).joined(separator: "/"),
            officeHours: office.openingHours, officeName: office.shortName)
    }
}

extension ChatMessage {
    /// The citizen's message was acted on (in the transaction of what it caused), for `complaint` if it
    /// belongs to one.
    func taken(for complaint: UUID?, at: Date, on db: any Database) async throws {
        state = .received
        processedAt = at
        complaintID = complaint
        updatedAt = at
        try await save(on: db)
    }
}

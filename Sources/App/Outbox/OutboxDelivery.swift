import AduanCore
import Fluent
import Foundation

/// Delivers one outgoing message (a `deliver` job): renders it in the citizen's language with a fresh
/// one-time link and the office's documents, hands it to its channel's sender, and records the result
/// on the message and the job together.
///
/// The message's id (e-mail: its Message-ID) is fixed when it is queued, so a delivery repeated after a
/// crash between sending and recording carries the same one; the job's lease keeps two workers from
/// sending it at the same time.
struct OutboxDelivery {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    var now: Date { context.clock.now() }

    func deliver(_ job: JobQueue.Claimed, worker: String) async throws {
        let queue = JobQueue(db: db, now: now)
        guard let id = job.reference, let message = try await OutgoingMessage.find(id, on: db) else {
            try await queue.complete(job, worker: worker)
            return
        }
        // A job repeated after the message went out (or was given up): nothing more to do.
        guard message.state == .queued else {
            try await queue.complete(job, worker: worker)
            return
        }
        guard let complaint = try await Complaint.find(message.$complaint.id, on: db),
              complaint.reporterName != SLASweep.anonymisedName
        else {
            return try await settle(job, message, worker: worker, failure: DeliveryFailure(reason: "the complaint no longer has personal data", permanent: true))
        }
        guard let sender = context.senders.sender(for: message.channel) else {
            return try await settle(job, message, worker: worker, failure: DeliveryFailure(
                reason: "the \(message.channel.rawValue) channel is not configured", permanent: true, configuration: true))
        }
        let rendered: RenderedMessage
        do {
            rendered = try await render(message, of: complaint)
        } catch let failure as DeliveryFailure {
            return try await settle(job, message, worker: worker, failure: failure)
        }
        let receipt: DeliveryReceipt
        do {
            receipt = try await sender.send(rendered)
        } catch {
            return try await settle(job, message, worker: worker, failure: error, rendered: rendered)
        }
        try await settle(job, message, worker: worker, rendered: rendered, receipt: receipt)
    }

    // MARK: Rendering

    func render(_ message: OutgoingMessage, of complaint: Complaint) async throws -> RenderedMessage {
        let language = message.language
        let event = try await message.eventID.asyncFlatMap { try await ComplaintEvent.find($0, on: db) }
        let link = try await AccessLinks(db: db, context: context).issue(for: complaint, message: message.id)
        let renderer = CitizenMessageRenderer(db: db, context: context)
        let values = try await renderer.values(for: complaint, event: event, language: language, link: link.url, linkExpiresAt: link.expiresAt)
        let filled = try await renderer.template(message.kind, language, chat: message.channel.chatPlatform != nil).filled(values)
        var text = filled.body

        // A complaint that came without what the standard asks (by e-mail): the receipt names it, and the
        // link opens the form that completes it.
        if message.kind == .receipt {
            let attachments = try await Attachment.query(on: db).filter(\.$complaint.$id == complaint.requireID()).all()
            let missing = ComplaintService.missing(complaint, attachments: attachments)
            if !missing.isEmpty {
                let items = missing.map { context.catalogue.text($0.messageKey, language) }.joined(separator: ", ")
                text += "\n\n" + context.catalogue.text("citizen_message.complete_by_link", language, ["items": items])
            }
        }

        // The office's documents for this step: attached while they fit, else downloaded by the link.
        var documents: [RenderedMessage.Document] = []
        if let eventID = message.eventID {
            let files = try await Attachment.query(on: db).filter(\.$event.$id == eventID).filter(\.$uploadedBy != .citizen)
                .sort(\.$createdAt).all()
            if !files.isEmpty {
                let total = files.reduce(0) { $0 + $1.size }
                let attach = message.channel.carriesDocuments && total <= context.config.mailAttachmentMaxBytes
                let names = files.map { "- \($0.originalName)" }.joined(separator: "\n")
                let attachedKey = message.channel == .email ? "citizen_message.documents_attached" : "citizen_message_chat.documents_attached"
                let note = context.catalogue.text(attach ? attachedKey : "citizen_message.documents_by_link", language)
                text += "\n\n\(note)\n\(names)"
                if attach {
                    for file in files {
                        documents.append(.init(name: file.originalName, contentType: file.contentType.mimeType,
                                               bytes: [UInt8](try context.store.read(file.sha256))))
                    }
                }
            }
        }

        let office = try await OfficeProfileStore(db: db, config: context.config).effective().office
        let subject = CitizenMessageRenderer.subject(filled.subject, trackingCode: complaint.trackingCode)
        let thread = try await threadIDs(before: message, of: complaint)
        var rendered = RenderedMessage(
            channel: message.channel, recipient: message.recipient, recipientName: complaint.reporterName, language: language,
            subject: subject, text: text, html: CitizenMessageRenderer.html(text, title: subject, office: office.name),
            messageID: message.messageID, inReplyTo: thread.last, references: thread, automatic: message.kind.isAutomatic,
            documents: documents)
        if let platform = message.channel.chatPlatform {
            rendered.text = CitizenMessageRenderer.chatText(subject: filled.subject, body: text)
            rendered.chat = try await chatPlan(message, platform: platform, values: values)
        }
        return rendered
    }

    /// The ids this message answers: the citizen's own first mail (a complaint filed by e-mail), our
    /// first message, and our latest one before this — so that the whole complaint is one thread. (Two
    /// messages of the same instant both answer the one before them; the message itself is excluded by
    /// its id, as a time read back from the database may compare a hair later than itself.)
    private func threadIDs(before message: OutgoingMessage, of complaint: Complaint) async throws -> [String] {
        let earlier = try await OutgoingMessage.query(on: db)
            .filter(\.$complaint.$id == complaint.requireID()).filter(\.$channel == message.channel)
            .filter(\.$createdAt < message.createdAt).filter(\.$id != message.requireID())
            .sort(\.$createdAt).all(\.$messageID)
        var ids: [String] = []
        if complaint.channel == .email, let original = complaint.channelReference { ids.append(original) }
        if let first = earlier.first { ids.append(first) }
        if let last = earlier.last, last != earlier.first { ids.append(last) }
        return ids
    }

    // MARK: Recording the outcome

    private func settle(_ job: JobQueue.Claimed, _ message: OutgoingMessage, worker: String, rendered: RenderedMessage, receipt: DeliveryReceipt) async throws {
        let at = now
        try await db.transaction { db in
            try await JobQueue(db: db, now: at).complete(job, worker: worker)
            message.state = .sent
            message.attempts = job.attempts
            message.subject = rendered.subject
            message.sentAt = at
            message.lastError = nil
            message.updatedAt = at
            if let chat = rendered.chat {
                message.externalID = receipt.externalID
                message.deliveryStatus = .accepted
                try await self.transcribe(message, chat: chat, text: receipt.shownText ?? rendered.text, template: receipt.template,
                                          state: .sent, failure: nil, at: at, on: db)
            }
            try await message.save(on: db)
        }
        logger.info("message delivered", metadata: [
            "message": .string(message.messageID), "channel": .string(message.channel.rawValue), "kind": .string(message.kind.rawValue),
        ])
    }

    private func settle(
        _ job: JobQueue.Claimed, _ message: OutgoingMessage, worker: String, failure: DeliveryFailure, rendered: RenderedMessage? = nil
    ) async throws {
        let at = now
        let context = self.context
        let retried = try await db.transaction { db -> Bool in
            let retried = try await JobQueue(db: db, now: at).fail(job, worker: worker, error: failure.reason, permanent: failure.permanent,
                                                                    schedule: context.config.jobs.retry)
            message.attempts = job.attempts
            message.lastError = failure.reason
            message.updatedAt = at
            if failure.configuration, message.channel.chatPlatform != nil {
                try await ComplaintRecorder(context: context).alertAdmins(.channelProblem, at: at, on: db)
            }
            if !retried {
                message.state = .failed
                if let chat = rendered?.chat {
                    try await self.transcribe(message, chat: chat, text: rendered?.text ?? "", template: false, state: .failed, failure: failure, at: at, on: db)
                }
                if let complaint = try await Complaint.find(message.$complaint.id, on: db) {
                    try await OutboxFallback(context: context).failed(message, of: complaint, nextChannel: failure.nextChannel, at: at, on: db)
                }
            }
            try await message.save(on: db)
            return retried
        }
        if !retried && failure.nextChannel { context.jobs.wake() }
        logger.warning("message not delivered", metadata: [
            "message": .string(message.messageID), "channel": .string(message.channel.rawValue), "reason": .string(failure.reason),
            "retried": .stringConvertible(retried), "configuration": .stringConvertible(failure.configuration),
        ])
    }
}

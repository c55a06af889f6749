import AduanCore
import Crypto
import Fluent
import Vapor

/// What Aduan does with one received e-mail (from the mailbox poll or `aduan mail-ingest`).
///
/// In this order: a mail seen before (by Message-ID, or the hash of its bytes) is skipped; our own
/// message come back is dropped; a bounce marks our message as failed; automatic mail (auto-replies,
/// lists, reports) never makes a complaint or a reply; a mail that answers one of our messages
/// (`In-Reply-To`/`References`) or names a tracking code in its subject joins that complaint as the
/// citizen's message — only from the complaint's own address, otherwise the officer sees it as an
/// unverified note; any other mail opens a complaint on the e-mail channel. Every mail is kept once,
/// with its raw bytes, in the same transaction as what it caused.
struct MailIngest {
    let db: any Database
    let context: AduanContext
    let logger: Logger
    let threadPool: NIOThreadPool

    /// New complaints by e-mail from one address in an hour; more are kept but open nothing (a loop
    /// with another robot, or a flood).
    static let newComplaintsPerSenderPerHour = 5

    enum Outcome: Equatable, Sendable {
        case duplicate
        case recorded(ReceivedMail.Outcome, trackingCode: String?)
    }

    var now: Date { context.clock.now() }

    /// Whether a mail with this Message-ID was received before (the poll skips its body then). The id
    /// as the header writes it (`<abc@host>`) or bare.
    func isKnown(_ messageID: String) async throws -> Bool {
        let bare = messageID.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        guard !bare.isEmpty else { return false }
        return try await ReceivedMail.query(on: db).filter(\.$messageID == bare).count() > 0
    }

    static func key(of raw: [UInt8], messageID: String?) -> String {
        if let messageID, !messageID.isEmpty { return String(messageID.prefix(900)) }
        return "sha256:" + SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined()
    }

    func ingest(_ raw: [UInt8]) async throws -> Outcome {
        let mail: InboundMail
        do {
            mail = try InboundMail.parse(raw, limits: MailLimits(maxBytes: context.config.maxComplaintBytes + 10 * 1_048_576))
        } catch {
            let key = Self.key(of: raw, messageID: nil)
            if try await isKnown(key) { return .duplicate }
            try await keep(raw, key: key, mail: nil, outcome: .quarantined, reason: "unreadable: \(error)", complaint: nil, on: db)
            logger.warning("mail quarantined", metadata: ["reason": .string(String(describing: error))])
            return .recorded(.quarantined, trackingCode: nil)
        }
        let key = Self.key(of: raw, messageID: mail.messageID)
        if try await isKnown(key) { return .duplicate }

        // Our own message, come back (a copy to the office's own inbox, a forward loop).
        if try await OutgoingMessage.query(on: db).filter(\.$messageID == key).count() > 0 {
            try await keep(raw, key: key, mail: mail, outcome: .own, reason: nil, complaint: nil, on: db)
            return .recorded(.own, trackingCode: nil)
        }
        if let bounce = mail.bounce {
            return try await bounced(raw, key: key, mail: mail, bounce: bounce)
        }
        if let automatic = mail.automatic {
            try await keep(raw, key: key, mail: mail, outcome: .automatic, reason: automatic.code, complaint: nil, on: db)
            logger.info("automatic mail ignored", metadata: ["reason": .string(automatic.code)])
            return .recorded(.automatic, trackingCode: nil)
        }
        guard let sender = mail.from?.address, let senderAddress = try? EmailAddress(sender) else {
            try await keep(raw, key: key, mail: mail, outcome: .quarantined, reason: "no usable From address", complaint: nil, on: db)
            return .recorded(.quarantined, trackingCode: nil)
        }
        if let complaint = try await thread(of: mail) {
            return try await reply(raw, key: key, mail: mail, sender: senderAddress.value, to: complaint)
        }
        return try await newComplaint(raw, key: key, mail: mail, sender: senderAddress)
    }

    // MARK: Threading

    /// The complaint a mail answers: one of our Message-IDs (or an earlier mail of the thread) in its
    /// `In-Reply-To`/`References`, else a tracking code in its subject.
    func thread(of mail: InboundMail) async throws -> Complaint? {
        let ids = Array(mail.threadIDs.prefix(50))
        if !ids.isEmpty {
            if let ours = try await OutgoingMessage.query(on: db).filter(\.$messageID ~~ ids).first() {
                return try await Complaint.find(ours.$complaint.id, on: db)
            }
            if let earlier = try await ReceivedMail.query(on: db).filter(\.$messageID ~~ ids).filter(\.$complaintID != nil).first(),
               let id = earlier.complaintID {
                return try await Complaint.find(id, on: db)
            }
        }
        for mention in TrackingCode.mentions(in: mail.subject ?? "") {
            if let complaint = try await Complaint.query(on: db).filter(\.$trackingCode == mention.code.value).first() {
                return complaint
            }
        }
        return nil
    }

    // MARK: Outcomes

    private func bounced(_ raw: [UInt8], key: String, mail: InboundMail, bounce: InboundMail.Bounce) async throws -> Outcome {
        let ids = ([bounce.originalMessageID].compactMap { $0 } + mail.threadIDs)
        let message = ids.isEmpty ? nil : try await OutgoingMessage.query(on: db).filter(\.$messageID ~~ Array(ids.prefix(50))).first()
        let reason = ["bounce", bounce.status, bounce.diagnostic].compactMap { $0 }.joined(separator: ": ")
        let at = now
        let context = self.context
        try await db.transaction { db in
            try await self.keep(raw, key: key, mail: mail, outcome: .bounce, reason: reason, complaint: message?.$complaint.id, on: db)
            guard let message, bounce.isPermanentFailure else { return }
            message.state = .failed
            message.lastError = String(reason.prefix(2000))
            message.updatedAt = at
            try await message.save(on: db)
            if let complaint = try await Complaint.find(message.$complaint.id, on: db) {
                try await ComplaintRecorder(context: context).notify(.deliveryFailed, about: complaint, at: at, on: db)
            }
        }
        logger.notice("bounce received", metadata: ["message": .string(message?.messageID ?? "-"), "reason": .string(reason)])
        return .recorded(.bounce, trackingCode: nil)
    }

    private func reply(_ raw: [UInt8], key: String, mail: InboundMail, sender: String, to complaint: Complaint) async throws -> Outcome {
        let uploads = try await documents(of: mail)
        let text = Self.messageText(mail.visibleText.isEmpty ? mail.text : mail.visibleText, refused: uploads.refused)
        let fromOwner = complaint.email.map { $0.lowercased() == sender.lowercased() } ?? false
        let canReply = (try? Lifecycle.apply(.citizenReply, to: complaint.status, by: .citizen)) != nil
        if fromOwner && canReply {
            try await ComplaintService(db: db, context: context, logger: logger).addCitizenMessage(
                complaint, message: text, uploads: uploads.accepted, address: nil,
                alongside: { db in try await self.keep(raw, key: key, mail: mail, outcome: .reply, reason: nil, complaint: complaint.id, on: db) })
            logger.info("mail joined complaint", metadata: ["complaint": .string(complaint.trackingCode)])
            return .recorded(.reply, trackingCode: complaint.trackingCode)
        }
        // A stranger, or a complaint that takes no more messages: the officer reads it and decides.
        let at = now
        let why = fromOwner ? "mail.unverified.closed" : "mail.unverified.stranger"
        let note = context.catalogue.text(why, .id, ["from": sender]) + "\n\n" + text
        let context = self.context
        try await db.transaction { db in
            let event = ComplaintEvent(
                complaintID: try complaint.requireID(), action: .note, actorRole: .system, actorName: StepActor.system.displayName,
                from: complaint.status, to: complaint.status, message: String(note.prefix(SubmissionRules.descriptionLength.upperBound)),
                visibility: .internal, at: at)
            try await event.create(on: db)
            try await ComplaintService.attach(uploads.accepted, to: complaint, event: event, by: .citizen, at: at, on: db)
            try await ComplaintRecorder(context: context).record(.init(
                event: event, actor: .system, audit: .complaintAction, auditDetail: "unverified_mail from=\(sender)",
                notice: .unverifiedMail), of: complaint, on: db)
            try await self.keep(raw, key: key, mail: mail, outcome: .unverified, reason: sender, complaint: complaint.id, on: db)
        }
        context.jobs.wake()
        return .recorded(.unverified, trackingCode: complaint.trackingCode)
    }

    private func newComplaint(_ raw: [UInt8], key: String, mail: InboundMail, sender: EmailAddress) async throws -> Outcome {
        let hour = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        let count = try await CounterSQL.countRequest("mail:\(sender.value.lowercased())", windowStart: hour, on: db)
        if count > Self.newComplaintsPerSenderPerHour {
            try await keep(raw, key: key, mail: mail, outcome: .throttled, reason: "more than \(Self.newComplaintsPerSenderPerHour) new complaints this hour", complaint: nil, on: db)
            logger.warning("mail from a busy sender kept without a complaint", metadata: ["sender": .string(sender.value)])
            return .recorded(.throttled, trackingCode: nil)
        }
        let uploads = try await documents(of: mail)
        let body = Self.messageText(mail.visibleText.isEmpty ? mail.text : mail.visibleText, refused: uploads.refused)
        let subject = (mail.subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var description = [subject, body].filter { !$0.isEmpty }.joined(separator: "\n\n")
        if description.count < SubmissionRules.descriptionLength.lowerBound {
            description += "\n\n" + context.catalogue.text("mail.no_text", .id)
        }
        description = String(description.prefix(SubmissionRules.descriptionLength.upperBound))
        let name = Self.name(mail.from?.name, address: sender.value)
        // The same rules as an officer's entry: what a mail cannot carry (NIK, KK, phone, photos,
        // consent) the citizen completes later, and the officer sees what is missing.
        let rules = try await ReferenceRepository(db: db, timeZone: context.config.timeZone)
            .submissionRules(regencyCode: context.config.office.regencyCode, now: now, optionalFields: SubmissionRules.officerOptionalFields)
        let input = ComplaintSubmissionInput(
            name: name, email: sender.value, service: ServiceGuess.code(for: description), classification: Classification.pengaduan.rawValue,
            description: description)
        let submission: ValidComplaintSubmission
        switch ComplaintSubmission.validate(input, rules: rules) {
        case .success(let valid):
            submission = valid
        case .failure(let errors):
            try await keep(raw, key: key, mail: mail, outcome: .quarantined, reason: "not a valid complaint: \(errors)", complaint: nil, on: db)
            return .recorded(.quarantined, trackingCode: nil)
        }
        let intake = ChannelIntake(reference: key, alongside: { complaint, db in
            try await self.keep(raw, key: key, mail: mail, outcome: .complaint, reason: nil, complaint: complaint.id, on: db)
        })
        let complaint = try await ComplaintService(db: db, context: context, logger: logger).file(
            submission, channel: .email, uploads: uploads.accepted, draftToken: nil, address: nil, intake: intake)
        return .recorded(.complaint, trackingCode: complaint.trackingCode)
    }

    // MARK: Pieces

    private func keep(
        _ raw: [UInt8], key: String, mail: InboundMail?, outcome: ReceivedMail.Outcome, reason: String?, complaint: UUID?, on db: any Database
    ) async throws {
        try await ReceivedMail(messageID: key, complaintID: complaint, from: mail?.from?.address, subject: mail?.subject,
                               outcome: outcome, reason: reason, raw: raw, at: now).create(on: db)
    }

    struct Documents: Sendable {
        var accepted: [AcceptedUpload] = []
        var refused: [(name: String, reason: String)] = []
    }

    /// The mail's files through the same inspection as uploads; a refused one is listed, not fatal.
    func documents(of mail: InboundMail) async throws -> Documents {
        var result = Documents()
        var total = 0
        for part in mail.attachments {
            let name = part.filename ?? "lampiran"
            if result.accepted.count >= UploadIntake.maxDocuments {
                result.refused.append((name, context.catalogue.text("upload.too_many", .id)))
                continue
            }
            guard part.bytes.count <= context.config.maxFileBytes, total + part.bytes.count <= context.config.maxComplaintBytes else {
                result.refused.append((name, context.catalogue.text("upload.too_large", .id)))
                continue
            }
            switch try await UploadIntake(context: context, threadPool: threadPool).inspect(part.bytes, named: name, as: .document) {
            case .success(let accepted):
                total += part.bytes.count
                result.accepted.append(accepted)
            case .failure(let error):
                result.refused.append((name, context.catalogue.text(error.messageKey, .id)))
            }
        }
        return result
    }

    static func messageText(_ text: String, refused: [(name: String, reason: String)]) -> String {
        var out = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !refused.isEmpty {
            out += "\n\n" + refused.map { "[Lampiran tidak diterima: \($0.name) — \($0.reason)]" }.joined(separator: "\n")
        }
        return String(out.prefix(SubmissionRules.descriptionLength.upperBound))
    }

    /// The display name of the sender, else the address's local part; within the name rules.
    static func name(_ display: String?, address: String) -> String {
        let candidate = (display?.trimmingCharacters(in: .whitespacesAndNewlines)).flatMap { $0.isEmpty ? nil : $0 }
            ?? String(address.split(separator: "@").first ?? "Warga")
        let clean = candidate.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let bounded = String(clean.prefix(SubmissionRules.nameLength.upperBound))
        return bounded.count >= SubmissionRules.nameLength.lowerBound ? bounded : "Warga (\(bounded))"
    }
}

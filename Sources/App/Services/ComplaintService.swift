import AduanCore
import Fluent
import Vapor

/// The operations on a complaint: filing it, the office asking for something, the citizen answering.
/// Each is one transaction that moves the lifecycle (AduanCore's `Lifecycle`) and writes its event.
struct ComplaintService {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    var now: Date { context.clock.now() }
    var references: ReferenceRepository { ReferenceRepository(db: db, timeZone: context.config.timeZone) }

    /// Version of the consent text shown with the form; recorded with each consent (UU 27/2022 Pasal 22).
    static let consentVersion = "2026-11"

    // MARK: Filing

    /// - Parameter entry: for a complaint entered by an officer (see `enter(_:channel:reference:consentGiven:uploads:by:address:)`).
    func file(
        _ submission: ValidComplaintSubmission, channel: ComplaintChannel, uploads: [AcceptedUpload],
        draftToken: String?, address: String?, entry: OfficerEntry? = nil, intake: ChannelIntake? = nil, language: Language = .id
    ) async throws -> Complaint {
        let receivedAt = now
        let calendar = try await references.calendar()
        let clock = SLAClock(calendar: calendar)
        guard let service = try await references.service(submission.serviceCode) else {
            throw Abort(.unprocessableEntity, reason: "unknown service \(submission.serviceCode)")
        }

        let firstResponseDueAt = clock.deadline(startedAt: receivedAt, budget: SLAClock.firstResponseBudget, pauses: [])!
        let resolutionDays = service.resolutionDays
        let resolutionDueAt = clock.deadline(
            startedAt: receivedAt, budget: SLAClock.resolutionBudget(workingDays: resolutionDays), pauses: [])

        // Retried when it loses a race with another writer (PostgreSQL), so the models are built inside.
        let complaint = try await db.writeTransaction { db in
            let complaint = Complaint()
            complaint.status = Lifecycle.initialStatus
            complaint.channel = channel
            complaint.serviceCode = submission.serviceCode
            complaint.classification = submission.classification
            complaint.description = submission.description
            complaint.districtCode = submission.districtCode
            complaint.nagariCode = submission.nagariCode
            complaint.reporterName = submission.name
            complaint.nik = submission.nik?.value
            complaint.kkNumber = submission.kkNumber?.value
            complaint.phone = submission.phone?.value
            complaint.email = submission.email?.value
            complaint.confidential = submission.confidential
            if let entry {
                complaint.channelReference = entry.reference
                complaint.enteredByUserID = entry.user.id
                complaint.consentMethod = entry.consentGiven ? OfficerEntry.inPersonConsent : nil
            } else if let intake {
                complaint.channelReference = intake.reference
                complaint.consentMethod = intake.consentMethod
            } else {
                complaint.consentMethod = OfficerEntry.onlineConsent
            }
            if entry?.consentGiven ?? (intake.map { $0.consentMethod != nil } ?? true) {
                complaint.consentAt = receivedAt
                complaint.consentVersion = Self.consentVersion
            }
            complaint.receivedAt = receivedAt
            complaint.firstResponseDueAt = firstResponseDueAt
            complaint.resolutionDays = resolutionDays
            complaint.resolutionDueAt = resolutionDueAt
            complaint.updatedAt = receivedAt
            complaint.language = language

            complaint.trackingCode = try await Self.unusedTrackingCode(on: db)
            try await complaint.create(on: db)
            let event = ComplaintEvent(
                complaintID: complaint.id!, action: .submit, actorRole: .citizen, actorName: submission.name,
                from: nil, to: complaint.status, message: nil, visibility: .public, at: receivedAt)
            try await event.create(on: db)
            // Scans and screenshots an officer attaches are the citizen's documents all the same.
            try await Self.attach(uploads, to: complaint, event: event, by: .citizen, at: receivedAt, on: db)
            if let draftToken {
                try await Attachment.query(on: db)
                    .filter(\.$draftToken == draftToken).filter(\.$complaint.$id == nil)
                    .set(\.$complaint.$id, to: complaint.id)
                    .set(\.$event.$id, to: event.id)
                    .set(\.$draftToken, to: nil)
                    .update()
            }
            // Before the step is recorded: what the channel writes (the chat linked to the complaint) decides
            // where the receipt goes.
            try await intake?.alongside?(complaint, db)
            let actor = entry.map { StepActor.officer($0.user, address: address) } ?? StepActor.citizen(complaint, address: address)
            try await ComplaintRecorder(context: context).record(.init(
                event: event, actor: actor, audit: entry == nil ? .complaintSubmitted : .complaintEntered,
                auditDetail: "channel=\(channel.rawValue)"), of: complaint, on: db)
            return complaint
        }
        context.jobs.wake()
        logger.info("complaint received", metadata: [
            "complaint": .string(complaint.trackingCode), "channel": .string(channel.rawValue),
            "service": .string(complaint.serviceCode), "files": .stringConvertible(uploads.count),
        ])
        return complaint
    }

    /// A code no complaint has yet. With 62 random bits a collision is all but impossible; the loop
    /// makes it impossible.
    static func unusedTrackingCode(on db: any Database) async throws -> String {
        while true {
            let code = TrackingCode.generate().value
            if try await Complaint.query(on: db).filter(\.$trackingCode == code).count() == 0 {
                return code
            }
        }
    }

    static func attach(_ uploads: [AcceptedUpload], to complaint: Complaint, event: ComplaintEvent?, by role: ActorRole, at: Date, on db: any Database) async throws {
        for upload in uploads {
            let attachment = Attachment(kind: upload.kind, stored: upload.stored, originalName: upload.originalName, uploadedBy: role, at: at)
            attachment.$complaint.id = complaint.id
            attachment.$event.id = event?.id
            try await attachment.create(on: db)
        }
    }

    // MARK: Drafts (files kept while the rest of the form is corrected)

    /// Keeps accepted files under a draft token. A new photo of the KK or KTP-el replaces the kept one.
    func keepDraft(_ uploads: [AcceptedUpload], token: String) async throws {
        let at = now
        try await db.transaction { db in
            for upload in uploads {
                if upload.kind != .document {
                    try await Attachment.query(on: db)
                        .filter(\.$draftToken == token).filter(\.$kind == upload.kind).delete()
                }
                let attachment = Attachment(kind: upload.kind, stored: upload.stored, originalName: upload.originalName, uploadedBy: .citizen, at: at)
                attachment.draftToken = token
                try await attachment.create(on: db)
            }
        }
    }

    func draftFiles(_ token: String?) async throws -> [Attachment] {
        guard let token, !token.isEmpty else { return [] }
        return try await Attachment.query(on: db)
            .filter(\.$draftToken == token).filter(\.$complaint.$id == nil)
            .sort(\.$createdAt).all()
    }

    /// Drafts are kept for a day (a chat's intake keeps its own, `ChatSweep`); after that their rows go (the sweep calls this), in batches of
    /// `draftPurgeBatch` so that no statement carries more binds than a driver takes. The files stay for
    /// `OrphanFileCollector`, which keeps those another row still uses. Returns the rows removed.
    @discardableResult
    func purgeExpiredDrafts() async throws -> Int {
        let cutoff = now.addingTimeInterval(-86_400)
        var removed = 0
        while true {
            let batch = try await Attachment.query(on: db)
                .filter(\.$draftToken != nil).filter(\.$draftToken !=~ ChatTurns.draftPrefix).filter(\.$complaint.$id == nil)
                .filter(\.$createdAt < cutoff)
                .limit(Self.draftPurgeBatch).all(\.$id)
            guard !batch.isEmpty else { break }
            try await Attachment.query(on: db).filter(\.$id ~~ batch).delete()
            removed += batch.count
            if batch.count < Self.draftPurgeBatch { break }
        }
        return removed
    }

    static let draftPurgeBatch = 500

    // MARK: The conversation

    /// The citizen writes to the office, with or without documents. An answer to a request for
    /// information resumes the clock; an answer to a resolved complaint reopens it.
    @discardableResult
    func addCitizenMessage(
        _ complaint: Complaint, message: String?, uploads: [AcceptedUpload], address: String?,
        alongside: (@Sendable (any Database) async throws -> Void)? = nil
    ) async throws -> ComplaintEvent {
        let at = now
        let previous = complaint.status
        // A refused step leaves any stored files to the orphan collector.
        let next = try Lifecycle.apply(.citizenReply, to: previous, by: .citizen)
        let calendar = try await references.calendar()
        let event = ComplaintEvent(
            complaintID: complaint.id!, action: .citizenReply, actorRole: .citizen, actorName: complaint.reporterName,
            from: previous, to: next, message: message, visibility: .public, at: at)
        try await db.transaction { db in
            try await event.create(on: db)
            try await Self.attach(uploads, to: complaint, event: event, by: .citizen, at: at, on: db)
            if previous == .needsInfo {
                try await complaint.resumeClock(at: at, calendar: calendar, on: db)
            }
            complaint.status = next
            complaint.updatedAt = at
            try await complaint.save(on: db)
            try await ComplaintRecorder(context: context).record(.init(
                event: event, actor: .citizen(complaint, address: address), audit: .citizenMessage, auditDetail: "files=\(uploads.count)",
                notice: .citizenReplied), of: complaint, on: db)
            try await alongside?(db)
        }
        context.jobs.wake()
        return event
    }
}

/// A complaint that reached the office on a channel Aduan reads itself (e-mail, a chat): the channel's
/// own reference (the mail's Message-ID, the chat), the consent if the channel asked for it (a chat
/// does; a mail does not, and the citizen gives it when completing the complaint), and what must be
/// written with it in the same transaction.
struct ChannelIntake: Sendable {
    var reference: String?
    /// How consent was given on the channel (`chat`); nil when it was not asked.
    var consentMethod: String? = nil
    var alongside: (@Sendable (Complaint, any Database) async throws -> Void)?

    /// Consent given in a chat's intake, by answering its question with the privacy link.
    static let chatConsent = "chat"
}

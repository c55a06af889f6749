import AduanCore
import Fluent
import Vapor

/// The automatic steps of the clock (DESIGN.md "The clock"; issue "The clock, escalation and automatic
/// steps"): warn the officer before a deadline, escalate to the pimpinan at a breach, withdraw a complaint
/// that waited 30 days for the citizen (UU 25/2009), close a resolved complaint after 10 working days
/// without a reply.
///
/// Each step happens exactly once per complaint and deadline: it is taken in the same transaction that
/// inserts its `SweepMark`, whose unique key refuses a second insert — from another instance sweeping at
/// the same moment, or from this one after a restart.
struct SLASweep {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    /// How long before a deadline the officer is warned, in working time.
    static let warnBefore: TimeInterval = SLAClock.dueSoonWindow
    /// UU 25/2009: a complaint left incomplete for 30 days is considered withdrawn.
    static let withdrawAfterDays = 30
    /// The citizen is reminded this many days before the withdrawal.
    static let remindBeforeWithdrawalDays = 7
    /// A resolved complaint closes after 10 working days without a reply (DESIGN.md).
    static let closeAfterWorkingDays = 10
    /// Delivered messages' jobs are kept this long (the messages themselves stay with the complaint).
    static let keepFinishedJobs: TimeInterval = 7 * 86_400

    var recorder: ComplaintRecorder { ComplaintRecorder(context: context) }

    struct Outcome: Equatable, Sendable {
        var warnings = 0
        var reminders = 0
        var breaches = 0
        var withdrawn = 0
        var closed = 0
        var anonymised = 0
        var draftFilesExpired = 0
        var staleCounters = 0
        var finishedJobs = 0
        var chats = ChatSweep.Outcome()
        var files = OrphanFileCollector.Outcome()
    }

    @discardableResult
    func run() async throws -> Outcome {
        let now = context.clock.now()
        let calendar = try await ReferenceRepository(db: db, timeZone: context.config.timeZone).calendar()
        var outcome = Outcome()

        // Deadlines: complaints the office still owes an answer or a resolution.
        let horizon = now.addingTimeInterval(14 * 86_400)
        let open = try await Complaint.query(on: db)
            .filter(\.$status ~~ [ComplaintStatus.received, .inProgress])
            .group(.or) { group in
                group.filter(\.$firstResponseDueAt <= horizon)
                group.filter(\.$resolutionDueAt <= horizon)
            }
            .all()
        for complaint in open {
            let deadlines: [(Date?, SweepMark.Step, SweepMark.Step)] = complaint.firstRespondedAt == nil
                ? [(complaint.firstResponseDueAt, .firstResponseWarning, .firstResponseBreach)]
                : [(complaint.resolutionDueAt, .resolutionWarning, .resolutionBreach)]
            for (due, warning, breach) in deadlines {
                guard let due else { continue }
                let remaining = due > now ? calendar.workingSeconds(from: now, to: due) : -1
                if remaining <= 0 {
                    if try await take(breach, complaint: complaint, deadline: due, now: now, effect: { db in
                        try await self.recorder.notify(.breached, about: complaint, at: now, on: db)
                    }) { outcome.breaches += 1 }
                } else if remaining <= Self.warnBefore {
                    if try await take(warning, complaint: complaint, deadline: due, now: now, effect: { db in
                        try await self.recorder.notify(.dueSoon, about: complaint, at: now, on: db)
                    }) { outcome.warnings += 1 }
                }
            }
        }

        let withdrawCutoff = now.addingTimeInterval(-Double(Self.withdrawAfterDays) * 86_400)
        // Waiting for the citizen for 23 days: reminded that the complaint is withdrawn in 7 days.
        let reminderCutoff = now.addingTimeInterval(-Double(Self.withdrawAfterDays - Self.remindBeforeWithdrawalDays) * 86_400)
        let toRemind = try await Complaint.query(on: db)
            .filter(\.$status == .needsInfo).filter(\.$pausedSince <= reminderCutoff).filter(\.$pausedSince > withdrawCutoff).all()
        for complaint in toRemind {
            guard let since = complaint.pausedSince else { continue }
            if try await take(.withdrawalReminder, complaint: complaint, deadline: since, now: now, effect: { db in
                try await self.recorder.record(.init(
                    event: nil, actor: .system, audit: .complaintAction, auditDetail: "withdrawal_reminder",
                    message: .some(.withdrawalReminder)), of: complaint, on: db)
            }) { outcome.reminders += 1 }
        }

        // Waiting for the citizen for 30 days: withdrawn.
        let waiting = try await Complaint.query(on: db)
            .filter(\.$status == .needsInfo).filter(\.$pausedSince <= withdrawCutoff).all()
        for complaint in waiting {
            guard let since = complaint.pausedSince else { continue }
            if try await take(.withdraw, complaint: complaint, deadline: since, now: now, effect: { db in
                try await self.systemStep(.withdraw, complaint: complaint, messageKey: "sweep.withdrawn", notice: .withdrawn, at: now, calendar: calendar, on: db)
            }) { outcome.withdrawn += 1 }
        }

        // Resolved and left without a reply for 10 working days: closed.
        let resolved = try await Complaint.query(on: db)
            .filter(\.$status == .resolved).filter(\.$resolvedAt <= now.addingTimeInterval(-10 * 86_400)).all()
        for complaint in resolved {
            guard let resolvedAt = complaint.resolvedAt,
                  calendar.date(addingWorkingSeconds: Double(Self.closeAfterWorkingDays) * 86_400, to: resolvedAt) <= now
            else { continue }
            if try await take(.autoClose, complaint: complaint, deadline: resolvedAt, now: now, effect: { db in
                try await self.systemStep(.close, complaint: complaint, messageKey: "sweep.closed", notice: nil, at: now, calendar: calendar, on: db)
            }) { outcome.closed += 1 }
        }

        // UU 27/2022: at the end of the retention period the personal data go, the statistics stay.
        let retentionYears = try await OfficeProfileStore(db: db, config: context.config).effective().retentionYears
        let retentionCutoff = now.addingTimeInterval(-Double(retentionYears) * 365.25 * 86_400)
        let finished = try await Complaint.query(on: db)
            .filter(\.$status ~~ [ComplaintStatus.closed, .rejected, .withdrawn])
            .filter(\.$updatedAt <= retentionCutoff).filter(\.$reporterName != Self.anonymisedName)
            .limit(500).all()
        for complaint in finished {
            // The rows go here; the files with them once no other complaint holds the same bytes (the collector).
            if try await take(.anonymise, complaint: complaint, deadline: complaint.updatedAt, now: now, effect: { db in
                try await Self.anonymise(complaint, on: db)
            }) {
                outcome.anonymised += 1
            }
        }

        // Files kept for a form that was never completed go after a day.
        outcome.draftFilesExpired = try await ComplaintService(db: db, context: context, logger: logger).purgeExpiredDrafts()
        outcome.chats = try await ChatSweep(db: db, context: context).run()
        outcome.staleCounters = try await CounterSQL.purgeStale(now: now, on: db)
        outcome.finishedJobs = try await JobQueue(db: db, now: now).purgeDone(olderThan: Self.keepFinishedJobs)
        outcome.files = try await OrphanFileCollector(db: db, store: context.store, logger: logger)
            .run(now: now, minimumAge: context.config.orphanMinimumAge)

        if outcome != Outcome() {
            logger.info("SLA sweep", metadata: [
                "warnings": .stringConvertible(outcome.warnings), "breaches": .stringConvertible(outcome.breaches),
                "withdrawn": .stringConvertible(outcome.withdrawn), "closed": .stringConvertible(outcome.closed),
                "anonymised": .stringConvertible(outcome.anonymised), "draft_files_expired": .stringConvertible(outcome.draftFilesExpired),
                "stale_counters": .stringConvertible(outcome.staleCounters),
            ])
        }
        return outcome
    }

    /// Takes `step` once: inserts its mark and applies `effect` in one transaction. False when the mark
    /// exists already (the step was taken before, here or by another instance).
    private func take(
        _ step: SweepMark.Step, complaint: Complaint, deadline: Date, now: Date,
        effect: @escaping @Sendable (any Database) async throws -> Void
    ) async throws -> Bool {
        let complaintID = try complaint.requireID()
        let key = ISO8601DateFormatter().string(from: deadline)
        if try await SweepMark.query(on: db).filter(\.$complaintID == complaintID).filter(\.$step == step).filter(\.$deadline == key).count() > 0 {
            return false
        }
        do {
            try await db.transaction { db in
                try await SweepMark(complaintID: complaintID, step: step, deadline: key, at: now).create(on: db)
                try await effect(db)
            }
            return true
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false
        }
    }

    static let anonymisedName = "(dianonimkan)"

    /// Removes the personal data of a finished complaint: the complainant's identity and contacts, the
    /// description and the citizen's messages, the documents' rows (the collector deletes the files), access
    /// grants, and the name in the audit. Status, service, channel, region, dates and the office's steps
    /// remain for reports.
    static func anonymise(_ complaint: Complaint, on db: any Database) async throws {
        let id = try complaint.requireID()
        complaint.reporterName = anonymisedName
        complaint.nik = nil
        complaint.kkNumber = nil
        complaint.phone = nil
        complaint.email = nil
        complaint.description = anonymisedName
        complaint.channelReference = nil
        try await complaint.save(on: db)
        try await ComplaintEvent.query(on: db).filter(\.$complaint.$id == id).filter(\.$actorRole == .citizen)
            .set(\.$message, to: nil).set(\.$actorName, to: anonymisedName).update()
        try await AuditEntry.query(on: db).filter(\.$complaintID == id).filter(\.$actorRole == .citizen)
            .set(\.$actorName, to: anonymisedName).update()
        try await AccessGrant.query(on: db).filter(\.$complaint.$id == id).delete()
        try await Attachment.query(on: db).filter(\.$complaint.$id == id).delete()
        try await AccessLink.query(on: db).filter(\.$complaint.$id == id).delete()
        try await OutgoingMessage.query(on: db).filter(\.$complaint.$id == id).set(\.$recipient, to: anonymisedName).update()
    }

    /// A step the system takes itself, as an event on the timeline the citizen sees.
    private func systemStep(
        _ action: ComplaintAction, complaint: Complaint, messageKey: String, notice: Notification.Kind?, at: Date, calendar: WorkingCalendar,
        on db: any Database
    ) async throws {
        let previous = complaint.status
        let next = try Lifecycle.apply(action, to: previous, by: .system)
        let message = context.catalogue.text(messageKey, .id)
        let event = ComplaintEvent(
            complaintID: try complaint.requireID(), action: action, actorRole: .system, actorName: StepActor.system.displayName,
            from: previous, to: next, message: message, visibility: .public, at: at)
        if previous == .needsInfo {
            try await complaint.resumeClock(at: at, calendar: calendar, on: db)
        }
        complaint.status = next
        complaint.updatedAt = at
        try await complaint.save(on: db)
        try await recorder.record(.init(event: event, actor: .system, audit: .complaintAction, auditDetail: action.rawValue, notice: notice),
                                  of: complaint, on: db)
    }
}

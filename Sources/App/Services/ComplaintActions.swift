import AduanCore
import Fluent
import Vapor

/// What an officer asks to do with a complaint, from the console or the API.
struct OfficerAction: Sendable {
    var type: ComplaintAction
    var message: String?
    /// For `forward`: the unit code.
    var unitCode: String?
    /// For `change_service`.
    var serviceCode: String?
    var classification: Classification?
    /// For `merge`: the tracking code of the complaint this one duplicates.
    var mergeInto: String?
    /// For `reply`, `request_info` and `resolve`: the office's files, already checked and stored
    /// (`OfficeDocuments.take`), attached to the event.
    var uploads: [AcceptedUpload] = []
}

/// The officers' actions on a complaint. Each checks who may act (`StaffAccessPolicy`, `Lifecycle`),
/// moves the clocks, and records the step (`ComplaintRecorder`: event, audit, notices, messages).
struct ComplaintActions {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    enum Failure: Error, Equatable {
        /// The complaint does not exist for this person (a unit's staff and another unit's complaint).
        case notVisible
        case messageRequired
        case unknownUnit
        case unknownService
        case nothingToChange
        case mergeTargetMissing
        case mergeTargetInvalid

        var messageKey: String {
            switch self {
            case .notVisible: "complaint.not_found"
            case .messageRequired: "action.message_required"
            case .unknownUnit: "action.unknown_unit"
            case .unknownService: "validation.service.unknown"
            case .nothingToChange: "action.nothing_to_change"
            case .mergeTargetMissing: "action.merge_target_missing"
            case .mergeTargetInvalid: "action.merge_target_invalid"
            }
        }

        var field: String {
            switch self {
            case .notVisible: "code"
            case .messageRequired: "message"
            case .unknownUnit: "unit"
            case .unknownService, .nothingToChange: "service"
            case .mergeTargetMissing, .mergeTargetInvalid: "merge_into"
            }
        }
    }

    var now: Date { context.clock.now() }
    var references: ReferenceRepository { ReferenceRepository(db: db, timeZone: context.config.timeZone) }

    @discardableResult
    func perform(_ action: OfficerAction, on complaint: Complaint, by user: User) async throws -> ComplaintEvent {
        let policy = user.policy
        guard policy.canSee(forwardedTo: complaint.unitCode) else { throw Failure.notVisible }
        let message = action.message?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let previous = complaint.status
        let next = try Lifecycle.apply(action.type, to: previous, by: user.role.actor)
        if action.type.requiresMessage && message == nil { throw Failure.messageRequired }
        if let message, message.count > SubmissionRules.descriptionLength.upperBound { throw Failure.messageRequired }
        try OfficeDocuments.check(action)

        let at = now
        let calendar = try await references.calendar()
        let event = ComplaintEvent(
            complaintID: try complaint.requireID(), action: action.type, actorRole: user.role.actor, actorName: user.displayName,
            from: previous, to: next, message: message, visibility: action.type.isVisibleToCitizen ? .public : .internal, at: at)
        event.actorUserID = user.id
        var mergeTarget: Complaint?

        switch action.type {
        case .forward:
            guard let code = action.unitCode, let unit = try await Unit.find(code, on: db), unit.active else { throw Failure.unknownUnit }
            complaint.unitCode = unit.id
            event.unitCode = unit.id
        case .changeService:
            var changed = false
            if let code = action.serviceCode, code != complaint.serviceCode {
                guard let service = try await references.service(code), service.active else { throw Failure.unknownService }
                complaint.serviceCode = code
                complaint.resolutionDays = service.resolutionDays
                changed = true
            }
            if let classification = action.classification, classification != complaint.classification {
                complaint.classification = classification
                changed = true
            }
            guard changed else { throw Failure.nothingToChange }
        case .merge:
            guard let raw = action.mergeInto, let target = try await ComplaintSnapshot.find(code: raw, on: db) else {
                throw Failure.mergeTargetMissing
            }
            guard target.id != complaint.id, target.status.isOpen || target.status == .resolved else { throw Failure.mergeTargetInvalid }
            complaint.mergedIntoID = target.id
            mergeTarget = target
        default:
            break
        }

        if action.type.isFirstResponse && complaint.firstRespondedAt == nil { complaint.firstRespondedAt = at }
        if complaint.assignedUserID == nil && user.role == .pengelola { complaint.assignedUserID = user.id }
        if next == .resolved { complaint.resolvedAt = at }
        if previous == .resolved && next != .resolved && next != .closed { complaint.resolvedAt = nil }

        let merged = mergeTarget
        let recorder = ComplaintRecorder(context: context)
        let actor = StepActor.officer(user)
        try await db.transaction { db in
            // The event first, so that the office's files can name it.
            try await event.create(on: db)
            try await ComplaintService.attach(action.uploads, to: complaint, event: event, by: user.role.actor, at: at, on: db)
            if next == .needsInfo && previous != .needsInfo {
                try await complaint.pauseClock(at: at, on: db)
            } else if previous == .needsInfo && next != .needsInfo {
                // The office closes the waiting itself (e.g. rejects): the pause ends here.
                try await complaint.resumeClock(at: at, calendar: calendar, on: db)
            } else if complaint.pausedSince == nil {
                // The service (and so its target in working days) may have changed.
                try await complaint.recomputeResolutionDue(calendar: calendar, on: db)
            }
            complaint.status = next
            complaint.updatedAt = at
            try await complaint.save(on: db)
            try await recorder.record(.init(
                event: event, actor: actor, audit: .complaintAction, auditDetail: action.type.rawValue,
                notice: action.type == .forward ? .forwarded : nil), of: complaint, on: db)
            if let target = merged {
                let note = ComplaintEvent(
                    complaintID: try target.requireID(), action: .note, actorRole: user.role.actor, actorName: user.displayName,
                    from: target.status, to: target.status, message: "Duplikat \(complaint.trackingCode) digabung ke pengaduan ini.",
                    visibility: .internal, at: at)
                note.actorUserID = user.id
                try await recorder.record(.init(event: note, actor: actor, audit: .complaintAction, auditDetail: "merge_target"), of: target, on: db)
            }
        }
        context.jobs.wake()
        logger.info("officer action", metadata: [
            "complaint": .string(complaint.trackingCode), "action": .string(action.type.rawValue), "user": .string(user.username),
        ])
        return event
    }

    /// Open complaints that look like the same problem: the same NIK or phone number and the same service.
    func likelyDuplicates(of complaint: Complaint) async throws -> [Complaint] {
        guard complaint.nik != nil || complaint.phone != nil else { return [] }
        let open: [ComplaintStatus] = [.received, .inProgress, .needsInfo]
        return try await Complaint.query(on: db)
            .filter(\.$id != complaint.requireID())
            .filter(\.$serviceCode == complaint.serviceCode)
            .filter(\.$status ~~ open)
            .group(.or) { group in
                if let nik = complaint.nik { group.filter(\.$nik == nik) }
                if let phone = complaint.phone { group.filter(\.$phone == phone) }
            }
            .sort(\.$receivedAt)
            .limit(10)
            .all()
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

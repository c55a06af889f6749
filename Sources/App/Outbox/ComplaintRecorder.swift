import AduanCore
import Fluent
import Vapor

/// Who takes a step of a complaint, as the audit log and the timeline name them.
struct StepActor: Sendable {
    var role: ActorRole
    /// Shown on the timeline (an officer's display name, the citizen's name, "Sistem").
    var displayName: String
    /// Written to the audit log (an officer's username).
    var auditName: String
    var userID: UUID?
    var address: String?

    static func officer(_ user: User, address: String? = nil) -> StepActor {
        StepActor(role: user.role.actor, displayName: user.displayName, auditName: user.username, userID: user.id, address: address)
    }

    static func citizen(_ complaint: Complaint, address: String?) -> StepActor {
        StepActor(role: .citizen, displayName: complaint.reporterName, auditName: complaint.reporterName, userID: nil, address: address)
    }

    static let system = StepActor(role: .system, displayName: "Sistem", auditName: "sistem", userID: nil, address: nil)
}

/// The one place that records what happens to a complaint: the event on its timeline, the audit
/// entry, the notices under the officers' bell and the messages to the citizen — in the caller's
/// transaction, so that a step is either recorded whole or not at all, and no caller can forget a part.
///
/// Who in the office hears of a step follows `Notification.Kind.audience`; what the citizen is told,
/// `CitizenMessageKind.forStep`; on which channels, `CitizenChannels`.
struct ComplaintRecorder {
    let context: AduanContext

    struct Step {
        /// The event on the timeline; nil for a step that is only told (the reminder before withdrawal).
        var event: ComplaintEvent?
        var actor: StepActor
        var audit: AuditEntry.Action
        var auditDetail: String?
        /// The officers' notice, if the step has one.
        var notice: Notification.Kind?
        /// The message to the citizen: by default the one the event's step calls for.
        var message: CitizenMessageKind??
    }

    struct Recorded: Sendable {
        var messages: [UUID] = []
    }

    /// Records `step` of `complaint` on `db` (the caller's transaction). The complaint must be saved.
    @discardableResult
    func record(_ step: Step, of complaint: Complaint, on db: any Database) async throws -> Recorded {
        let at = context.clock.now()
        let complaintID = try complaint.requireID()
        // A step that attached files created its event already, to link them.
        if let event = step.event, !event.$id.exists {
            try await event.create(on: db)
        }
        let audit = AuditEntry(at: at, actorRole: step.actor.role, actorName: step.actor.auditName, action: step.audit,
                               complaintID: complaintID, detail: step.auditDetail, address: step.actor.address)
        audit.actorUserID = step.actor.userID
        try await audit.create(on: db)

        if let notice = step.notice {
            try await notify(notice, about: complaint, except: step.actor.userID, at: at, on: db)
        }

        var recorded = Recorded()
        let kind: CitizenMessageKind? = switch step.message {
        case .some(let explicit): explicit
        case .none: step.event.flatMap { CitizenMessageKind.forStep($0.action, from: $0.fromStatus, to: $0.toStatus) }
        }
        if let kind {
            for contact in try await CitizenChannels(context: context).contacts(of: complaint, on: db) {
                let message = OutgoingMessage(
                    complaintID: complaintID, eventID: step.event?.id, kind: kind, channel: contact.channel, recipient: contact.address,
                    language: complaint.language ?? .id, messageID: contact.newMessageID(), at: at)
                try await message.create(on: db)
                try await JobQueue.enqueue(.deliver, reference: message.id, now: at, on: db)
                recorded.messages.append(try message.requireID())
            }
        }
        return recorded
    }

    /// Puts a notice under the bell of everyone in `kind.audience` for this complaint (the one who took
    /// the step excepted).
    func notify(_ kind: Notification.Kind, about complaint: Complaint, except actor: UUID? = nil, at: Date, on db: any Database) async throws {
        let audience = kind.audience
        var recipients: Set<UUID> = []
        if let assigned = complaint.assignedUserID, audience.contains(.assigned) {
            recipients.insert(assigned)
        }
        if complaint.assignedUserID == nil, audience.contains(.officersWhenUnassigned) {
            recipients.formUnion(try await User.query(on: db).filter(\.$role == .pengelola).filter(\.$active == true).all(\.$id))
        }
        if let unit = complaint.unitCode, audience.contains(.unit) {
            recipients.formUnion(try await User.query(on: db).filter(\.$unitCode == unit).filter(\.$active == true).all(\.$id))
        }
        if audience.contains(.leadership) {
            recipients.formUnion(try await User.query(on: db).filter(\.$role == .pimpinan).filter(\.$active == true).all(\.$id))
        }
        if audience.contains(.admins) {
            recipients.formUnion(try await User.query(on: db).filter(\.$role == .admin).filter(\.$active == true).all(\.$id))
        }
        if let actor { recipients.remove(actor) }
        for user in recipients.sorted(by: { $0.uuidString < $1.uuidString }) {
            try await Notification(userID: user, complaintID: complaint.id, kind: kind, at: at).create(on: db)
        }
    }
}

extension Notification.Kind {
    /// Who hears of each kind of notice (one rule for every step that raises it).
    var audience: StaffAudience {
        switch self {
        case .dueSoon, .withdrawn, .closed, .citizenReplied, .deliveryFailed, .unverifiedMail: .handlers
        case .breached: StaffAudience.handlers.union(.leadership)
        case .forwarded: .unit
        case .channelProblem: .admins
        }
    }
}

extension ComplaintRecorder {
    /// Tells the admins that the office's setup of a channel is at fault (no complaint of its own); once
    /// an hour at most, however many messages fail meanwhile.
    func alertAdmins(_ kind: Notification.Kind, at: Date, on db: any Database) async throws {
        let recent = try await Notification.query(on: db).filter(\.$kind == kind).filter(\.$createdAt > at.addingTimeInterval(-3600)).count()
        guard recent == 0 else { return }
        let admins = try await User.query(on: db).filter(\.$role == .admin).filter(\.$active == true).all(\.$id)
        for admin in admins.sorted(by: { $0.uuidString < $1.uuidString }) {
            try await Notification(userID: admin, complaintID: nil, kind: kind, at: at).create(on: db)
        }
    }
}

/// The ways to reach the citizen of a complaint: every channel they gave that the office has
/// configured. Officers see the result on the complaint page.
struct CitizenChannels {
    let context: AduanContext

    struct Contact: Sendable, Equatable {
        var channel: MessageChannel
        var address: String
        var domain: String

        /// A fresh Message-ID (e-mail) on the office's domain, fixed before the first attempt.
        func newMessageID() -> String {
            "aduan.\(UUID().uuidString.lowercased())@\(domain)"
        }
    }

    enum Unreachable: String, Sendable {
        /// The citizen gave no e-mail address.
        case noEmail = "no_email"
        /// The office has not configured sending e-mail (`ADUAN_SMTP_URL`).
        case emailOff = "email_off"
    }

    /// The chat the complaint came from, or the one the citizen's WhatsApp number has with the office (a
    /// chat the citizen opened: the office never writes first to a number that has not written to it);
    /// else the e-mail address. The chat comes first and alone: the citizen who writes there reads there,
    /// and e-mail is the next channel when the chat cannot reach them (`OutboxFallback`).
    func contacts(of complaint: Complaint, on db: any Database) async throws -> [Contact] {
        if let chat = try await chat(of: complaint, on: db), configured(chat.platform) {
            return [Contact(channel: chat.platform.messageChannel, address: chat.citizen, domain: context.config.mailSender?.domain ?? "aduan.local")]
        }
        if let email = complaint.email, let sender = context.config.mailSender {
            return [Contact(channel: .email, address: email, domain: sender.domain)]
        }
        return []
    }

    /// The chat of the complaint: the one it was filed in or joined, else the WhatsApp chat of its phone.
    func chat(of complaint: Complaint, on db: any Database) async throws -> ChatConversation? {
        if let linked = try await ChatConversation.query(on: db).filter(\.$complaintID == complaint.requireID())
            .sort(\.$updatedAt, .descending).first() {
            return linked
        }
        guard let phone = complaint.phone else { return nil }
        return try await ChatConversation.query(on: db).filter(\.$platform == .whatsapp).filter(\.$citizen == phone).first()
    }

    func configured(_ platform: ChatPlatform) -> Bool {
        switch platform {
        case .whatsapp: context.config.chat.whatsapp != nil
        case .messenger, .instagram: context.config.chat.meta != nil
        }
    }

    /// Why the citizen is not reached on a channel, for the officer.
    func unreachable(_ complaint: Complaint) -> [Unreachable] {
        var reasons: [Unreachable] = []
        if complaint.email == nil { reasons.append(.noEmail) } else if context.config.mailSender == nil { reasons.append(.emailOff) }
        return reasons
    }
}

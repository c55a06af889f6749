/// The office's roles (issue "The office's side"): what each may see of a complaint.
public enum StaffRole: String, CaseIterable, Sendable, Codable {
    /// Users, units, catalogue, calendar; must use two-factor authentication.
    case admin
    /// Complaints officer (Pejabat Pengelola Pengaduan Publik and staff): handles every complaint.
    case pengelola
    /// Staff of a unit (Dafduk, Capil, PIAK, PDIP): only what was forwarded to the unit.
    case bidang
    /// Head of office: reads everything, acts on escalations, sees reports.
    case pimpinan

    public var actor: ActorRole {
        switch self {
        case .admin: .admin
        case .pengelola: .pengelola
        case .bidang: .bidang
        case .pimpinan: .pimpinan
        }
    }

    public var messageKey: String { "role.\(rawValue)" }

    /// The roles that see complainants' identities, and so must protect their accounts with a second
    /// factor unless the office configures otherwise (`ADUAN_REQUIRE_2FA_ROLES`).
    public static let identityRoles: Set<StaffRole> = [.admin, .pengelola, .pimpinan]
}

/// Who may see what: a unit's staff see only what was forwarded to their unit, and never the identity of
/// a complainant who asked for confidentiality (rahasia). Everyone else of the office sees every complaint.
public struct StaffAccessPolicy: Sendable, Equatable {
    public var role: StaffRole
    public var unitCode: String?

    public init(role: StaffRole, unitCode: String?) {
        self.role = role
        self.unitCode = unitCode
    }

    /// Whether the complaint exists for this person at all.
    public func canSee(forwardedTo complaintUnit: String?) -> Bool {
        switch role {
        case .admin, .pengelola, .pimpinan: true
        case .bidang: unitCode != nil && complaintUnit == unitCode
        }
    }

    /// Whether the complainant's name, NIK, KK number, phone, e-mail and identity documents show.
    public func canSeeIdentity(confidential: Bool) -> Bool {
        !(confidential && role == .bidang)
    }

    /// What the rules of confidentiality need to know of a complaint.
    public struct Scope: Sendable, Equatable {
        public var unitCode: String?
        public var confidential: Bool

        public init(unitCode: String?, confidential: Bool) {
            self.unitCode = unitCode
            self.confidential = confidential
        }
    }

    /// Whether the channel's reference (a link to the citizen's post, a message id) shows: it leads to
    /// the person as surely as the name does.
    public func canSeeChannelReference(of complaint: Scope) -> Bool {
        canSeeIdentity(confidential: complaint.confidential)
    }

    /// Whether the page of `complaint` may name `other` (merged into, merged from, a code in a note).
    /// The person must be able to open it, and both must show the identity alike: a link between a
    /// confidential complaint and one whose complainant shows tells a unit who the confidential one is.
    public func mayMention(_ other: Scope, on complaint: Scope) -> Bool {
        canSee(forwardedTo: other.unitCode)
            && canSeeIdentity(confidential: complaint.confidential) == canSeeIdentity(confidential: other.confidential)
    }

    /// Whether the likely duplicates (same NIK or phone) of `complaint` are listed at all: not where the
    /// identity is hidden, since the list says "this person also complained about …".
    public func canListDuplicates(of complaint: Scope) -> Bool {
        canSeeIdentity(confidential: complaint.confidential)
    }

    /// Whether `twin` appears among the likely duplicates of `complaint`: listed at all, the twin opens for
    /// this person, and its identity is not hidden (the same NIK would name its complainant).
    public func mayListDuplicate(_ twin: Scope, of complaint: Scope) -> Bool {
        canListDuplicates(of: complaint) && canSee(forwardedTo: twin.unitCode) && canSeeIdentity(confidential: twin.confidential)
    }

    /// Whether the person may take `action` at all (the lifecycle then decides by status).
    public func mayTake(_ action: ComplaintAction) -> Bool {
        Lifecycle.roles(for: action).contains(role.actor)
    }

    /// Administration pages: users, units, catalogue, calendar, canned replies, settings.
    public var canAdminister: Bool { role == .admin }

    /// The audit log: admin and pimpinan.
    public var canReadAudit: Bool { role == .admin || role == .pimpinan }

    /// The chats that are not yet complaints (intakes under way, citizens waiting for an officer): no
    /// unit's business until a complaint is forwarded to it.
    public var canSeeChatIntakes: Bool { role != .bidang }

    /// Whether the number or platform id of a chat not yet a complaint shows whole (else only its last
    /// four digits): the roles that see complainants' identities.
    public var canSeeChatContacts: Bool { StaffRole.identityRoles.contains(role) }

    /// Entering a complaint received elsewhere on the citizen's behalf.
    public var canEnterComplaints: Bool { role == .pengelola || role == .admin }
}

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

    /// Admins must protect their account with a second factor.
    public var requiresTwoFactor: Bool { self == .admin }
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

    /// Whether the person may take `action` at all (the lifecycle then decides by status).
    public func mayTake(_ action: ComplaintAction) -> Bool {
        Lifecycle.roles(for: action).contains(role.actor)
    }

    /// Administration pages: users, units, catalogue, calendar, canned replies, settings.
    public var canAdminister: Bool { role == .admin }

    /// The audit log: admin and pimpinan.
    public var canReadAudit: Bool { role == .admin || role == .pimpinan }

    /// Entering a complaint received elsewhere on the citizen's behalf.
    public var canEnterComplaints: Bool { role == .pengelola || role == .admin }
}

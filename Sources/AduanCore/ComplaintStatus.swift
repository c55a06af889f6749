/// Where a complaint stands (DESIGN.md "Lifecycle"). Raw values are stored: never change them.
public enum ComplaintStatus: String, CaseIterable, Sendable, Codable {
    /// Diterima.
    case received
    /// Diproses (possibly forwarded to a bidang).
    case inProgress = "in_progress"
    /// Menunggu kelengkapan: the officer asked the citizen for something; the SLA clock pauses.
    case needsInfo = "needs_info"
    /// Selesai: answered; closes by itself after 10 working days without a reply.
    case resolved
    /// Ditutup.
    case closed
    /// Ditolak: outside the office's authority.
    case rejected
    /// Dicabut: withdrawn by the citizen, or after 30 days without the requested information.
    case withdrawn

    /// Key of the label shown to people ("status.received" …, "status.in_progress" …).
    public var messageKey: String { "status.\(rawValue)" }

    /// The office still owes work: received, in progress, or waiting for the citizen.
    public var isOpen: Bool {
        switch self {
        case .received, .inProgress, .needsInfo: true
        case .resolved, .closed, .rejected, .withdrawn: false
        }
    }

    /// Finished: closed, rejected or withdrawn. (Closed and rejected complaints can still be reopened by
    /// an officer; `resolved` is neither open nor terminal: it waits for the citizen or the auto-close.)
    public var isTerminal: Bool {
        switch self {
        case .closed, .rejected, .withdrawn: true
        case .received, .inProgress, .needsInfo, .resolved: false
        }
    }
}

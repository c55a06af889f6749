/// Something that happens to a complaint; each is recorded as an event. Raw values are stored.
public enum ComplaintAction: String, CaseIterable, Sendable, Codable {
    /// The complaint is filed (creates it; never applied to an existing one).
    case submit
    /// A public answer to the citizen.
    case reply
    /// Instructions to the citizen to complete the complaint; pauses the SLA clock.
    case requestInfo = "request_info"
    /// The citizen writes (answers a request, adds documents, or replies to a resolution).
    case citizenReply = "citizen_reply"
    /// An internal note, never shown to the citizen.
    case note
    /// Disposisi to a bidang.
    case forward
    /// Resolved: the complaint has its answer.
    case resolve
    /// Outside the office's authority: rejected with a reason and where to go instead.
    case reject
    case reopen
    case close
    /// By the citizen, or by the system after 30 days without the requested information (UU 25/2009).
    case withdraw
    /// A duplicate merged into another complaint.
    case merge
    /// The complaint is moved to another service of the catalogue.
    case changeService = "change_service"
}

extension ComplaintAction {
    /// Whether the citizen sees the event's text on the follow page. Forwarding, changing the service and
    /// merging show the step but keep the officer's words inside the office; notes are never shown.
    public var messageIsForCitizen: Bool {
        switch self {
        case .submit, .reply, .requestInfo, .citizenReply, .resolve, .reject, .reopen, .close, .withdraw: true
        case .note, .forward, .changeService, .merge: false
        }
    }

    /// Whether the step appears on the citizen's timeline at all.
    public var isVisibleToCitizen: Bool { self != .note }

    /// An answer to the citizen: it stops the first-response clock (1 × 24 jam di hari kerja).
    public var isFirstResponse: Bool {
        switch self {
        case .reply, .requestInfo, .resolve, .reject: true
        default: false
        }
    }

    /// Actions whose text is required: an answer, a request, a reason.
    public var requiresMessage: Bool {
        switch self {
        case .reply, .requestInfo, .note, .resolve, .reject: true
        default: false
        }
    }

    /// Actions an officer may send files with (the "produk pelayanan"): an answer, a request for
    /// information (e.g. a form to fill in) and the resolution. Never a note, whose files the citizen
    /// would not see, nor a step that says nothing to the citizen.
    public var carriesOfficeDocuments: Bool {
        switch self {
        case .reply, .requestInfo, .resolve: true
        default: false
        }
    }
}

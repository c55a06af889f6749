/// The channels on which the office writes to a citizen. Raw values are stored.
public enum MessageChannel: String, CaseIterable, Sendable, Codable {
    case email
    case whatsapp
    /// A Facebook Page's Messenger conversation (Send API).
    case messenger
    /// Instagram direct messages (Send API).
    case instagram

    public var messageKey: String { "message_channel.\(rawValue)" }
}

/// What a message to the citizen is about. Each step of a complaint that the citizen must hear of
/// has one kind; its template says it in Bahasa Indonesia and English. Raw values are stored.
public enum CitizenMessageKind: String, CaseIterable, Sendable, Codable {
    /// The complaint was received: its tracking code, what happens next, the first-response deadline.
    case receipt
    /// An officer's answer.
    case answer
    /// The office asks for something (a document, a clarification) and the clock waits.
    case infoRequested = "info_requested"
    /// Forwarded to a unit (named in the citizen's words; the officer's note stays inside).
    case forwarded
    case resolved
    /// Seven days before a complaint waiting for the citizen is withdrawn.
    case withdrawalReminder = "withdrawal_reminder"
    case withdrawn
    case rejected
    case closed
    case reopened

    /// The step of a complaint that the citizen is told of, if any. A citizen's own message is not
    /// echoed back, unless it reopens a resolved complaint; notes, merges and service changes stay inside.
    public static func forStep(_ action: ComplaintAction, from previous: ComplaintStatus?, to next: ComplaintStatus) -> CitizenMessageKind? {
        switch action {
        case .submit: .receipt
        case .reply: .answer
        case .requestInfo: .infoRequested
        case .forward: .forwarded
        case .resolve: .resolved
        case .reject: .rejected
        case .close: .closed
        case .withdraw: .withdrawn
        case .reopen: .reopened
        case .citizenReply: previous == .resolved && next.isOpen ? .reopened : nil
        case .note, .merge, .changeService: nil
        }
    }

    /// Whether the message quotes the officer's words (the answer, the request, the reason).
    public var quotesOfficer: Bool {
        switch self {
        case .answer, .infoRequested, .resolved, .rejected: true
        default: false
        }
    }

    /// Messages that a step of the office sends on its own (all but the officer's answers): marked as
    /// automatic (RFC 3834) so that an auto-responder does not answer them.
    public var isAutomatic: Bool { !quotesOfficer }

    /// The catalogue key prefix of the message's default subject and body.
    public var templateKey: String { "citizen_message.\(rawValue)" }
}

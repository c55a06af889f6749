/// Complaints that reached the office elsewhere and are entered by an officer on the citizen's behalf
/// (issue "Complaints that arrive elsewhere").
extension ComplaintChannel {
    /// The channels an officer may name: every channel of the service standard except the office's own
    /// web form and API, which citizens use themselves.
    public static let officerEntered: [ComplaintChannel] = allCases.filter { $0 != .web && $0 != .api }

    /// A post on social media is found again by its link, a SP4N-LAPOR! report by its tracking id; without
    /// it the office cannot answer where the citizen asked.
    public var requiresReference: Bool {
        switch self {
        case .lapor, .facebook, .twitter, .instagram, .tiktok: true
        default: false
        }
    }

    /// The reference as kept: trimmed, at most 500 characters, a link (http/https) for social media.
    /// Returns nil when none is given and none is required.
    public func validReference(_ raw: String?) throws(ChannelReferenceError) -> String? {
        let value = raw?.trimmingWhitespace() ?? ""
        if value.isEmpty {
            if requiresReference { throw .required }
            return nil
        }
        guard value.count <= 500, !value.contains(where: \.isNewline) else { throw .invalid }
        switch self {
        case .facebook, .twitter, .instagram, .tiktok:
            let lower = value.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !value.contains(" ") else { throw .notALink }
        default:
            break
        }
        return value
    }
}

public enum ChannelReferenceError: ValidationFailure, Equatable {
    case required
    case notALink
    case invalid

    public var messageKey: String {
        switch self {
        case .required: "staff_api.channel_reference.required"
        case .notALink: "staff_api.channel_reference.not_a_link"
        case .invalid: "staff_api.channel_reference.invalid"
        }
    }
}

extension SubmissionRules {
    /// What a complaint entered by an officer may lack: a letter from the complaint box or a call gives
    /// no NIK, KK, phone, e-mail or photos, and consent may not have been asked. A name (which may be
    /// "Anonim" as the letter signs it) and the description remain required, as do the service and the
    /// classification, which the officer chooses.
    public static let officerOptionalFields: Set<SubmissionField> = [.nik, .kkNumber, .phone, .email, .kkPhoto, .ktpPhoto, .consent]
}

import Foundation

/// Where a chat intake stands: the question the citizen was asked last, how they got there (for
/// "kembali"), and what they answered. Stored as JSON on the conversation between two messages, so it is
/// decoded leniently: a field added later defaults instead of failing an old row.
public struct ChatIntakeState: Sendable, Equatable, Codable {
    /// The question under way. Raw values are stored.
    public enum Step: String, Sendable, Codable, CaseIterable {
        case menu, service, description, name, nik, kkNumber, kkPhoto, ktpPhoto, documents, email, phone, consent
        /// Waiting for a tracking code (menu *Cek status pengaduan*).
        case statusCode
        /// Handed over to an officer: the bot asks nothing more and keeps what the citizen writes.
        case officer

        /// The questions of a complaint, in the order the service standard's form asks them.
        public static let complaint: [Step] = [
            .service, .description, .name, .nik, .kkNumber, .kkPhoto, .ktpPhoto, .documents, .email, .phone, .consent,
        ]

        var isComplaintStep: Bool { Self.complaint.contains(self) }

        /// The attachment a step asks for, if it asks for a photo.
        var photoKind: AttachmentKind? {
            switch self {
            case .kkPhoto: .kkPhoto
            case .ktpPhoto: .ktpPhoto
            default: nil
            }
        }

        /// The form field a step answers (nil for menu, documents, status code and officer).
        var field: SubmissionField? {
            switch self {
            case .service: .service
            case .description: .description
            case .name: .name
            case .nik: .nik
            case .kkNumber: .kkNumber
            case .kkPhoto: .kkPhoto
            case .ktpPhoto: .ktpPhoto
            case .email: .email
            case .phone: .phone
            case .consent: .consent
            case .menu, .documents, .statusCode, .officer: nil
            }
        }
    }

    public var step: Step
    /// The steps passed through to reach `step`, oldest first: "kembali" returns to the last.
    public var trail: [Step]
    public var answers: ChatIntakeAnswers
    /// The page of the service list shown (WhatsApp lists hold ten rows; there are more services).
    public var servicePage: Int
    /// Free text that fitted no step, kept for the officer (also given to the App as `keepNote`); the
    /// latest `ChatIntake.maxNotes`.
    public var notes: [String]
    /// At `.phone` on WhatsApp: the citizen chose to give another number than the one they write from.
    public var typingPhone: Bool
    /// At `.consent`: the citizen answered *Tidak setuju* and was told what that means.
    public var consentDeclined: Bool
    /// At `.officer`: the one acknowledgement of a message for the officer was sent.
    public var officerAcknowledged: Bool

    public init(
        step: Step, trail: [Step] = [], answers: ChatIntakeAnswers = ChatIntakeAnswers(), servicePage: Int = 0,
        notes: [String] = [], typingPhone: Bool = false, consentDeclined: Bool = false, officerAcknowledged: Bool = false
    ) {
        self.step = step
        self.trail = trail
        self.answers = answers
        self.servicePage = servicePage
        self.notes = notes
        self.typingPhone = typingPhone
        self.consentDeclined = consentDeclined
        self.officerAcknowledged = officerAcknowledged
    }

    /// A new intake at the menu.
    public static func start() -> ChatIntakeState { ChatIntakeState(step: .menu) }

    enum CodingKeys: String, CodingKey {
        case step, trail, answers, servicePage, notes, typingPhone, consentDeclined, officerAcknowledged
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = try c.decode(Step.self, forKey: .step)
        trail = try c.decodeIfPresent([Step].self, forKey: .trail) ?? []
        answers = try c.decodeIfPresent(ChatIntakeAnswers.self, forKey: .answers) ?? ChatIntakeAnswers()
        servicePage = try c.decodeIfPresent(Int.self, forKey: .servicePage) ?? 0
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        typingPhone = try c.decodeIfPresent(Bool.self, forKey: .typingPhone) ?? false
        consentDeclined = try c.decodeIfPresent(Bool.self, forKey: .consentDeclined) ?? false
        officerAcknowledged = try c.decodeIfPresent(Bool.self, forKey: .officerAcknowledged) ?? false
    }
}

/// What the citizen answered so far, each already checked by the web form's rule for it. Identity numbers
/// are kept as their 16 digits, the phone as `628…`: the same values `ComplaintSubmission` reads.
public struct ChatIntakeAnswers: Sendable, Equatable, Codable {
    public var serviceCode: String?
    public var description: String?
    public var name: String?
    public var nik: String?
    public var kkNumber: String?
    /// nil: skipped (or not asked yet).
    public var email: String?
    public var phone: String?
    public var hasKKPhoto: Bool
    public var hasKTPPhoto: Bool
    /// Further documents kept (`keepFile(.document)`), at most `ChatIntake.maxDocuments`.
    public var documentCount: Int
    public var consent: Bool
    /// The last location the citizen shared (also given to the App as `keepLocation`).
    public var location: ChatLocation?

    public init(
        serviceCode: String? = nil, description: String? = nil, name: String? = nil, nik: String? = nil,
        kkNumber: String? = nil, email: String? = nil, phone: String? = nil, hasKKPhoto: Bool = false,
        hasKTPPhoto: Bool = false, documentCount: Int = 0, consent: Bool = false, location: ChatLocation? = nil
    ) {
        self.serviceCode = serviceCode
        self.description = description
        self.name = name
        self.nik = nik
        self.kkNumber = kkNumber
        self.email = email
        self.phone = phone
        self.hasKKPhoto = hasKKPhoto
        self.hasKTPPhoto = hasKTPPhoto
        self.documentCount = documentCount
        self.consent = consent
        self.location = location
    }

    /// Whether any draft file of this intake is kept by the App.
    public var hasFiles: Bool { hasKKPhoto || hasKTPPhoto || documentCount > 0 }

    enum CodingKeys: String, CodingKey {
        case serviceCode, description, name, nik, kkNumber, email, phone, hasKKPhoto, hasKTPPhoto, documentCount, consent, location
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serviceCode = try c.decodeIfPresent(String.self, forKey: .serviceCode)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        nik = try c.decodeIfPresent(String.self, forKey: .nik)
        kkNumber = try c.decodeIfPresent(String.self, forKey: .kkNumber)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        phone = try c.decodeIfPresent(String.self, forKey: .phone)
        hasKKPhoto = try c.decodeIfPresent(Bool.self, forKey: .hasKKPhoto) ?? false
        hasKTPPhoto = try c.decodeIfPresent(Bool.self, forKey: .hasKTPPhoto) ?? false
        documentCount = try c.decodeIfPresent(Int.self, forKey: .documentCount) ?? 0
        consent = try c.decodeIfPresent(Bool.self, forKey: .consent) ?? false
        location = try c.decodeIfPresent(ChatLocation.self, forKey: .location)
    }

    /// The submission these answers make: a complaint (pengaduan), consent as given.
    public func submissionInput() -> ComplaintSubmissionInput {
        ComplaintSubmissionInput(
            name: name, nik: nik, kkNumber: kkNumber, phone: phone, email: email, service: serviceCode,
            classification: Classification.pengaduan.rawValue, description: description, consent: consent,
            hasKKPhoto: hasKKPhoto, hasKTPPhoto: hasKTPPhoto
        )
    }
}

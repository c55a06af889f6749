/// Where a complaint reached the office: the channels of the service standard
/// (SK 188.45/162/KPTS-BUP/2023), stored by their raw values.
public enum ComplaintChannel: String, CaseIterable, Sendable, Codable {
    case web
    case api
    case whatsapp
    case email
    case facebook
    case twitter
    case instagram
    case tiktok
    case lapor
    case complaintBox = "kotak_pengaduan"
    case walkIn = "langsung"
    case telephone = "telepon"

    /// The catalogue key of the channel's label.
    public var messageKey: String { "channel.\(rawValue)" }
}

/// The classification of SP4N-LAPOR!: a complaint, a suggestion or a request for information.
public enum Classification: String, CaseIterable, Sendable, Codable {
    case pengaduan
    case aspirasi
    case informasi

    public var messageKey: String { "classification.\(rawValue)" }
}

/// What an uploaded file stands for in a complaint: the two photos the service standard requires,
/// any further supporting document, or a document the office sends back.
public enum AttachmentKind: String, CaseIterable, Sendable, Codable {
    case kkPhoto = "kk_photo"
    case ktpPhoto = "ktp_photo"
    case document
    /// The "produk pelayanan" of the service standard (PermenPANRB 15/2014): what the citizen needed,
    /// e.g. a corrected KK, a letter, an SKPWNI PDF with its electronic signature, attached by an officer.
    case officeDocument = "office_document"

    public var messageKey: String { "attachment.\(rawValue)" }

    /// The photos of the KK and the KTP-el show the citizen's identity; a unit may be kept from them.
    public var showsIdentity: Bool { self == .kkPhoto || self == .ktpPhoto }
}

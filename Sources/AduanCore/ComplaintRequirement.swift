/// What the service standard asks of a complaint (SK 188.45/162/KPTS-BUP/2023): the complainant's NIK
/// and KK number, a phone number, and photos of the KK and the KTP-el. A complaint that arrived by
/// e-mail or chat lacks some; the officer sees which, and the citizen is asked for them.
public enum ComplaintRequirement: String, CaseIterable, Sendable {
    case nik
    case kkNumber = "kk_number"
    case phone
    case kkPhoto = "kk_photo"
    case ktpPhoto = "ktp_photo"

    public var messageKey: String { "requirement.\(rawValue)" }

    /// What is still missing. Photos are asked for complaints only (a suggestion or a request for
    /// information does not concern one person's documents), as on the web form.
    public static func missing(
        nik: Bool, kkNumber: Bool, phone: Bool, kkPhoto: Bool, ktpPhoto: Bool, classification: Classification
    ) -> [ComplaintRequirement] {
        var missing: [ComplaintRequirement] = []
        if !nik { missing.append(.nik) }
        if !kkNumber { missing.append(.kkNumber) }
        if !phone { missing.append(.phone) }
        if classification == .pengaduan {
            if !kkPhoto { missing.append(.kkPhoto) }
            if !ktpPhoto { missing.append(.ktpPhoto) }
        }
        return missing
    }
}

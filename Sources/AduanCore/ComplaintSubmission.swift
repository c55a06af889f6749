import Foundation

/// The fields of a new complaint, as they arrive from the web form or the API: raw text, not yet trusted.
public struct ComplaintSubmissionInput: Sendable {
    public var name: String?
    public var nik: String?
    public var kkNumber: String?
    public var phone: String?
    public var email: String?
    public var service: String?
    public var classification: String?
    public var district: String?
    public var nagari: String?
    public var description: String?
    public var confidential: Bool
    public var consent: Bool
    /// Whether a usable photo (or scan) of the KK and of the KTP-el came with it or was kept from an
    /// earlier try; the bytes themselves are checked by `DocumentInspector`.
    public var hasKKPhoto: Bool
    public var hasKTPPhoto: Bool

    public init(
        name: String? = nil, nik: String? = nil, kkNumber: String? = nil, phone: String? = nil,
        email: String? = nil, service: String? = nil, classification: String? = nil, district: String? = nil,
        nagari: String? = nil, description: String? = nil, confidential: Bool = false, consent: Bool = false,
        hasKKPhoto: Bool = false, hasKTPPhoto: Bool = false
    ) {
        self.name = name
        self.nik = nik
        self.kkNumber = kkNumber
        self.phone = phone
        self.email = email
        self.service = service
        self.classification = classification
        self.district = district
        self.nagari = nagari
        self.description = description
        self.confidential = confidential
        self.consent = consent
        self.hasKKPhoto = hasKKPhoto
        self.hasKTPPhoto = hasKTPPhoto
    }
}

/// The form's fields, named as the API names them.
public enum SubmissionField: String, CaseIterable, Sendable, Codable, Comparable {
    case name, nik
    case kkNumber = "kk_number"
    case phone, email, service, classification, district, nagari, description
    case kkPhoto = "kk_photo"
    case ktpPhoto = "ktp_photo"
    case documents, consent

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Every invalid field with the catalogue key of its message.
public struct FieldErrors: Error, Sendable, Equatable {
    public private(set) var messages: [SubmissionField: String] = [:]

    public init() {}

    public var isEmpty: Bool { messages.isEmpty }
    public subscript(field: SubmissionField) -> String? { messages[field] }

    /// Keeps the first problem found for a field: it is the one the citizen should fix first.
    public mutating func add(_ field: SubmissionField, _ messageKey: String) {
        if messages[field] == nil { messages[field] = messageKey }
    }

    public mutating func merge(_ other: FieldErrors) {
        for (field, key) in other.messages { add(field, key) }
    }
}

/// What the office knows when it checks a submission: its catalogue, its regions, and today's date.
public struct SubmissionRules: Sendable {
    public var serviceCodes: Set<String>
    /// Kecamatan code → the codes of its nagari/desa.
    public var districts: [String: Set<String>]
    public var today: CivilDate
    /// Fields the channel cannot give (an anonymous letter from the complaint box has no NIK).
    public var optionalFields: Set<SubmissionField>
    /// Whether an e-mail address is required: on the citizen's own web form the service standard lists it
    /// (`ADUAN_EMAIL_REQUIRED`); a complaint entered by an officer, or arriving by WhatsApp or e-mail,
    /// never needs one. A field in `optionalFields` stays optional regardless.
    public var requireEmail: Bool
    public static let nameLength = 2...100
    public static let descriptionLength = 10...5000

    public init(
        serviceCodes: Set<String>, districts: [String: Set<String>], today: CivilDate, optionalFields: Set<SubmissionField> = [],
        requireEmail: Bool = false
    ) {
        self.serviceCodes = serviceCodes
        self.districts = districts
        self.today = today
        self.optionalFields = optionalFields
        self.requireEmail = requireEmail
    }
}

/// A submission that passed every check, in domain types.
public struct ValidComplaintSubmission: Sendable, Equatable {
    public var name: String
    public var nik: NIK?
    public var kkNumber: KKNumber?
    public var phone: PhoneNumber?
    public var email: EmailAddress?
    public var serviceCode: String
    public var classification: Classification
    public var districtCode: String?
    public var nagariCode: String?
    public var description: String
    public var confidential: Bool
}

public enum ComplaintSubmission {
    /// Checks every field and reports all problems at once, so the citizen fixes them in one go.
    ///
    /// Photos of the KK and the KTP-el are required for a complaint (pengaduan), as the service standard
    /// asks; a suggestion (aspirasi) or a request for information does not concern one person's documents.
    /// The e-mail address is required only where `rules.requireEmail` says so (the web form, by default):
    /// an office may relax it, since many citizens have a phone but no e-mail, and either proves ownership.
    public static func validate(_ input: ComplaintSubmissionInput, rules: SubmissionRules) -> Result<ValidComplaintSubmission, FieldErrors> {
        var errors = FieldErrors()
        func text(_ value: String?) -> String? {
            guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        func required(_ field: SubmissionField) -> Bool { !rules.optionalFields.contains(field) }

        let name = text(input.name).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        if let name {
            if !SubmissionRules.nameLength.contains(name.count) { errors.add(.name, "validation.name.length") }
        } else if required(.name) {
            errors.add(.name, "validation.name.required")
        }

        var nik: NIK?
        if let raw = text(input.nik) {
            do { nik = try NIK(raw, today: rules.today) } catch { errors.add(.nik, error.messageKey) }
        } else if required(.nik) {
            errors.add(.nik, "validation.nik.empty")
        }

        var kk: KKNumber?
        if let raw = text(input.kkNumber) {
            do { kk = try KKNumber(raw) } catch { errors.add(.kkNumber, error.messageKey) }
        } else if required(.kkNumber) {
            errors.add(.kkNumber, "validation.kk.empty")
        }

        var phone: PhoneNumber?
        if let raw = text(input.phone) {
            do { phone = try PhoneNumber(raw) } catch { errors.add(.phone, error.messageKey) }
        } else if required(.phone) {
            errors.add(.phone, "validation.phone.empty")
        }

        var email: EmailAddress?
        if let raw = text(input.email) {
            do { email = try EmailAddress(raw) } catch { errors.add(.email, error.messageKey) }
        } else if rules.requireEmail && required(.email) {
            errors.add(.email, "validation.email.required")
        }

        let service = text(input.service)
        if let service {
            if !rules.serviceCodes.contains(service) { errors.add(.service, "validation.service.unknown") }
        } else {
            errors.add(.service, "validation.service.required")
        }

        let classification = text(input.classification).flatMap(Classification.init(rawValue:))
        if classification == nil {
            errors.add(.classification, text(input.classification) == nil ? "validation.classification.required" : "validation.classification.unknown")
        }

        let district = text(input.district)
        let nagari = text(input.nagari)
        if let district, rules.districts[district] == nil {
            errors.add(.district, "validation.district.unknown")
        }
        if let nagari {
            if let district, let members = rules.districts[district] {
                if !members.contains(nagari) { errors.add(.nagari, "validation.nagari.not_in_district") }
            } else if district == nil {
                errors.add(.nagari, "validation.nagari.without_district")
            }
        }

        let description = text(input.description)
        if let description {
            if !SubmissionRules.descriptionLength.contains(description.count) {
                errors.add(.description, description.count < SubmissionRules.descriptionLength.lowerBound ? "validation.description.too_short" : "validation.description.too_long")
            }
        } else {
            errors.add(.description, "validation.description.required")
        }

        if classification == .pengaduan {
            if !input.hasKKPhoto && required(.kkPhoto) { errors.add(.kkPhoto, "validation.kk_photo.required") }
            if !input.hasKTPPhoto && required(.ktpPhoto) { errors.add(.ktpPhoto, "validation.ktp_photo.required") }
        }

        if !input.consent && required(.consent) { errors.add(.consent, "validation.consent.required") }

        guard errors.isEmpty, let name, let service, let classification, let description else {
            return .failure(errors)
        }
        return .success(ValidComplaintSubmission(
            name: name, nik: nik, kkNumber: kk, phone: phone, email: email, serviceCode: service,
            classification: classification, districtCode: district, nagariCode: nagari,
            description: description, confidential: input.confidential
        ))
    }
}

import Foundation

/// What a citizen sends to complete a complaint that reached the office without everything the
/// service standard asks (by e-mail, say): only the missing items are asked for, each checked with the
/// rules of the web form, and consent to the processing of personal data when none was given yet.
public struct ComplaintCompletionInput: Sendable {
    public var nik: String?
    public var kkNumber: String?
    public var phone: String?
    public var hasKKPhoto: Bool
    public var hasKTPPhoto: Bool
    public var consent: Bool

    public init(nik: String? = nil, kkNumber: String? = nil, phone: String? = nil, hasKKPhoto: Bool = false, hasKTPPhoto: Bool = false, consent: Bool = false) {
        self.nik = nik
        self.kkNumber = kkNumber
        self.phone = phone
        self.hasKKPhoto = hasKKPhoto
        self.hasKTPPhoto = hasKTPPhoto
        self.consent = consent
    }
}

public struct ValidComplaintCompletion: Sendable, Equatable {
    public var nik: NIK?
    public var kkNumber: KKNumber?
    public var phone: PhoneNumber?
}

public enum ComplaintCompletion {
    /// Checks `input` against what is `missing`; `needsConsent` when the complaint has no consent yet.
    /// Every missing item is required: the form asks for nothing else.
    public static func validate(
        _ input: ComplaintCompletionInput, missing: [ComplaintRequirement], needsConsent: Bool, today: CivilDate
    ) -> Result<ValidComplaintCompletion, FieldErrors> {
        var errors = FieldErrors()
        func text(_ value: String?) -> String? {
            guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        var valid = ValidComplaintCompletion()
        if missing.contains(.nik) {
            if let raw = text(input.nik) {
                do { valid.nik = try NIK(raw, today: today) } catch { errors.add(.nik, error.messageKey) }
            } else {
                errors.add(.nik, "validation.nik.empty")
            }
        }
        if missing.contains(.kkNumber) {
            if let raw = text(input.kkNumber) {
                do { valid.kkNumber = try KKNumber(raw) } catch { errors.add(.kkNumber, error.messageKey) }
            } else {
                errors.add(.kkNumber, "validation.kk.empty")
            }
        }
        if missing.contains(.phone) {
            if let raw = text(input.phone) {
                do { valid.phone = try PhoneNumber(raw) } catch { errors.add(.phone, error.messageKey) }
            } else {
                errors.add(.phone, "validation.phone.empty")
            }
        }
        if missing.contains(.kkPhoto) && !input.hasKKPhoto { errors.add(.kkPhoto, "validation.kk_photo.required") }
        if missing.contains(.ktpPhoto) && !input.hasKTPPhoto { errors.add(.ktpPhoto, "validation.ktp_photo.required") }
        if needsConsent && !input.consent { errors.add(.consent, "validation.consent.required") }
        return errors.isEmpty ? .success(valid) : .failure(errors)
    }
}

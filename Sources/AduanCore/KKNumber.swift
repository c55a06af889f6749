/// Nomor Kartu Keluarga: the 16-digit family-card number.
///
/// Checked leniently (16 digits and a real province code only): its remaining digits encode the issuing
/// office and the issue date in ways that changed over the years, and refusing a real card number would
/// stop a citizen from complaining at all.
///
/// `description` is the masked form, as for `NIK`.
public struct KKNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 16 digits.
    public let value: String

    /// - Parameter raw: the number as typed; spaces, dots and dashes are ignored.
    public init(_ raw: String) throws(KKNumberError) {
        guard let digits = IdentityDigits.strip(raw) else { throw .empty }
        guard IdentityDigits.isSixteenASCIIDigits(digits) else { throw .notSixteenDigits }
        guard IdentityDigits.provinceCodes.contains(String(digits.prefix(2))) else { throw .invalidRegion }
        self.value = digits
    }

    /// "131005••••••••01".
    public var masked: String { IdentityDigits.mask(value) }

    public var description: String { masked }
}

public enum KKNumberError: ValidationFailure, Equatable, CaseIterable {
    /// Nothing was entered.
    case empty
    /// After removing spaces, dots and dashes, the input is not exactly 16 digits.
    case notSixteenDigits
    /// The first two digits are not the code of an Indonesian province.
    case invalidRegion

    public var messageKey: String {
        switch self {
        case .empty: "validation.kk.empty"
        case .notSixteenDigits: "validation.kk.not_sixteen_digits"
        case .invalidRegion: "validation.kk.invalid_region"
        }
    }
}

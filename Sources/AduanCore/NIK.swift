/// Nomor Induk Kependudukan: the 16-digit population identity number on the KTP-el and the KK.
///
/// Layout: 2 digits province, 2 regency/city, 2 district (kecamatan), 6 birth date DDMMYY (DD + 40 for
/// women), 4 serial. Any region is accepted: a citizen of another regency may complain in Dharmasraya.
///
/// `description` is the masked form so that a NIK interpolated into a log line or a list does not leak
/// (UU 27/2022 counts the NIK as specific personal data); use `value` to store it.
public struct NIK: Hashable, Sendable, CustomStringConvertible {
    /// The 16 digits.
    public let value: String
    public let birthDate: CivilDate
    public let sex: Sex

    /// - Parameters:
    ///   - raw: the number as typed; spaces, dots and dashes are ignored.
    ///   - today: the office's current date, to choose the century of the birth year.
    public init(_ raw: String, today: CivilDate) throws(NIKError) {
        guard let digits = IdentityDigits.strip(raw) else { throw .empty }
        guard IdentityDigits.isSixteenASCIIDigits(digits) else { throw .notSixteenDigits }
        let d = Array(digits).map { Int(String($0))! }
        guard IdentityDigits.provinceCodes.contains(String(digits.prefix(2))) else { throw .unknownProvince }
        guard d[2] * 10 + d[3] != 0, d[4] * 10 + d[5] != 0 else { throw .invalidRegion }

        let dd = d[6] * 10 + d[7], mm = d[8] * 10 + d[9], yy = d[10] * 10 + d[11]
        let isFemale = dd > 40
        let day = isFemale ? dd - 40 : dd
        guard let birthDate = Self.birthDate(day: day, month: mm, yy: yy, today: today) else {
            throw .invalidBirthDate
        }
        guard digits.suffix(4) != "0000" else { throw .zeroSerial }

        self.value = digits
        self.birthDate = birthDate
        self.sex = isFemale ? .female : .male
    }

    /// 20YY when that day exists and is not after today, else 19YY. (29-02-00 exists only in 2000.)
    private static func birthDate(day: Int, month: Int, yy: Int, today: CivilDate) -> CivilDate? {
        if let recent = CivilDate(year: 2000 + yy, month: month, day: day), recent <= today {
            return recent
        }
        guard let older = CivilDate(year: 1900 + yy, month: month, day: day), older <= today else { return nil }
        return older
    }

    /// 2 digits, e.g. "13" (Sumatera Barat).
    public var provinceCode: String { String(value.prefix(2)) }
    /// 4 digits: province + regency, e.g. "1310" (Dharmasraya).
    public var regencyCode: String { String(value.prefix(4)) }
    /// 6 digits: province + regency + district.
    public var districtCode: String { String(value.prefix(6)) }
    /// The last 4 digits.
    public var serial: String { String(value.suffix(4)) }

    /// "131005••••••••01": the region stays visible for sorting out duplicates, the person does not.
    public var masked: String { IdentityDigits.mask(value) }

    public var description: String { masked }
}

/// The sex encoded in a NIK (the day of birth + 40 for women).
public enum Sex: String, Sendable, Codable, CaseIterable {
    case male, female
}

public enum NIKError: ValidationFailure, Equatable, CaseIterable {
    /// Nothing was entered.
    case empty
    /// After removing spaces, dots and dashes, the input is not exactly 16 digits.
    case notSixteenDigits
    /// The first two digits are not the code of an Indonesian province.
    case unknownProvince
    /// The regency/city code (digits 3–4) or the district code (digits 5–6) is 00.
    case invalidRegion
    /// Digits 7–12 are not a real birth date DDMMYY (DD + 40 for women), or it lies in the future.
    case invalidBirthDate
    /// The serial number (last 4 digits) is 0000, which is never issued.
    case zeroSerial

    public var messageKey: String {
        switch self {
        case .empty: "validation.nik.empty"
        case .notSixteenDigits: "validation.nik.not_sixteen_digits"
        case .unknownProvince: "validation.nik.unknown_province"
        case .invalidRegion: "validation.nik.invalid_region"
        case .invalidBirthDate: "validation.nik.birth_date"
        case .zeroSerial: "validation.nik.zero_serial"
        }
    }
}

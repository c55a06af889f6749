/// An Indonesian mobile number, the one the office can reach by WhatsApp or SMS.
///
/// Accepts the ways people write them: "0812 3456 7890", "0812-3456-7890", "(0812) 3456 7890",
/// "+62 812 3456 7890", "+62 (812) 3456-7890", "62812…", "+62 0812…", "0062 812…" and "812…".
/// Stored as `value` "6281234567890" (E.164 without the plus).
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible, Codable {
    /// "62" followed by the national significant number, digits only.
    public let value: String

    /// Lengths of the national significant number of mobile numbers (after 62, without the trunk 0).
    static let nationalLengths = 9...12

    public init(_ raw: String) throws(PhoneNumberError) {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }

        var digits = ""
        for (index, character) in trimmed.enumerated() {
            if character.isASCIIDigit {
                digits.append(character)
            } else if character == "+" {
                // A plus only makes sense as the very first character.
                guard index == 0 else { throw .invalidCharacters }
            } else if !Self.separators.contains(character) {
                throw .invalidCharacters
            }
        }
        guard !digits.isEmpty else { throw .empty }

        let international = trimmed.first == "+" || digits.hasPrefix("00")
        if digits.hasPrefix("00") { digits.removeFirst(2) }

        var national: Substring
        if international {
            // Anything but +62 is a foreign number: the office cannot use it for WhatsApp follow-up.
            guard digits.hasPrefix("62") else { throw .notMobile }
            national = digits.dropFirst(2)
            // "+62 0812…" is a common mix of both forms.
            if national.first == "0" { national = national.dropFirst() }
        } else if digits.hasPrefix("62") {
            national = digits.dropFirst(2)
            if national.first == "0" { national = national.dropFirst() }
        } else if digits.hasPrefix("0") {
            national = digits.dropFirst()
        } else {
            national = Substring(digits)
        }

        guard let first = national.first else { throw .wrongLength }
        switch first {
        case "2"..."7", "9":
            // Area codes (021 Jakarta, 0754 Dharmasraya, 0911 Ambon …): a fixed line.
            throw .landline
        case "8":
            // 080x are toll-free and premium services, not mobile subscribers.
            guard national.dropFirst().first != "0" else { throw .notMobile }
        default:
            throw .notMobile
        }
        guard Self.nationalLengths.contains(national.count) else { throw .wrongLength }
        self.value = "62" + national
    }

    /// What people put between digit groups.
    private static let separators: Set<Character> = [" ", "-", ".", "(", ")", "/", "\u{00A0}"]

    /// "+62 812-3456-7890".
    public var display: String {
        let national = value.dropFirst(2)
        let head = national.prefix(3)
        let rest = national.dropFirst(3)
        let middle = rest.prefix(rest.count / 2)
        let tail = rest.dropFirst(rest.count / 2)
        return "+62 \(head)-\(middle)-\(tail)"
    }

    /// Opens a WhatsApp chat with this number.
    public var whatsappLink: String { "https://wa.me/\(value)" }

    public var description: String { display }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try PhoneNumber(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a mobile number: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

public enum PhoneNumberError: ValidationFailure, Equatable, CaseIterable {
    /// Nothing was entered.
    case empty
    /// The input contains something other than digits, a leading plus, spaces, dashes, dots or brackets.
    case invalidCharacters
    /// A mobile number (08…) with too few or too many digits (10–13 digits are expected with the 0).
    case wrongLength
    /// A fixed-line number (with an area code such as 021 or 0754): it cannot receive WhatsApp or SMS.
    case landline
    /// Not an Indonesian mobile number: a foreign number, a toll-free/premium 080x number or a short code.
    case notMobile

    public var messageKey: String {
        switch self {
        case .empty: "validation.phone.empty"
        case .invalidCharacters: "validation.phone.invalid_characters"
        case .wrongLength: "validation.phone.wrong_length"
        case .landline: "validation.phone.landline"
        case .notMobile: "validation.phone.not_mobile"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// Shared rules for the 16-digit numbers of the civil registry (NIK and KK number).
enum IdentityDigits {
    /// Province codes in use (Kepmendagri on region codes, 2025 edition), including the Papua provinces
    /// created in 2022 (93–96).
    static let provinceCodes: Set<String> = {
        let ranges = [11...19, 21...21, 31...36, 51...53, 61...65, 71...76, 81...82, 91...96]
        return Set(ranges.flatMap { $0.map(String.init) })
    }()

    /// What people type between digit groups when copying from a card.
    static let separators: Set<Character> = [" ", ".", "-", "\t", "\u{00A0}"]

    /// The input without separators, or nil when nothing but separators was given.
    static func strip(_ raw: String) -> String? {
        let kept = String(raw.filter { !separators.contains($0) })
        return kept.isEmpty ? nil : kept
    }

    static func isSixteenASCIIDigits(_ s: String) -> Bool {
        s.count == 16 && s.allSatisfy(\.isASCIIDigit)
    }

    /// First 6 digits (the region, not personal), 8 bullets, last 2 digits.
    static func mask(_ value: String) -> String {
        String(value.prefix(6)) + String(repeating: "•", count: value.count - 8) + String(value.suffix(2))
    }
}

/// Masking a stored NIK or KK number for lists and pages (the first six digits and the last two show):
/// stored numbers were checked when filed, so they need no parsing again.
public enum IdentityMask {
    public static func masked(_ digits: String) -> String { IdentityDigits.mask(digits) }
}

/// The code a citizen uses to follow a complaint ("kode pelacakan"), e.g. "7KQ4M-XR2CD-9TAY".
///
/// - 13 random characters from a 28-character alphabet: 28^13 ≈ 2^62.5 possibilities, so codes cannot be
///   guessed or enumerated (a code alone shows only the status; see DESIGN.md).
/// - No look-alike characters: no 0/O, 1/I/L, B (8), S (5), Z (2); easy to read aloud and type on a phone.
/// - A 14th check character (Luhn mod N, N = 28) catches every single mistyped character and most swaps
///   of neighbouring characters before a database look-up.
public struct TrackingCode: Hashable, Sendable, CustomStringConvertible, Codable {
    public static let alphabet: [Character] = Array("23456789ACDEFGHJKMNPQRTUVWXY")
    public static let randomLength = 13
    public static let length = randomLength + 1

    private static let indexOfCharacter: [Character: Int] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) }
    )

    /// The canonical 14 characters, upper case, without dashes.
    public let value: String

    private init(canonical: String) {
        self.value = canonical
    }

    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> TrackingCode {
        let indices = (0..<randomLength).map { _ in Int.random(in: 0..<alphabet.count, using: &generator) }
        return TrackingCode(canonical: String((indices + [checkIndex(for: indices)]).map { alphabet[$0] }))
    }

    public static func generate() -> TrackingCode {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Reads a code as typed: case-insensitive, spaces and dashes ignored.
    public init(_ raw: String) throws(TrackingCodeError) {
        let cleaned = raw.filter { !$0.isWhitespace && $0 != "-" }.uppercased()
        guard !cleaned.isEmpty else { throw .empty }
        guard cleaned.count == Self.length else { throw .wrongLength }
        var indices: [Int] = []
        for character in cleaned {
            guard let index = Self.indexOfCharacter[character] else { throw .invalidCharacter }
            indices.append(index)
        }
        guard Self.luhnSum(indices, doubleFirstFromRight: false) == 0 else { throw .checkFailed }
        self.init(canonical: cleaned)
    }

    /// "XXXXX-XXXXX-XXXX": groups short enough to read aloud.
    public var display: String {
        let characters = Array(value)
        return String(characters[0..<5]) + "-" + String(characters[5..<10]) + "-" + String(characters[10...])
    }

    public var description: String { display }

    // MARK: Luhn mod N

    /// The check character's index that makes the whole code's Luhn sum 0.
    static func checkIndex(for payload: [Int]) -> Int {
        let n = alphabet.count
        return (n - luhnSum(payload, doubleFirstFromRight: true)) % n
    }

    /// Luhn mod N: from the right, every second value is doubled and its two base-N "digits" added.
    /// With an even N the doubling is a permutation, so any single substitution changes the sum.
    private static func luhnSum(_ indices: [Int], doubleFirstFromRight: Bool) -> Int {
        let n = alphabet.count
        var double = doubleFirstFromRight
        var sum = 0
        for index in indices.reversed() {
            var addend = double ? index * 2 : index
            addend = addend / n + addend % n
            sum += addend
            double.toggle()
        }
        return sum % n
    }

    // MARK: Codable — the canonical string.

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try TrackingCode(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a tracking code: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

public enum TrackingCodeError: ValidationFailure, Equatable, CaseIterable {
    /// Nothing was entered.
    case empty
    /// Not 14 characters once spaces and dashes are removed.
    case wrongLength
    /// Contains a character that never appears in a tracking code (such as 0, O, 1, I, L, B, S or Z).
    case invalidCharacter
    /// The check character does not match: at least one character was mistyped.
    case checkFailed

    public var messageKey: String {
        switch self {
        case .empty: "validation.tracking_code.empty"
        case .wrongLength: "validation.tracking_code.wrong_length"
        case .invalidCharacter: "validation.tracking_code.invalid_character"
        case .checkFailed: "validation.tracking_code.check_failed"
        }
    }
}

/// An e-mail address, checked pragmatically: catches the typing mistakes people make, without trying to
/// follow every corner of RFC 5322 (quoted local parts, IP literals and non-ASCII addresses are refused).
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The address with the domain lowercased (the local part is kept as typed: it may be case-sensitive).
    public let value: String

    public init(_ raw: String) throws(EmailAddressError) {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.count <= 254 else { throw .invalid }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalid }
        let local = parts[0], domain = parts[1].lowercased()
        guard Self.isValidLocalPart(local), Self.isValidDomain(domain) else { throw .invalid }
        self.value = "\(local)@\(domain)"
    }

    private static let localSpecials = Set("!#$%&'*+/=?^_`{|}~-.")

    private static func isValidLocalPart(_ local: Substring) -> Bool {
        (1...64).contains(local.count)
            && local.allSatisfy { $0.isASCIILetterOrDigit || localSpecials.contains($0) }
            && local.first != "." && local.last != "." && !local.contains("..")
    }

    private static func isValidDomain(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.count <= 253 else { return false }
        for label in labels {
            guard (1...63).contains(label.count),
                  label.allSatisfy({ $0.isASCIILetterOrDigit || $0 == "-" }),
                  label.first != "-", label.last != "-"
            else { return false }
        }
        let tld = labels[labels.count - 1]
        return tld.count >= 2 && tld.allSatisfy { $0.isASCIILetterOrDigit && !$0.isASCIIDigit }
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try EmailAddress(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not an e-mail address")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

public enum EmailAddressError: ValidationFailure, Equatable, CaseIterable {
    /// Nothing was entered.
    case empty
    /// The input is not an e-mail address of the form name@domain.tld.
    case invalid

    public var messageKey: String {
        switch self {
        case .empty: "validation.email.empty"
        case .invalid: "validation.email.invalid"
        }
    }
}

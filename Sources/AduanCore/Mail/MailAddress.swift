/// A mailbox as it appears in From, To or Reply-To: an optional display name and an address.
///
/// The address is checked as `EmailAddress` checks what citizens type (no quoted local parts, no IP
/// literals, ASCII only), which is also what the office's own sender address must satisfy.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Reads a header-style value: `"Disdukcapil Dharmasraya" <pengaduan@example.go.id>`,
    /// `Disdukcapil <pengaduan@example.go.id>`, `<pengaduan@example.go.id>` or a bare address.
    /// Nil when the address is not valid or the text is not of one of these forms.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0.isNewline }) else { return nil }
        var phrase = ""
        var addressText = trimmed
        if trimmed.hasSuffix(">") {
            guard let open = trimmed.lastIndex(of: "<") else { return nil }
            addressText = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            phrase = String(trimmed[..<open]).trimmingWhitespace()
        }
        guard let address = try? EmailAddress(addressText) else { return nil }
        if phrase.hasPrefix("\"") {
            guard let unquoted = Self.unquote(phrase) else { return nil }
            phrase = unquoted
        } else if phrase.contains(where: { "\"<>".contains($0) }) {
            return nil
        }
        let name = phrase.trimmingWhitespace()
        self.init(name: name.isEmpty ? nil : name, address: address.value)
    }

    /// The content of a quoted string (`"a \"b\""` is `a "b"`); nil if the quotes are not balanced.
    private static func unquote(_ quoted: String) -> String? {
        var result = ""
        var escaped = false
        var closed = false
        for character in quoted.dropFirst() {
            if closed { return nil }
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                closed = true
            } else {
                result.append(character)
            }
        }
        return closed ? result : nil
    }

    /// The domain of the address (after the last `@`), for Message-IDs and the HELO name.
    public var domain: String {
        address.split(separator: "@").last.map(String.init) ?? address
    }

    /// For logs and messages: `Name <address>`, not encoded.
    public var description: String {
        guard let name, !name.isEmpty else { return address }
        return "\(name) <\(address)>"
    }
}

/// The wording of a message to the citizen, with `{placeholder}` names filled from the complaint and
/// the office profile. An admin's wording is checked before it is saved: only known names, braces
/// closed.
public struct MessageText: Sendable, Equatable {
    public var subject: String
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    /// The names a template may use.
    public static let placeholders: [String] = [
        "kode", "nama", "layanan", "status", "tenggat", "pesan", "unit", "tautan", "tautan_berlaku", "kantor", "telepon_kantor", "email_kantor",
        "alamat_kantor", "jam_layanan", "penarikan",
    ]

    public enum Problem: Error, Equatable, Sendable {
        case unknownPlaceholder(String)
        case unclosedBrace
        case empty
    }

    /// The first problem of `template`, or nil when it can be used.
    public static func check(_ template: String, allowEmpty: Bool = false) -> Problem? {
        if !allowEmpty && template.allSatisfy(\.isWhitespace) { return .empty }
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { return .unclosedBrace }
            let name = String(rest[rest.index(after: open)..<close])
            if !placeholders.contains(name) { return .unknownPlaceholder(name) }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }

    /// `template` with each `{name}` replaced by its value (an unknown or missing name by nothing).
    /// Values are inserted as they are: a value that contains a brace is not read again.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        result.reserveCapacity(template.count)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if placeholders.contains(name) {
                result += values[name] ?? ""
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    public func filled(_ values: [String: String]) -> MessageText {
        MessageText(subject: Self.fill(subject, values), body: Self.fill(body, values))
    }
}

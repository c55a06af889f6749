import Foundation

/// A WhatsApp message template approved in Meta's WhatsApp Manager, as the admin describes it to Aduan:
/// its name and language code, the Aduan placeholder that fills each of its body's `{{1}}`, `{{2}}` …,
/// and the approved body text itself (for the preview). Outside the 24-hour window only such a template
/// reaches the citizen.
public struct ChatTemplateSpec: Sendable, Equatable {
    public var name: String
    public var language: String
    /// The placeholders of `MessageText` that fill `{{1}}`, `{{2}}` … in this order.
    public var parameters: [String]
    public var body: String

    public init(name: String, language: String, parameters: [String], body: String) {
        self.name = name
        self.language = language
        self.parameters = parameters
        self.body = body
    }

    /// Meta's limits: template names of lowercase letters, digits and underscores up to 512 characters,
    /// a body of at most 1024 characters.
    public static let nameMaxLength = 512
    public static let bodyMaxLength = 1024
    public static let defaultLanguage = "id"

    public enum Field: String, Sendable, CaseIterable {
        case name, language, parameters, body
    }

    public enum Problem: Sendable, Equatable {
        case nameInvalid
        case languageInvalid
        case unknownParameter(String)
        case bodyEmpty
        case bodyTooLong
        /// A `{{…}}` that is not a number, a brace left open, or numbers that are not 1, 2, … n.
        case bodyNumbering
        /// The body has `body` numbered parameters but `parameters` were listed.
        case parameterCount(body: Int, parameters: Int)
    }

    /// What is wrong with the spec, at most one problem per field; empty when Meta would accept it.
    public func problems(knownPlaceholders: [String]) -> [Field: Problem] {
        var found: [Field: Problem] = [:]
        if !Self.isValidName(name) { found[.name] = .nameInvalid }
        if !Self.isValidLanguage(language) { found[.language] = .languageInvalid }
        if let unknown = parameters.first(where: { !knownPlaceholders.contains($0) }) { found[.parameters] = .unknownParameter(unknown) }
        if body.allSatisfy(\.isWhitespace) {
            found[.body] = .bodyEmpty
        } else if body.count > Self.bodyMaxLength {
            found[.body] = .bodyTooLong
        } else if let numbers = Self.numbers(in: body) {
            let distinct = Set(numbers)
            if distinct != Set(distinct.isEmpty ? [] : Array(1...distinct.count)) {
                found[.body] = .bodyNumbering
            } else if distinct.count != parameters.count, found[.parameters] == nil {
                found[.parameters] = .parameterCount(body: distinct.count, parameters: parameters.count)
            }
        } else {
            found[.body] = .bodyNumbering
        }
        return found
    }

    /// `^[a-z0-9_]{1,512}$`, as WhatsApp Manager names templates.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= nameMaxLength && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// A language code as Meta writes it: `id`, `en`, `fil`, `en_US`, `pt_BR`.
    public static func isValidLanguage(_ code: String) -> Bool {
        let parts = code.split(separator: "_", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        let lower = parts[0].unicodeScalars
        guard (2...3).contains(lower.count), lower.allSatisfy({ ("a"..."z").contains($0) }) else { return false }
        if parts.count == 2 {
            let region = parts[1].unicodeScalars
            return region.count == 2 && region.allSatisfy { ("A"..."Z").contains($0) }
        }
        return true
    }

    /// The numbers of the body's `{{n}}` in the order they appear, or nil when a `{{` is not closed or
    /// holds anything but digits (Meta's named parameters are not used here).
    public static func numbers(in body: String) -> [Int]? {
        var numbers: [Int] = []
        var rest = Substring(body)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            let inside = rest[open.upperBound..<close.lowerBound]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(inside), number > 0 else { return nil }
            numbers.append(number)
            rest = rest[close.upperBound...]
        }
        return numbers
    }

    /// The parameters typed as one line ("kode, tautan" or "kode tautan"), in order.
    public static func parameterList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "{}")) }
            .filter { !$0.isEmpty }
    }

    /// The values for `{{1}}`, `{{2}}` … from the placeholders' values, made acceptable to Meta: a
    /// parameter may hold no line break or tab nor more than four spaces in a row, and may not be empty.
    public func parameterValues(_ values: [String: String]) -> [String] {
        parameters.map { Self.parameterText(values[$0] ?? "") }
    }

    public static func parameterText(_ value: String) -> String {
        let flat = value.map { $0.isNewline || $0 == "\t" ? " " : String($0) }.joined()
        let collapsed = flat.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return collapsed.isEmpty ? "-" : collapsed
    }

    /// The body as the citizen reads it: each `{{n}}` replaced by the n-th value (a missing one by
    /// nothing). Values are inserted as they are: a value that holds `{{1}}` is not read again.
    public static func fill(_ body: String, with values: [String]) -> String {
        var result = ""
        var rest = Substring(body)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            result += rest[..<open.lowerBound]
            if let number = Int(rest[open.upperBound..<close.lowerBound]), number > 0 {
                result += number <= values.count ? values[number - 1] : ""
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        result += rest
        return result
    }

    /// The citizen's view of this template filled from the placeholders' values.
    public func preview(_ values: [String: String]) -> String {
        Self.fill(body, with: parameterValues(values))
    }
}

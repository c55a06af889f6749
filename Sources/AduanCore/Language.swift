/// The languages of the user interface. Raw values are the language codes.
public enum Language: String, Sendable, CaseIterable, Codable {
    /// Bahasa Indonesia (the default).
    case id
    case en
}

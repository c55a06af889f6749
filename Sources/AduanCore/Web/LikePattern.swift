/// Patterns for SQL `LIKE … ESCAPE '!'`, the same on SQLite and PostgreSQL.
///
/// `!` is the escape character rather than the customary backslash, whose meaning inside string
/// literals differs between the two databases (and PostgreSQL's `standard_conforming_strings`).
public enum LikePattern {
    public static let escape: Character = "!"

    /// The text with `%`, `_` and the escape character matching only themselves.
    public static func literal(_ text: String) -> String {
        var output = ""
        for character in text {
            if character == "%" || character == "_" || character == escape { output.append(escape) }
            output.append(character)
        }
        return output
    }

    /// Matches any text that contains `text` literally.
    public static func containing(_ text: String) -> String {
        "%" + literal(text) + "%"
    }
}

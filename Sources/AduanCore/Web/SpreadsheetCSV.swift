/// CSV that a spreadsheet opens as text, never as formulas (OWASP "CSV injection").
///
/// Every field is quoted (RFC 4180). A field that a spreadsheet could read as a formula gets an apostrophe
/// in front of the dangerous character: at its start when it begins with `=`, `+`, `-`, `@`, a tab, CR or
/// LF; and also after every `;`, `,` or line break followed (after optional blanks) by one of these, because Excel with
/// Indonesian regional settings splits lines on `;` — even inside quotes written for a comma separator —
/// and other tools split on `,` without regard to quotes. Conservative on purpose: an apostrophe too many
/// costs nothing, a formula run on an officer's computer costs a great deal.
public enum SpreadsheetCSV {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\n", "\r\n"]
    /// Where a spreadsheet, or a tool that ignores quotes, may start a new field or row.
    static let separators: Set<Character> = [";", ",", "\r", "\n", "\r\n"]
    /// What may stand before a formula without disarming it (a quote opens a quoted field).
    static let blanks: Set<Character> = [" ", "\u{00A0}", "\""]

    /// The text with an apostrophe before every character a spreadsheet would start a formula with.
    public static func neutralised(_ value: String) -> String {
        let characters = Array(value)
        var output = ""
        output.reserveCapacity(value.utf8.count + 2)
        // True at the start of the field and right after a separator (blanks in between do not count).
        var atFieldStart = true
        for character in characters {
            if atFieldStart && triggers.contains(character) {
                output.append("'")
                atFieldStart = false
            } else if atFieldStart && blanks.contains(character) {
                // Still at a field start: " =1+1" is as dangerous after a separator.
            } else {
                atFieldStart = false
            }
            output.append(character)
            if separators.contains(character) { atFieldStart = true }
        }
        return output
    }

    /// One field: neutralised, quoted, inner quotes doubled.
    public static func field(_ value: String?) -> String {
        "\"" + neutralised(value ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A whole document: the header row, then the rows, CRLF line ends.
    public static func document(header: [String], rows: [[String?]]) -> String {
        ([header.map(Optional.some)] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

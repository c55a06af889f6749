/// A mailbox from an inbound header (From, To, Cc, Reply-To): the display name decoded, the address with
/// its domain lowercased (the local part is kept: it may be case-sensitive). Not validated: a sender's
/// address is whatever their server wrote, and the caller decides what it trusts.
public struct InboundAddress: Sendable, Equatable, Hashable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The local part, lowercased (`mailer-daemon` for `MAILER-DAEMON@host`).
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address.lowercased() }
        return address[..<at].lowercased()
    }

    /// The mailboxes of an address-list header: `Name <a@b>`, `"Last, First" <a@b>`, `a@b (Name)`,
    /// bare `a@b`, groups (`Team: a@b, c@d;`, `undisclosed-recipients:;`) and encoded-word names.
    static func list(_ raw: String?) -> [InboundAddress] {
        guard let raw else { return [] }
        return splitMailboxes(raw).compactMap(mailbox)
    }

    /// Commas outside quotes, angle brackets and comments separate mailboxes; a group's `name:` and
    /// its closing `;` are dropped.
    private static func splitMailboxes(_ raw: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false, escaped = false, angle = false
        var comment = 0
        for character in raw.unicodeScalars {
            if escaped { current.unicodeScalars.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted || comment > 0: escaped = true
            case "\"" where comment == 0: quoted.toggle()
            case "(" where !quoted: comment += 1
            case ")" where !quoted && comment > 0: comment -= 1
            case "<" where !quoted && comment == 0: angle = true
            case ">" where !quoted && comment == 0: angle = false
            case ":" where !quoted && comment == 0 && !angle:
                // A group name ends here unless this is part of an address (it has no @ yet).
                if !current.contains("@") { current = ""; continue }
            case ";" where !quoted && comment == 0 && !angle:
                pieces.append(current); current = ""; continue
            case "," where !quoted && comment == 0 && !angle:
                pieces.append(current); current = ""; continue
            default: break
            }
            current.unicodeScalars.append(character)
        }
        pieces.append(current)
        return pieces
    }

    private static func mailbox(_ piece: String) -> InboundAddress? {
        let text = piece.mailTrimmed
        guard !text.isEmpty else { return nil }
        var name: String?
        var address: String
        if let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            address = String(text[text.index(after: open)..<close])
            let phrase = String(text[..<open]).mailTrimmed
            name = phrase.isEmpty ? nil : displayName(phrase)
        } else {
            // `a@b (Name)`: the comment is the name.
            if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
                let comment = String(text[text.index(after: open)..<close]).mailTrimmed
                name = comment.isEmpty ? nil : EncodedWords.decode(comment)
            }
            address = HeaderValueWithParameters.stripComments(text)
        }
        address = address.filter { !$0.isWhitespace }
        // A source route (`<@relay:a@b>`) is obsolete syntax; keep the mailbox.
        if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {
            address = String(address[address.index(after: colon)...])
        }
        if address.hasPrefix("\""), let at = address.lastIndex(of: "@") {
            address = address[..<at].replacingOccurrences(of: "\"", with: "") + String(address[at...])
        }
        guard !address.isEmpty else { return nil }
        if let at = address.lastIndex(of: "@") {
            address = String(address[...at]) + address[address.index(after: at)...].lowercased()
        }
        if let decoded = name?.mailTrimmed, !decoded.isEmpty, decoded != address {
            name = decoded
        } else {
            name = nil
        }
        return InboundAddress(name: name, address: address)
    }

    /// A display-name phrase: quoted strings unquoted, comments dropped, encoded-words decoded (also the
    /// ones mailers wrongly put inside quotes).
    static func displayName(_ phrase: String) -> String {
        var output = ""
        var quoted = false, escaped = false
        var comment = 0
        for character in phrase.unicodeScalars {
            if escaped { if comment == 0 { output.unicodeScalars.append(character) }; escaped = false; continue }
            switch character {
            case "\\" where quoted || comment > 0: escaped = true
            case "\"" where comment == 0: quoted.toggle()
            case "(" where !quoted: comment += 1
            case ")" where !quoted && comment > 0: comment -= 1
            default: if comment == 0 { output.unicodeScalars.append(character) }
            }
        }
        let collapsed = output.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return EncodedWords.decode(collapsed)
    }
}

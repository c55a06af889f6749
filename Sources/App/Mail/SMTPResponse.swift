/// One reply of an SMTP server (RFC 5321 §4.2): a code and the text of its lines.
struct SMTPResponse: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    /// The RFC 3463 enhanced status code at the start of the text (`5.1.1`), if the server sends one.
    var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
              parts.dropFirst().allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy({ ("0"..."9").contains($0) }) })
        else { return nil }
        return String(first)
    }

    var text: String { lines.joined(separator: " ") }

    var description: String { "\(code) \(text)" }
}

/// Joins reply lines (`250-first`, `250 last`) into replies.
struct SMTPReplyParser {
    struct Failure: Error {
        let detail: String
    }

    private var code: Int?
    private var lines: [String] = []

    /// A reply of more lines than this is not a server talking SMTP.
    static let maxLines = 200

    /// Takes one line without its line end; returns the reply when this line was its last.
    mutating func parse(_ line: String) throws(Failure) -> SMTPResponse? {
        let characters = Array(line.utf8.prefix(4))
        guard characters.count >= 3, characters[0...2].allSatisfy({ (48...57).contains($0) }),
              (50...53).contains(characters[0]), // 2xx to 5xx
              let number = Int(line.prefix(3))
        else { throw Failure(detail: "not a reply line: \(Self.excerpt(line))") }
        let separator = characters.count > 3 ? characters[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw Failure(detail: "not a reply line: \(Self.excerpt(line))")
        }
        if let code, code != number { throw Failure(detail: "a reply changed its code from \(code) to \(number)") }
        code = number
        lines.append(String(line.dropFirst(4)))
        guard lines.count <= Self.maxLines else { throw Failure(detail: "a reply of more than \(Self.maxLines) lines") }
        guard separator == UInt8(ascii: " ") else { return nil }
        defer {
            code = nil
            lines = []
        }
        return SMTPResponse(code: number, lines: lines)
    }

    /// The start of a server's line, safe for a message.
    static func excerpt(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) }.prefix(200))
    }
}

/// What the server offers in its EHLO reply (RFC 5321 §4.1.1.1; RFC 3207, 4954, 1870, 6152).
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    /// Upper case: `PLAIN`, `LOGIN`, …
    var authMechanisms: Set<String> = []
    /// Nil when SIZE is not offered; 0 when it is offered without a limit.
    var sizeLimit: Int?
    var eightBitMIME = false

    init(ehlo reply: SMTPResponse) {
        // The first line is the server's name and greeting; each further line is one extension.
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS":
                startTLS = true
            case "AUTH":
                authMechanisms.formUnion(words.dropFirst())
            case _ where keyword.hasPrefix("AUTH="): // the pre-standard form some servers still send
                authMechanisms.insert(String(keyword.dropFirst(5)))
                authMechanisms.formUnion(words.dropFirst())
            case "SIZE":
                sizeLimit = words.count > 1 ? Int(words[1]) ?? 0 : 0
            case "8BITMIME":
                eightBitMIME = true
            default:
                break
            }
        }
    }
}

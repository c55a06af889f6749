import Foundation

/// A command line to send, in parts: text, and literals that must wait for the server's `+` before
/// their bytes go out (synchronising literals, RFC 3501 §4.3, which every server accepts).
public struct IMAPCommandText: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case literal([UInt8])
    }

    public private(set) var parts: [Part] = []

    public init(_ text: String = "") {
        if !text.isEmpty { parts.append(.text(text)) }
    }

    public mutating func append(_ text: String) {
        if case .text(let previous)? = parts.last {
            parts[parts.count - 1] = .text(previous + text)
        } else {
            parts.append(.text(text))
        }
    }

    /// A string argument (RFC 3501 `astring`): quoted with `\` before `"` and `\`, or a literal when it
    /// holds what a quoted string cannot (CR, LF, NUL, bytes beyond ASCII) — a password may.
    public mutating func appendString(_ value: String) {
        let bytes = Array(value.utf8)
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            var quoted = "\""
            for character in value {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            append(quoted + "\"")
        } else {
            parts.append(.literal(bytes))
        }
    }

    /// A literal of raw bytes (a message to APPEND).
    public mutating func appendLiteral(_ bytes: [UInt8]) {
        parts.append(.literal(bytes))
    }

    /// The bytes to send for the part at `index`: a text part, or the `{n}` marker and CRLF that
    /// announce a literal (the literal's own bytes follow once the server said `+`).
    public static func wire(_ part: Part) -> [UInt8] {
        switch part {
        case .text(let text): Array(text.utf8)
        case .literal(let bytes): Array("{\(bytes.count)}\r\n".utf8)
        }
    }

    /// A UID set such as `3:5,9` for sorted, distinct UIDs.
    public static func uidSet(_ uids: [UInt32]) -> String {
        var ranges: [String] = []
        var index = 0
        let sorted = Array(Set(uids)).sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            ranges.append(end == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[end])")
            index = end + 1
        }
        return ranges.joined(separator: ",")
    }
}

/// A mailbox name the client can send: printable ASCII only. IMAP names beyond ASCII are in modified
/// UTF-7 (RFC 3501 §5.1.3), which this client does not encode; `INBOX`, `INBOX.Pengaduan`,
/// `[Gmail]/All Mail` all work.
public enum IMAPMailboxName {
    public static func isSupported(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !name.contains("&")
    }
}

/// The Message-ID of a header block as `BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]` returns it: the field's
/// value unfolded and trimmed, as written (angle brackets included), or nil when there is none.
public enum IMAPHeaderFields {
    public static func messageID(in header: [UInt8]) -> String? {
        value(of: "message-id", in: header)
    }

    public static func value(of name: String, in header: [UInt8]) -> String? {
        let text = String(decoding: header, as: UTF8.self)
        var current: String?
        var found: String?
        func finish() {
            guard found == nil, let field = current, let colon = field.firstIndex(of: ":") else { return }
            if field[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == name {
                let value = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { found = value }
            }
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                current = (current ?? "") + " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                finish()
                current = String(line)
            }
        }
        finish()
        return found
    }
}

import Foundation

/// The encodings of RFC 2045, 2047 and 2231 that a message writer needs, and header folding.
enum MailEncoding {
    /// Folding target for header lines. RFC 5322 asks for 78; RFC 2047 §2 limits a line that holds
    /// encoded words to 76, so every header is folded at 76.
    static let lineLimit = 76

    /// A piece of a header value: a word written as it is, or text that goes out as RFC 2047 encoded words.
    enum Piece: Equatable {
        case word(String)
        case encoded(String)
    }

    // MARK: Header values

    /// The text with every control character (CR and LF among them), line separator and run of white
    /// space turned into one space, trimmed: nothing in it can end the header line or start another.
    static func headerText(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
        }
        return String(result)
    }

    /// An unstructured value (Subject): ASCII words stay readable in the raw message, each run of words
    /// that needs encoding becomes encoded words (RFC 2047 §5 (1)). Readable words matter: a tracking code
    /// such as `[Pengaduan KXV25-7FDHX-CRQQ]` stays plain text and first even when the rest is encoded.
    static func unstructured(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var run: [Substring] = []
        func flush() {
            if !run.isEmpty { pieces.append(.encoded(run.joined(separator: " "))) }
            run = []
        }
        for word in headerText(text).split(separator: " ") {
            if needsEncoding(word) {
                run.append(word)
            } else {
                flush()
                pieces.append(.word(String(word)))
            }
        }
        flush()
        return pieces
    }

    /// A display name (RFC 5322 phrase): a quoted string when it is short printable ASCII, otherwise
    /// encoded words (RFC 2047 §5 (3)).
    static func phrase(_ name: String) -> [Piece] {
        let clean = headerText(name)
        guard !clean.isEmpty else { return [] }
        if clean.utf8.count <= 60, clean.unicodeScalars.allSatisfy({ isPrintableASCII($0) || $0 == " " }), !clean.contains("=?") {
            return [.word(quoted(clean))]
        }
        return [.encoded(clean)]
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }

    /// Words that cannot go out as they are: non-ASCII, too long to fold around, or looking like an
    /// encoded word themselves (a decoder would decode them).
    private static func needsEncoding(_ word: Substring) -> Bool {
        word.utf8.count > 60 || word.contains("=?") || !word.unicodeScalars.allSatisfy(isPrintableASCII)
    }

    static func isPrintableASCII(_ scalar: Unicode.Scalar) -> Bool {
        (0x21...0x7E).contains(scalar.value)
    }

    /// `Name: value` folded before a word that would pass `lineLimit`, encoded text split into UTF-8
    /// B-encoded words of at most 75 characters that fill the line, never across a character.
    static func field(_ name: String, _ pieces: [Piece]) -> String {
        var lines = [name + ":"]
        let nameWidth = lines[0].utf8.count
        func place(_ token: String) {
            let current = lines[lines.count - 1].utf8.count
            if current + 1 + token.utf8.count > lineLimit, lines.count > 1 || current > nameWidth {
                lines.append(" " + token)
            } else {
                lines[lines.count - 1] += " " + token
            }
        }
        for piece in pieces {
            switch piece {
            case .word(let word):
                place(word)
            case .encoded(let text):
                var scalars = Substring(text).unicodeScalars[...]
                while !scalars.isEmpty {
                    var room = lineLimit - lines[lines.count - 1].utf8.count - 1
                    if room < 20 {
                        lines.append("")
                        room = lineLimit - 1
                    }
                    // "=?utf-8?B?" and "?=" take 12 characters; base64 writes 4 characters per 3 bytes.
                    let maxBytes = min(75 - 12, room - 12) / 4 * 3
                    var bytes: [UInt8] = []
                    while let scalar = scalars.first {
                        let utf8 = Array(String(scalar).utf8)
                        if bytes.count + utf8.count > maxBytes { break }
                        bytes += utf8
                        scalars.removeFirst()
                    }
                    let word = "=?utf-8?B?" + Data(bytes).base64EncodedString() + "?="
                    if lines[lines.count - 1].isEmpty {
                        lines[lines.count - 1] = " " + word
                    } else {
                        lines[lines.count - 1] += " " + word
                    }
                }
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// An RFC 2231 parameter (`filename`, `name`) as parameter words, each ending in `;` but the last:
    /// a quoted string for short printable ASCII, else `utf-8''` percent-encoding, continued over
    /// several numbered parameters when long (`filename*0*=…; filename*1*=…`).
    static func parameter(_ attribute: String, _ value: String) -> [String] {
        if value.utf8.count <= 60, value.unicodeScalars.allSatisfy({ isPrintableASCII($0) || $0 == " " }) {
            return ["\(attribute)=\(quoted(value))"]
        }
        var segments: [String] = []
        var segment = ""
        for byte in value.utf8 {
            let isContinuation = byte & 0xC0 == 0x80
            if !isContinuation, segment.utf8.count >= 54 {
                segments.append(segment)
                segment = ""
            }
            if isAttributeChar(byte) {
                segment.append(Character(Unicode.Scalar(byte)))
            } else {
                segment += "%" + hex(byte)
            }
        }
        segments.append(segment)
        if segments.count == 1 { return ["\(attribute)*=utf-8''\(segments[0])"] }
        return segments.enumerated().map { index, text in
            index == 0 ? "\(attribute)*0*=utf-8''\(text)" : "\(attribute)*\(index)*=\(text)"
        }
    }

    /// RFC 2231 attribute-char: a token character other than `*`, `'` and `%`.
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$&+-.^_`|~".utf8.contains(byte)
        }
    }

    // MARK: Bodies

    /// Quoted-printable (RFC 2045 §6.7) of the text as UTF-8, lines ended by CRLF whatever they were
    /// ended by, at most 76 characters per encoded line. Trailing white space and a leading "From " are
    /// encoded too, so that no relay can alter them.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for (index, line) in lines(of: text).enumerated() {
            if index > 0 { out += [13, 10] }
            let bytes = Array(line.utf8)
            let startsWithFrom = line.hasPrefix("From ")
            var column = 0
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                let literal: Bool
                switch byte {
                case 0x20, 0x09: literal = !isLast
                case 0x3D: literal = false
                case 0x21...0x7E: literal = !(position == 0 && startsWithFrom)
                default: literal = false
                }
                let width = literal ? 1 : 3
                if column + width > 75 {
                    out += [UInt8(ascii: "="), 13, 10]
                    column = 0
                }
                if literal {
                    out.append(byte)
                } else {
                    out += [UInt8(ascii: "=")] + Array(hex(byte).utf8)
                }
                column += width
            }
        }
        return out
    }

    /// Base64 in lines of 76 characters ended by CRLF (RFC 2045 §6.8), without a final line end.
    static func base64Lines(_ data: [UInt8]) -> [UInt8] {
        let encoded = Array(Data(data).base64EncodedString().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var start = 0
        while start < encoded.count {
            if start > 0 { out += [13, 10] }
            let end = min(start + 76, encoded.count)
            out += encoded[start..<end]
            start = end
        }
        return out
    }

    /// The lines of a text, split at CRLF, lone CR and lone LF.
    static func lines(of text: String) -> [Substring] {
        // Swift treats "\r\n" as one Character, so splitting on newlines splits each ending once.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

import Foundation

extension InboundMail {
    /// One header field as it arrived: the name as written and the value unfolded (the line breaks of
    /// folding removed, the blanks kept), not yet decoded.
    public struct Header: Sendable, Equatable {
        public let name: String
        public let rawValue: String
        /// The name lowercased, for lookups.
        let key: String

        init(name: String, rawValue: String) {
            self.name = name
            self.rawValue = rawValue
            key = name.lowercased()
        }

        /// The value with RFC 2047 encoded-words decoded (for unstructured fields such as Subject).
        public var decodedValue: String { EncodedWords.decode(rawValue) }
    }

    /// The header fields of one entity, in order, duplicates kept; names compare case-insensitively.
    public struct Headers: Sendable, Equatable, Sequence {
        public let fields: [Header]

        public init(_ fields: [Header]) { self.fields = fields }

        public func makeIterator() -> IndexingIterator<[Header]> { fields.makeIterator() }

        /// The first field of that name, raw.
        public subscript(name: String) -> String? {
            let key = name.lowercased()
            return fields.first { $0.key == key }?.rawValue
        }

        /// Every field of that name, raw, in order.
        public func values(_ name: String) -> [String] {
            let key = name.lowercased()
            return fields.filter { $0.key == key }.map(\.rawValue)
        }

        public func contains(_ name: String) -> Bool { self[name] != nil }
    }
}

/// Reads a header block out of the raw bytes.
enum HeaderReader {
    /// The fields of the header block that starts at `range.lowerBound`, and where the body starts
    /// (after the empty line; `range.upperBound` when there is none). Bare LF and CRLF both end a line.
    static func read(_ bytes: [UInt8], in range: Range<Int>, limits: MailLimits)
        throws(MailParseError) -> (headers: InboundMail.Headers, bodyStart: Int) {
        var fields: [InboundMail.Header] = []
        var currentName: String?
        var currentValue: [UInt8] = []
        var lines = 0
        var cursor = range.lowerBound
        let end = range.upperBound

        func finish() {
            if let name = currentName {
                fields.append(InboundMail.Header(name: name, rawValue: headerText(currentValue)))
            }
            currentName = nil
            currentValue.removeAll(keepingCapacity: true)
        }

        while cursor < end {
            let newline = bytes.indexOfNewline(from: cursor, before: end)
            var lineEnd = newline
            if lineEnd > cursor, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let next = newline < end ? newline + 1 : end
            if lineEnd == cursor { // the empty line ends the header
                finish()
                return (InboundMail.Headers(fields), next)
            }
            lines += 1
            guard lines <= limits.maxHeaderLines else { throw .tooManyHeaderLines(limit: limits.maxHeaderLines) }
            guard lineEnd - cursor <= limits.maxHeaderLineBytes else {
                throw .headerLineTooLong(limit: limits.maxHeaderLineBytes)
            }
            let first = bytes[cursor]
            if first == 0x20 || first == 0x09 {
                // Folding: the line break goes, the blank stays (RFC 5322 2.2.3).
                if currentName != nil { currentValue.append(contentsOf: bytes[cursor..<lineEnd]) }
            } else if let colon = bytes[cursor..<lineEnd].firstIndex(of: UInt8(ascii: ":")),
                      colon > cursor, isFieldName(bytes[cursor..<colon]) {
                finish()
                currentName = String(decoding: bytes[cursor..<colon], as: UTF8.self)
                    .mailTrimmed
                var valueStart = colon + 1
                while valueStart < lineEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
                currentValue.append(contentsOf: bytes[valueStart..<lineEnd])
            } else if fields.isEmpty && currentName == nil && lines == 1
                        && bytes[cursor..<lineEnd].starts(with: Array("From ".utf8)) {
                // An mbox separator before the first field ("From sender date").
            } else if fields.isEmpty && currentName == nil {
                // No field at all: this is not a header but the body of a headerless message.
                return (InboundMail.Headers([]), cursor)
            } else {
                // A stray line inside the header: skipped, as mail programs do.
                finish()
            }
            cursor = next
        }
        finish()
        return (InboundMail.Headers(fields), end)
    }

    /// Printable ASCII except the colon (RFC 5322 ftext); blanks before the colon are tolerated.
    private static func isFieldName(_ name: ArraySlice<UInt8>) -> Bool {
        var trimmed = name
        while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
        return !trimmed.isEmpty && trimmed.allSatisfy { $0 >= 33 && $0 <= 126 }
    }

    /// Header bytes as text: ASCII as is; 8-bit bytes (RFC 6532 UTF-8, or a mailer's raw latin1) as
    /// UTF-8 when valid, else windows-1252.
    static func headerText(_ bytes: [UInt8]) -> String {
        MailCharset.fallback(bytes).mailTrimmed
    }
}

/// A structured header value: `type/subtype; name=value; name*=charset''%XX` (RFC 2045, RFC 2231).
struct HeaderValueWithParameters: Equatable {
    /// The value before the first `;`, lowercased and trimmed (`multipart/mixed`, `attachment`).
    var value: String
    /// Parameter values by lowercased name, RFC 2231 continuations joined and decoded, RFC 2047 decoded.
    var parameters: [String: String]

    init(_ raw: String) {
        let pieces = Self.splitOutsideQuotes(raw)
        value = Self.stripComments(pieces.first ?? "").mailTrimmed.lowercased()
        var plain: [String: String] = [:]
        // RFC 2231: name*0, name*1*, …, keyed by section; `*` marks a charset'lang'%XX section.
        var sections: [String: [(index: Int, encoded: Bool, text: String)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].mailTrimmed.lowercased()
            let rawValue = Self.unquote(piece[piece.index(after: equals)...].mailTrimmed)
            guard !name.isEmpty else { continue }
            var encoded = false
            if name.hasSuffix("*") { encoded = true; name.removeLast() }
            if let star = name.lastIndex(of: "*"), let index = Int(name[name.index(after: star)...]) {
                sections[String(name[..<star]), default: []].append((index, encoded, rawValue))
            } else if encoded {
                sections[name, default: []].append((0, true, rawValue))
            } else if plain[name] == nil {
                plain[name] = rawValue
            }
        }
        var parameters = plain.mapValues { EncodedWords.decode($0) }
        for (name, parts) in sections {
            let ordered = parts.sorted { $0.index < $1.index }
            var charset: String?
            var bytes: [UInt8] = []
            for (position, part) in ordered.enumerated() {
                var text = Substring(part.text)
                if part.encoded && position == 0 {
                    // charset'language'value; a missing pair of quotes means plain text.
                    let quotes = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if quotes.count == 3 {
                        charset = String(quotes[0])
                        text = quotes[2]
                    }
                }
                bytes += part.encoded ? Self.percentDecoded(text) : Array(text.utf8)
            }
            // RFC 2231 wins over a plain `name=` fallback given for old readers.
            parameters[name] = MailCharset.decode(bytes, charset: charset ?? "utf-8")
        }
        self.parameters = parameters
    }

    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = TransferDecoding.hexValue(utf8[index + 1]), let low = TransferDecoding.hexValue(utf8[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(utf8[index])
                index += 1
            }
        }
        return output
    }

    /// `;`-separated pieces, a `;` inside a quoted string kept.
    static func splitOutsideQuotes(_ raw: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in raw.unicodeScalars {
            if escaped { current.unicodeScalars.append(character); escaped = false; continue }
            if character == "\\" && quoted { current.unicodeScalars.append(character); escaped = true; continue }
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }

    static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.first == "\"", text.last == "\"" else {
            return stripComments(text).mailTrimmed
        }
        var output = ""
        var escaped = false
        for character in text.unicodeScalars.dropFirst().dropLast() {
            if escaped { output.unicodeScalars.append(character); escaped = false } else if character == "\\" { escaped = true } else {
                output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// `(comments)` removed, nested ones too; quoted strings untouched.
    static func stripComments(_ text: String) -> String {
        guard text.contains("(") else { return text }
        var output = ""
        var depth = 0
        var quoted = false
        for character in text.unicodeScalars {
            if character == "\"" && depth == 0 { quoted.toggle() }
            if !quoted && character == "(" { depth += 1; continue }
            if !quoted && character == ")" && depth > 0 { depth -= 1; continue }
            if depth == 0 { output.unicodeScalars.append(character) }
        }
        return output
    }
}

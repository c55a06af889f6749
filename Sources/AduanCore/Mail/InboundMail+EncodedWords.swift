/// RFC 2047 encoded-words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in unstructured text, names and file
/// names. Adjacent words separated only by blanks are joined before their charset is applied, because
/// Outlook splits one multi-byte character across two words (PITFALLS 1.6, ZM #2953). A malformed word
/// stays as written.
enum EncodedWords {
    private struct Word {
        let range: Range<Int>
        let charset: String
        let bytes: [UInt8]
    }

    private enum Segment {
        case text(Range<Int>)
        case word(Word)
    }

    static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let utf8 = Array(text.utf8)
        var segments: [Segment] = []
        var cursor = 0
        var index = 0
        var stops = StopCache()
        while index + 1 < utf8.count {
            if utf8[index] == UInt8(ascii: "="), utf8[index + 1] == UInt8(ascii: "?"),
               let word = parseWord(utf8, at: index, stops: &stops) {
                if cursor < index { segments.append(.text(cursor..<index)) }
                segments.append(.word(word))
                index = word.range.upperBound
                cursor = index
            } else {
                index += 1
            }
        }
        if cursor < utf8.count { segments.append(.text(cursor..<utf8.count)) }

        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []
        func flush() {
            if let charset = pendingCharset { output += Array(MailCharset.decode(pendingBytes, charset: charset).utf8) }
            pendingCharset = nil
            pendingBytes.removeAll(keepingCapacity: true)
        }
        for (position, segment) in segments.enumerated() {
            switch segment {
            case .word(let word):
                if pendingCharset != word.charset {
                    flush()
                    pendingCharset = word.charset
                }
                pendingBytes += word.bytes
            case .text(let range):
                // Only blanks between two words: they vanish (RFC 2047 6.2), and the words join.
                let betweenWords = pendingCharset != nil && position + 1 < segments.count
                    && { if case .word = segments[position + 1] { return true } else { return false } }()
                if betweenWords && utf8[range].allSatisfy(isBlank) { continue }
                flush()
                output += utf8[range]
            }
        }
        flush()
        return String(decoding: output, as: UTF8.self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Where the last scan for the end of an encoded text stopped (at "?=", a blank or the end), and
    /// from where: a later scan starting inside that stretch stops at the same place, so a value full
    /// of unterminated "=?" costs one pass, not one per "=?".
    private struct StopCache {
        var from = Int.max
        var at = 0
    }

    /// The word starting at `start` (at "=?"), or nil when it is not a well-formed one.
    private static func parseWord(_ utf8: [UInt8], at start: Int, stops: inout StopCache) -> Word? {
        var index = start + 2
        let charsetStart = index
        while index < utf8.count, utf8[index] != UInt8(ascii: "?") {
            if isBlank(utf8[index]) || index - charsetStart > 40 { return nil }
            index += 1
        }
        guard index > charsetStart, index + 2 < utf8.count, utf8[index + 2] == UInt8(ascii: "?") else { return nil }
        let charset = String(decoding: utf8[charsetStart..<index], as: UTF8.self)
        let encoding = utf8[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = index + 3
        var end: Int
        if textStart >= stops.from && textStart <= stops.at {
            end = stops.at
        } else {
            end = textStart
            while end + 1 < utf8.count, !(utf8[end] == UInt8(ascii: "?") && utf8[end + 1] == UInt8(ascii: "=")),
                  !isBlank(utf8[end]) {
                end += 1
            }
            stops = StopCache(from: textStart, at: end)
        }
        guard end + 1 < utf8.count, utf8[end] == UInt8(ascii: "?"), utf8[end + 1] == UInt8(ascii: "=") else { return nil }
        let text = utf8[textStart..<end]
        let bytes = encoding == UInt8(ascii: "b")
            ? TransferDecoding.base64(text)
            : TransferDecoding.quotedPrintable(text, underscoreIsSpace: true)
        return Word(range: start..<(end + 2), charset: charset.lowercased(), bytes: bytes)
    }
}

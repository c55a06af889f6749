import Foundation

/// Content-Transfer-Encoding and the byte-level helpers the parser shares. Everything is tolerant: a
/// broken encoding gives the bytes that could be read, never an error.
enum TransferDecoding {
    /// Decodes a part body by its Content-Transfer-Encoding (`7bit`, `8bit`, `binary` and unknown
    /// values pass the bytes through).
    static func decodeTransfer(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased() {
        case "base64": base64(bytes)
        case "quoted-printable": quotedPrintable(bytes)
        default: Array(bytes)
        }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        // The URL-safe alphabet too: some mailers use it in encoded-words.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Base64, skipping whitespace and any byte outside the alphabet, stopping at the first `=`
    /// pad of a quantum, accepting missing padding (a trailing lone sextet is dropped).
    static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        // Well-formed bodies (the 10 MB photo) take Foundation's decoder; only odd ones take the loop.
        // Foundation stops at a pad in the middle (two encodings concatenated), so it only gets input
        // whose pads, if any, are at the end.
        if padsOnlyAtEnd(bytes), let data = Data(base64Encoded: Data(bytes), options: .ignoreUnknownCharacters) {
            return [UInt8](data)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                if byte == UInt8(ascii: "=") {
                    // Padding ends the quantum; what follows (a concatenated second encoding) starts anew.
                    flush(&accumulator, &count, into: &output)
                    continue
                }
                let value = base64Values[Int(byte)]
                if value == 0xFF { continue }
                accumulator = accumulator << 6 | UInt32(value)
                count += 1
                if count == 4 {
                    output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                    output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                    output.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator = 0
                    count = 0
                }
            }
        }
        flush(&accumulator, &count, into: &output)
        return output
    }

    private static func padsOnlyAtEnd(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress, let found = memchr(base, Int32(UInt8(ascii: "=")), buffer.count) else {
                return true
            }
            let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            return buffer[start...].allSatisfy { $0 == UInt8(ascii: "=") || $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }
    }

    private static func flush(_ accumulator: inout UInt32, _ count: inout Int, into output: inout [UInt8]) {
        switch count {
        case 2: output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case 3:
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        default: break
        }
        accumulator = 0
        count = 0
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Quoted-printable (RFC 2045 6.7): `=XX` in either case, soft line breaks `=` + CRLF or LF (also
    /// with the trailing blanks some relays add), and a bad escape kept literally.
    /// With `underscoreIsSpace` it is the Q encoding of RFC 2047.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_"), underscoreIsSpace {
                output.append(0x20)
                index += 1
            } else if byte == UInt8(ascii: "=") {
                // A soft line break: "=", optional blanks, then LF or CRLF (or the end).
                var cursor = index + 1
                while cursor < end, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                if cursor == end {
                    index = end
                } else if bytes[cursor] == 0x0A {
                    index = cursor + 1
                } else if bytes[cursor] == 0x0D {
                    index = cursor + 1 < end && bytes[cursor + 1] == 0x0A ? cursor + 2 : cursor + 1
                } else if index + 2 < end {
                    if let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                        output.append(high << 4 | low)
                        index += 3
                    } else {
                        output.append(byte)
                        index += 1
                    }
                } else {
                    output.append(byte)
                    index += 1
                }
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Line breaks of decoded text made `\n`: CRLF and a lone CR both.
    static func normalizingNewlines(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var afterCR = false
        for byte in text.utf8 {
            if byte == 0x0A && afterCR { afterCR = false; continue }
            afterCR = byte == 0x0D
            output.append(afterCR ? 0x0A : byte)
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension StringProtocol {
    /// Without ASCII blanks and line breaks at both ends (Foundation's trimming is slow on Linux, and
    /// mail syntax only knows ASCII blanks).
    var mailTrimmed: String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        if start == 0 && end == bytes.count, let string = self as? String { return string }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Whether the text starts with `prefix`, ASCII letters compared without case.
    func hasPrefixIgnoringCase(_ prefix: String) -> Bool {
        var mine = utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let byte = mine.next() else { return false }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            let want = expected >= 0x41 && expected <= 0x5A ? expected | 0x20 : expected
            if lower != want { return false }
        }
        return true
    }
}

/// Line scanning over a byte buffer: `\n` ends a line, a `\r` before it is not part of the line.
extension Array where Element == UInt8 {
    /// The index of the next `\n` at or after `start` and before `end`, or `end`.
    func indexOfNewline(from start: Int, before end: Int) -> Int {
        guard start < end else { return end }
        return withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress,
                  let found = memchr(base + start, 0x0A, end - start)
            else { return end }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}

import Foundation

/// One server response as it came off the wire: its text (CRLFs between the lines of a response with
/// literals dropped, each literal's `{n}` marker kept) and the literals' bytes in order.
public struct IMAPResponseFrame: Sendable, Equatable {
    public var text: [UInt8]
    public var literals: [[UInt8]]
    /// Where in `text` each literal stood: the offset just after its `{n}` marker.
    public var literalOffsets: [Int]

    public init(text: [UInt8], literals: [[UInt8]] = [], literalOffsets: [Int] = []) {
        self.text = text
        self.literals = literals
        self.literalOffsets = literalOffsets
    }
}

/// What a framer or parser refuses. Each names what a server did wrong; none is the caller's fault.
public enum IMAPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A response line (the text outside literals) longer than the limit.
    case lineTooLong(limit: Int)
    /// A literal announced larger than the limit: refused before a byte of it is kept.
    case literalTooLarge(announced: Int, limit: Int)
    case malformed(String)

    public var description: String {
        switch self {
        case .lineTooLong(let limit): "a response line longer than \(limit) bytes"
        case .literalTooLarge(let announced, let limit): "a literal of \(announced) bytes, more than the limit of \(limit)"
        case .malformed(let what): "malformed response: \(what)"
        }
    }
}

/// Cuts the byte stream of an IMAP connection into responses (RFC 3501 §2.2, §4.3): a line ending in
/// CRLF, where a line ending in `{n}` is followed by n bytes of literal and then the rest of the same
/// response. Bounded: the text of one response and each literal have a maximum size, checked before the
/// bytes are collected, so a hostile server cannot make the client hold more.
public struct IMAPResponseFramer: Sendable {
    public let maxLineBytes: Int
    public let maxLiteralBytes: Int

    private var buffer: [UInt8] = []
    /// The first byte not yet part of a finished frame.
    private var start = 0
    /// Where the search for the end of the current line goes on.
    private var scan = 0
    private var pending = IMAPResponseFrame(text: [])
    private var literalNeeded: Int?

    public init(maxLineBytes: Int = 1_048_576, maxLiteralBytes: Int = 26_214_400) {
        self.maxLineBytes = maxLineBytes
        self.maxLiteralBytes = maxLiteralBytes
    }

    /// Bytes received but not yet returned as part of a frame; zero between responses.
    public var bufferedByteCount: Int {
        buffer.count - start + pending.text.count + pending.literals.reduce(0) { $0 + $1.count }
    }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 65_536, start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            scan -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response, or nil until more bytes arrive.
    public mutating func next() throws(IMAPParseError) -> IMAPResponseFrame? {
        while true {
            if let needed = literalNeeded {
                guard buffer.count - start >= needed else { return nil }
                pending.literals.append(Array(buffer[start..<start + needed]))
                pending.literalOffsets.append(pending.text.count)
                start += needed
                scan = start
                literalNeeded = nil
                continue
            }
            guard let newline = buffer[scan...].firstIndex(of: 0x0A) else {
                scan = buffer.count
                if pending.text.count + (buffer.count - start) > maxLineBytes { throw .lineTooLong(limit: maxLineBytes) }
                return nil
            }
            var end = newline
            if end > start, buffer[end - 1] == 0x0D { end -= 1 }
            guard pending.text.count + (end - start) <= maxLineBytes else { throw .lineTooLong(limit: maxLineBytes) }
            pending.text.append(contentsOf: buffer[start..<end])
            start = newline + 1
            scan = start
            if let size = try Self.literalMarker(at: pending.text, limit: maxLiteralBytes) {
                literalNeeded = size
                continue
            }
            defer { pending = IMAPResponseFrame(text: []) }
            return pending
        }
    }

    /// The size of the literal that a line ending in `{n}` or `{n+}` announces.
    private static func literalMarker(at text: [UInt8], limit: Int) throws(IMAPParseError) -> Int? {
        guard text.last == UInt8(ascii: "}") else { return nil }
        var index = text.count - 2
        if index >= 0, text[index] == UInt8(ascii: "+") { index -= 1 }
        var digits = 0
        while index >= 0, (0x30...0x39).contains(text[index]) {
            digits += 1
            index -= 1
        }
        guard digits > 0, index >= 0, text[index] == UInt8(ascii: "{") else { return nil }
        guard digits <= 10 else { throw .literalTooLarge(announced: Int.max, limit: limit) }
        let size = text[(index + 1)..<(index + 1 + digits)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard size <= limit else { throw .literalTooLarge(announced: size, limit: limit) }
        return size
    }
}

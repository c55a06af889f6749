import Foundation

/// A server response of IMAP4rev1 (RFC 3501 §7), the part of it that a client fetching mail needs.
/// Responses the client has no use for are kept as `.other` with their text, never refused.
public enum IMAPResponse: Sendable, Equatable {
    /// `+ text`: the server waits for the rest of a command (a literal, a SASL step).
    case continuation(String)
    /// `TAG OK|NO|BAD [code] text`: the end of the command with that tag.
    case tagged(tag: String, IMAPStatusResponse)
    case untagged(IMAPUntaggedResponse)
}

public enum IMAPStatus: String, Sendable, Equatable {
    case ok = "OK"
    case no = "NO"
    case bad = "BAD"
    case preauth = "PREAUTH"
    case bye = "BYE"
}

public struct IMAPStatusResponse: Sendable, Equatable {
    public var status: IMAPStatus
    public var code: IMAPResponseCode?
    public var text: String

    public init(status: IMAPStatus, code: IMAPResponseCode? = nil, text: String) {
        self.status = status
        self.code = code
        self.text = text
    }

    /// The server's words as a person would read them: the code in brackets, then the text.
    public var displayText: String {
        switch code {
        case nil: text
        case .some(let code): "[\(code.name)] \(text)"
        }
    }
}

/// The bracketed code of a status response (RFC 3501 §7.1) that the client acts on; others by name.
public enum IMAPResponseCode: Sendable, Equatable {
    case capability([String])
    case uidValidity(UInt32)
    case uidNext(UInt32)
    case appendUID(uidValidity: UInt32, uid: UInt32)
    /// Any other code, e.g. `AUTHENTICATIONFAILED`, `ALERT`, `TRYCREATE`, with its arguments as text.
    case other(name: String, arguments: String)

    public var name: String {
        switch self {
        case .capability: "CAPABILITY"
        case .uidValidity: "UIDVALIDITY"
        case .uidNext: "UIDNEXT"
        case .appendUID: "APPENDUID"
        case .other(let name, _): name
        }
    }
}

public enum IMAPUntaggedResponse: Sendable, Equatable {
    /// `* OK|NO|BAD|PREAUTH|BYE [code] text`.
    case status(IMAPStatusResponse)
    /// Capability names, upper-cased.
    case capability([String])
    case exists(Int)
    case recent(Int)
    case expunge(Int)
    case flags([String])
    case search([UInt32])
    case fetch(sequence: Int, IMAPFetchAttributes)
    /// A response this client does not interpret (LIST, STATUS, …), as text.
    case other(String)
}

/// The data items of one `* n FETCH (…)` response that the client asks for.
public struct IMAPFetchAttributes: Sendable, Equatable {
    public var uid: UInt32?
    public var size: Int?
    public var flags: [String]?
    /// Body sections by their section text, upper-cased with single spaces: `""` for `BODY[]`,
    /// `"HEADER.FIELDS (MESSAGE-ID)"` for that one. NIL is an empty section.
    public var sections: [String: [UInt8]]

    public init(uid: UInt32? = nil, size: Int? = nil, flags: [String]? = nil, sections: [String: [UInt8]] = [:]) {
        self.uid = uid
        self.size = size
        self.flags = flags
        self.sections = sections
    }
}

extension IMAPResponse {
    /// Parses one response cut by `IMAPResponseFramer`.
    public init(frame: IMAPResponseFrame) throws(IMAPParseError) {
        var reader = IMAPFrameReader(frame)
        self = try reader.response()
    }
}

/// A cursor over one frame. Every read is bounded by the frame, so a malformed response ends in
/// `IMAPParseError.malformed`, never in a trap.
struct IMAPFrameReader {
    private let text: [UInt8]
    private let literals: [[UInt8]]
    private let literalOffsets: [Int]
    private var position = 0
    private var nextLiteral = 0
    /// Lists nest at most this deep: a flood of `(` must not exhaust the stack.
    private static let maxDepth = 32

    init(_ frame: IMAPResponseFrame) {
        text = frame.text
        literals = frame.literals
        literalOffsets = frame.literalOffsets
    }

    private var atEnd: Bool { position >= text.count }
    private var peek: UInt8? { atEnd ? nil : text[position] }

    mutating func response() throws(IMAPParseError) -> IMAPResponse {
        if peek == UInt8(ascii: "+") {
            position += 1
            if peek == UInt8(ascii: " ") { position += 1 }
            return .continuation(rest())
        }
        if peek == UInt8(ascii: "*") {
            position += 1
            try space()
            return .untagged(try untagged())
        }
        let tag = word()
        guard !tag.isEmpty, tag.allSatisfy({ $0 != "*" && $0 != "+" }) else { throw .malformed("no tag") }
        try space()
        let statusWord = word().uppercased()
        guard let status = IMAPStatus(rawValue: statusWord), [.ok, .no, .bad].contains(status) else {
            throw .malformed("tagged response with status \(statusWord.prefix(20))")
        }
        return .tagged(tag: tag, try statusResponse(status))
    }

    private mutating func untagged() throws(IMAPParseError) -> IMAPUntaggedResponse {
        let first = word()
        if let number = Int(first), number >= 0 {
            try space()
            let kind = word().uppercased()
            switch kind {
            case "EXISTS": return .exists(number)
            case "RECENT": return .recent(number)
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                try space()
                return .fetch(sequence: number, try fetchAttributes())
            default:
                return .other("\(first) \(kind)\(rest())")
            }
        }
        let name = first.uppercased()
        if let status = IMAPStatus(rawValue: name) {
            return .status(try statusResponse(status))
        }
        switch name {
        case "CAPABILITY":
            return .capability(rest().split(separator: " ").map { $0.uppercased() })
        case "FLAGS":
            try space()
            return .flags(try flagList())
        case "SEARCH":
            var uids: [UInt32] = []
            while peek == UInt8(ascii: " ") {
                position += 1
                if peek == UInt8(ascii: "(") { break } // RFC 4731/7162 extensions, not asked for
                let value = word()
                guard let uid = UInt32(value) else { throw .malformed("SEARCH result \(value.prefix(20))") }
                uids.append(uid)
            }
            return .search(uids)
        default:
            return .other(name + rest())
        }
    }

    /// `[code] text` after a status word.
    private mutating func statusResponse(_ status: IMAPStatus) throws(IMAPParseError) -> IMAPStatusResponse {
        guard peek == UInt8(ascii: " ") else {
            guard atEnd else { throw .malformed("status \(status.rawValue) not followed by a space") }
            return IMAPStatusResponse(status: status, text: "")
        }
        position += 1
        var code: IMAPResponseCode?
        if peek == UInt8(ascii: "[") {
            position += 1
            guard let close = text[position...].firstIndex(of: UInt8(ascii: "]")) else { throw .malformed("response code without ]") }
            let inner = String(decoding: text[position..<close], as: UTF8.self)
            position = close + 1
            if peek == UInt8(ascii: " ") { position += 1 }
            code = try Self.responseCode(inner)
        }
        return IMAPStatusResponse(status: status, code: code, text: rest())
    }

    private static func responseCode(_ inner: String) throws(IMAPParseError) -> IMAPResponseCode {
        let parts = inner.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = parts.first else { throw .malformed("empty response code") }
        let name = first.uppercased()
        let arguments = parts.dropFirst().joined(separator: " ")
        func number(_ index: Int) throws(IMAPParseError) -> UInt32 {
            guard parts.count > index, let value = UInt32(parts[index]) else { throw .malformed("\(name) without a number") }
            return value
        }
        switch name {
        case "CAPABILITY": return .capability(parts.dropFirst().map { $0.uppercased() })
        case "UIDVALIDITY": return .uidValidity(try number(1))
        case "UIDNEXT": return .uidNext(try number(1))
        case "APPENDUID": return .appendUID(uidValidity: try number(1), uid: try number(2))
        default: return .other(name: name, arguments: arguments)
        }
    }

    // MARK: FETCH

    private mutating func fetchAttributes() throws(IMAPParseError) -> IMAPFetchAttributes {
        try expect(UInt8(ascii: "("))
        var attributes = IMAPFetchAttributes()
        while true {
            if peek == UInt8(ascii: ")") { position += 1; break }
            let name = try fetchItemName()
            try space()
            switch name.uppercased() {
            case "UID":
                let value = word()
                guard let uid = UInt32(value), uid > 0 else { throw .malformed("UID \(value.prefix(20))") }
                attributes.uid = uid
            case "RFC822.SIZE":
                let value = word()
                guard let size = Int(value), size >= 0 else { throw .malformed("RFC822.SIZE \(value.prefix(20))") }
                attributes.size = size
            case "FLAGS":
                attributes.flags = try flagList()
            case let upper where upper.hasPrefix("BODY[") || upper.hasPrefix("RFC822"):
                let section = Self.sectionKey(upper)
                attributes.sections[section] = try nstring()
            default:
                try skipValue(depth: 0)
            }
            if peek == UInt8(ascii: " ") { position += 1 }
            guard !atEnd else { throw .malformed("FETCH without )") }
        }
        return attributes
    }

    /// `BODY[HEADER.FIELDS (MESSAGE-ID)]<0>` → `HEADER.FIELDS (MESSAGE-ID)`; `RFC822` → `""`.
    private static func sectionKey(_ name: String) -> String {
        guard let open = name.firstIndex(of: "["), let close = name.lastIndex(of: "]"), open < close else {
            return name == "RFC822.HEADER" ? "HEADER" : name == "RFC822.TEXT" ? "TEXT" : ""
        }
        return name[name.index(after: open)..<close].split(separator: " ").joined(separator: " ")
    }

    /// A data item name: an atom, with a bracketed section (which may hold spaces) and a partial range.
    private mutating func fetchItemName() throws(IMAPParseError) -> String {
        let begin = position
        while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: ")"), byte != UInt8(ascii: "(") {
            if byte == UInt8(ascii: "[") {
                guard let close = text[position...].firstIndex(of: UInt8(ascii: "]")) else { throw .malformed("section without ]") }
                position = close + 1
            } else {
                position += 1
            }
        }
        guard position > begin else { throw .malformed("FETCH item without a name") }
        return String(decoding: text[begin..<position], as: UTF8.self)
    }

    private mutating func flagList() throws(IMAPParseError) -> [String] {
        try expect(UInt8(ascii: "("))
        var flags: [String] = []
        while true {
            if peek == UInt8(ascii: ")") { position += 1; return flags }
            let flag = word()
            guard !flag.isEmpty else { throw .malformed("flag list") }
            flags.append(flag)
            if peek == UInt8(ascii: " ") { position += 1 }
        }
    }

    /// NIL, a quoted string or a literal, as bytes.
    private mutating func nstring() throws(IMAPParseError) -> [UInt8] {
        switch peek {
        case UInt8(ascii: "\""): return try quoted()
        case UInt8(ascii: "{"), UInt8(ascii: "~"): return try literal()
        default:
            let value = word()
            guard value.uppercased() == "NIL" else { throw .malformed("expected a string, got \(value.prefix(20))") }
            return []
        }
    }

    private mutating func quoted() throws(IMAPParseError) -> [UInt8] {
        try expect(UInt8(ascii: "\""))
        var bytes: [UInt8] = []
        while let byte = peek {
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return bytes
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw .malformed("quoted string ends in \\") }
                bytes.append(escaped)
                position += 1
            default: bytes.append(byte)
            }
        }
        throw .malformed("quoted string without its closing quote")
    }

    /// `{n}` whose bytes the framer collected; it must stand exactly where the framer found it.
    private mutating func literal() throws(IMAPParseError) -> [UInt8] {
        if peek == UInt8(ascii: "~") { position += 1 }
        guard let close = text[position...].firstIndex(of: UInt8(ascii: "}")) else { throw .malformed("literal marker without }") }
        position = close + 1
        guard nextLiteral < literals.count, literalOffsets[nextLiteral] == position else {
            throw .malformed("literal marker in the middle of a line")
        }
        defer { nextLiteral += 1 }
        return literals[nextLiteral]
    }

    /// Skips any value: an atom, a number, a string, a literal or a (nested) list.
    private mutating func skipValue(depth: Int) throws(IMAPParseError) {
        switch peek {
        case UInt8(ascii: "\""): _ = try quoted()
        case UInt8(ascii: "{"), UInt8(ascii: "~"): _ = try literal()
        case UInt8(ascii: "("):
            guard depth < Self.maxDepth else { throw .malformed("lists nested too deep") }
            position += 1
            while true {
                if peek == UInt8(ascii: ")") { position += 1; return }
                guard !atEnd else { throw .malformed("list without )") }
                try skipValue(depth: depth + 1)
                if peek == UInt8(ascii: " ") { position += 1 }
            }
        default:
            guard !word().isEmpty else { throw .malformed("expected a value") }
        }
    }

    // MARK: Basics

    /// An atom: bytes up to a space, a parenthesis or the end (`\Seen` and `\*` included).
    private mutating func word() -> String {
        let begin = position
        while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: "("), byte != UInt8(ascii: ")") {
            position += 1
        }
        return String(decoding: text[begin..<position], as: UTF8.self)
    }

    private mutating func rest() -> String {
        defer { position = text.count }
        return String(decoding: text[min(position, text.count)...], as: UTF8.self)
    }

    private mutating func space() throws(IMAPParseError) {
        try expect(UInt8(ascii: " "))
    }

    private mutating func expect(_ byte: UInt8) throws(IMAPParseError) {
        guard peek == byte else { throw .malformed("expected \(Character(UnicodeScalar(byte)))") }
        position += 1
    }
}

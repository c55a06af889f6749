import Foundation

/// How much one webhook post may ask of the parsers (`WhatsAppWebhook`, `MessengerWebhook`). Meta's
/// posts are a few kilobytes with one or a few events; a post beyond a limit is refused whole with a
/// `ChatWebhookError` (never cut short, which would drop citizens' messages without a trace), so that
/// the job keeps it as unreadable for the admin.
public struct ChatWebhookLimits: Sendable, Equatable {
    /// The raw body.
    public var maxBytes: Int
    /// Nesting of JSON objects and arrays (Meta's envelopes are about ten deep).
    public var maxDepth: Int
    /// `entry[]` items, and `changes[]` items of each entry.
    public var maxEntries: Int
    /// Events in the whole post: WhatsApp `messages[]` and `statuses[]`, Messenger `messaging[]` items
    /// (an echo or an event Aduan skips counts too), and the attachments of one Messenger message.
    public var maxEvents: Int
    /// Characters kept of a text, a caption, a title or a description (longer ones are cut, at a
    /// character boundary: WhatsApp itself allows 4 096 in a text).
    public var maxTextCharacters: Int
    /// An id (message, media, sender, option). A longer one is an error: a cut id could match another
    /// message's and have it taken for a repeat.
    public var maxIDCharacters: Int
    /// A Messenger/Instagram attachment URL (Meta's CDN URLs are several hundred characters). A longer
    /// one is an error, for the same reason as ids: a cut URL points nowhere.
    public var maxURLCharacters: Int

    public init(maxBytes: Int = 1_048_576, maxDepth: Int = 32, maxEntries: Int = 100, maxEvents: Int = 100,
                maxTextCharacters: Int = 10_000, maxIDCharacters: Int = 200, maxURLCharacters: Int = 4_096) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxEntries = maxEntries
        self.maxEvents = maxEvents
        self.maxTextCharacters = maxTextCharacters
        self.maxIDCharacters = maxIDCharacters
        self.maxURLCharacters = maxURLCharacters
    }
}

/// Why a webhook post could not be read. The post is refused whole: what Meta's schema requires (the
/// envelope, each event's id, sender and time) is missing or malformed, or a limit was passed.
/// What a single message carries beyond that (a media object without its id, a location out of range)
/// does not refuse the post: that message becomes `.unsupported`, so the citizen is still answered.
public enum ChatWebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case tooDeep(limit: Int)
    case tooManyEntries(limit: Int)
    case tooManyEvents(limit: Int)
    /// Not a JSON object (empty, not JSON, or an array or a scalar at the top).
    case notJSON
    /// `object` names another product than the endpoint receives (e.g. `page` posted to the WhatsApp
    /// endpoint); nil when it is missing.
    case unexpectedObject(String?)
    /// A required field is absent, at the path given (`entry[0].changes[1].value.messages[2].id`).
    case missing(path: String)
    /// A field has the wrong type, an impossible value (a timestamp before 1970 or after 9999), or is
    /// longer than its limit.
    case invalid(path: String)

    public var description: String {
        switch self {
        case .tooLarge(let limit): "the body is larger than \(limit) bytes"
        case .tooDeep(let limit): "the JSON is nested deeper than \(limit) levels"
        case .tooManyEntries(let limit): "more than \(limit) entries or changes in one post"
        case .tooManyEvents(let limit): "more than \(limit) events in one post"
        case .notJSON: "the body is not a JSON object"
        case .unexpectedObject(let object?): "unexpected object \"\(object.prefix(40))\""
        case .unexpectedObject(nil): "the post has no \"object\""
        case .missing(let path): "\(path) is missing"
        case .invalid(let path): "\(path) is malformed or too long"
        }
    }
}

/// Reading Meta's JSON without trusting it: every accessor checks the type and the bounds, and a
/// failure names the path of the field.
struct WebhookJSON {
    let limits: ChatWebhookLimits
    private var events = 0

    init(limits: ChatWebhookLimits) {
        self.limits = limits
    }

    /// The body's top-level object, after the size and depth checks.
    func object(from body: [UInt8]) throws(ChatWebhookError) -> [String: Any] {
        guard body.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        try Self.checkDepth(body, limit: limits.maxDepth)
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body)), let object = parsed as? [String: Any] else {
            throw .notJSON
        }
        return object
    }

    /// Counts `{` and `[` outside strings before the parser sees the body, so that no parser recursion
    /// depends on the input (a megabyte of `[` is refused here, not on the stack).
    static func checkDepth(_ body: [UInt8], limit: Int) throws(ChatWebhookError) {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in body {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit { throw .tooDeep(limit: limit) }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth = max(0, depth - 1)
            default: break
            }
        }
    }

    /// Counts events against `maxEvents`.
    mutating func count(_ n: Int) throws(ChatWebhookError) {
        events += n
        if n > limits.maxEvents || events > limits.maxEvents { throw .tooManyEvents(limit: limits.maxEvents) }
    }

    /// An array of objects (missing: empty when `required` is false). Items that are not objects are an error.
    func objects(_ value: Any?, path: String, required: Bool = false, limit: Int? = nil) throws(ChatWebhookError) -> [[String: Any]] {
        guard let value, !(value is NSNull) else {
            if required { throw .missing(path: path) }
            return []
        }
        guard let array = value as? [Any] else { throw .invalid(path: path) }
        if let limit, array.count > limit { throw .tooManyEntries(limit: limit) }
        var result: [[String: Any]] = []
        result.reserveCapacity(array.count)
        for (index, item) in array.enumerated() {
            guard let object = item as? [String: Any] else { throw .invalid(path: "\(path)[\(index)]") }
            result.append(object)
        }
        return result
    }

    func object(_ value: Any?, path: String) throws(ChatWebhookError) -> [String: Any] {
        guard let value, !(value is NSNull) else { throw .missing(path: path) }
        guard let object = value as? [String: Any] else { throw .invalid(path: path) }
        return object
    }

    /// An id: a non-empty string (or a whole number, which Meta sometimes sends for ids) of at most
    /// `maxIDCharacters`, without control characters.
    func id(_ value: Any?, path: String) throws(ChatWebhookError) -> String {
        guard let value, !(value is NSNull) else { throw .missing(path: path) }
        guard let id = Self.idText(value, limit: limits.maxIDCharacters) else { throw .invalid(path: path) }
        return id
    }

    /// An optional id: nil when absent or malformed (for fields that only add information).
    func optionalID(_ value: Any?) -> String? {
        value.flatMap { Self.idText($0, limit: limits.maxIDCharacters) }
    }

    private static func idText(_ value: Any, limit: Int) -> String? {
        let text: String
        if let string = value as? String {
            text = string
        } else if let number = value as? NSNumber, !isBoolean(number), let whole = wholeNumber(number) {
            text = String(whole)
        } else {
            return nil
        }
        guard !text.isEmpty, text.unicodeScalars.count <= limit,
              !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return text
    }

    /// A URL of at most `maxURLCharacters`, http(s) only; nil when absent, another scheme, or malformed.
    func url(_ value: Any?, path: String) throws(ChatWebhookError) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String, text.unicodeScalars.count <= limits.maxURLCharacters,
              !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { throw .invalid(path: path) }
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        return text
    }

    /// A text for people (a message, a caption, a name), cut to `maxTextCharacters`; NUL characters are
    /// removed (PostgreSQL text cannot hold them). Nil when absent or not a string.
    func text(_ value: Any?) -> String? {
        guard let string = value as? String else { return nil }
        var cleaned = string
        if string.unicodeScalars.contains("\u{0}") {
            cleaned = String(String.UnicodeScalarView(string.unicodeScalars.filter { $0 != "\u{0}" }))
        }
        if cleaned.unicodeScalars.count > limits.maxTextCharacters {
            // Cut by characters, but never past the limit in scalars (one character may hold many).
            var kept = ""
            var scalars = 0
            for character in cleaned {
                let size = character.unicodeScalars.count
                if scalars + size > limits.maxTextCharacters { break }
                kept.append(character)
                scalars += size
            }
            cleaned = kept
        }
        return cleaned
    }

    /// A short label (a mime type, a status, a type name): at most 200 characters, else nil.
    func label(_ value: Any?) -> String? {
        guard let string = value as? String, !string.isEmpty, string.unicodeScalars.count <= 200,
              !string.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return string
    }

    /// A point in time given as whole seconds (WhatsApp: a string of digits) or milliseconds (Messenger:
    /// a number) since 1970, between 1970 and the end of year 9999: anything else is an error, never a
    /// trap or a wrapped value.
    func date(_ value: Any?, path: String, milliseconds: Bool) throws(ChatWebhookError) -> Date {
        guard let value, !(value is NSNull) else { throw .missing(path: path) }
        guard let whole = Self.integer(value) else { throw .invalid(path: path) }
        let maximum: Int64 = milliseconds ? Self.latestSeconds * 1000 : Self.latestSeconds
        guard whole >= 0, whole <= maximum else { throw .invalid(path: path) }
        return Date(timeIntervalSince1970: milliseconds ? Double(whole) / 1000 : Double(whole))
    }

    /// 9999-12-31T23:59:59Z.
    static let latestSeconds: Int64 = 253_402_300_799

    /// A whole number from a JSON number or a string of up to 18 digits (with an optional minus).
    static func integer(_ value: Any) -> Int64? {
        if let string = value as? String {
            let digits = string.hasPrefix("-") ? string.dropFirst() : Substring(string)
            guard !digits.isEmpty, digits.count <= 18, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int64(string)
        }
        guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
        return wholeNumber(number)
    }

    /// The number as a whole number when it is one within ±2^53 (exact in a Double); nil otherwise.
    private static func wholeNumber(_ number: NSNumber) -> Int64? {
        let double = number.doubleValue
        guard double.isFinite, abs(double) <= 9_007_199_254_740_992, double.rounded(.towardZero) == double else { return nil }
        return Int64(double)
    }

    /// A JSON `true` / `false` (or 1 / 0); nil otherwise.
    func bool(_ value: Any?) -> Bool? {
        if let bool = value as? Bool { return bool }
        if let number = value as? NSNumber { return number.doubleValue != 0 }
        return nil
    }

    /// A finite number within `range` (a latitude or longitude); nil otherwise.
    func double(_ value: Any?, in range: ClosedRange<Double>) -> Double? {
        let number: Double?
        if let string = value as? String {
            number = Double(string)
        } else if let value = value as? NSNumber, !Self.isBoolean(value) {
            number = value.doubleValue
        } else {
            number = nil
        }
        guard let number, number.isFinite, range.contains(number) else { return nil }
        return number
    }

    /// Whether Foundation read the number from `true` / `false` (a boolean NSNumber's type is `c`, a
    /// type JSON numbers never get).
    static func isBoolean(_ number: NSNumber) -> Bool {
        number.objCType.pointee == CChar(UInt8(ascii: "c")) && number.objCType[1] == 0
    }
}

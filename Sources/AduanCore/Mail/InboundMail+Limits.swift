/// How much one inbound mail may ask of the parser. A mail beyond a limit is refused whole with a
/// `MailParseError`, so that the caller quarantines it (PITFALLS 1.5, 1.8) instead of storing half of it.
public struct MailLimits: Sendable, Equatable {
    /// The whole raw message, headers included.
    public var maxBytes: Int
    /// MIME entities in the whole tree, nested messages included (the top entity counts).
    public var maxParts: Int
    /// Nesting of multiparts and message/rfc822 inside each other (the top entity is depth 0).
    public var maxDepth: Int
    /// Physical lines in one header block (a folded field counts each of its lines).
    public var maxHeaderLines: Int
    /// One physical header line; RFC 5322 allows 998, real mail sometimes has more.
    public var maxHeaderLineBytes: Int

    public init(maxBytes: Int = 25 * 1024 * 1024, maxParts: Int = 200, maxDepth: Int = 10,
                maxHeaderLines: Int = 500, maxHeaderLineBytes: Int = 16 * 1024) {
        self.maxBytes = maxBytes
        self.maxParts = maxParts
        self.maxDepth = maxDepth
        self.maxHeaderLines = maxHeaderLines
        self.maxHeaderLineBytes = maxHeaderLineBytes
    }

    public static let `default` = MailLimits()
}

/// Why a mail was refused. Each case names the limit it broke; nothing else makes the parser throw
/// (an unknown charset, a broken encoding or a missing header gives a best-effort value instead).
public enum MailParseError: Error, Sendable, Equatable {
    /// Nothing but whitespace.
    case empty
    case tooLarge(limit: Int)
    case tooManyParts(limit: Int)
    case tooDeep(limit: Int)
    case tooManyHeaderLines(limit: Int)
    case headerLineTooLong(limit: Int)
}

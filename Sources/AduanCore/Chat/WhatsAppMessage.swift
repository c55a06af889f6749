import Foundation

/// One message the office sends on WhatsApp, in the shapes of the Cloud API's `POST /{phone-number-id}/messages`
/// (developers.facebook.com/documentation/business-messaging/whatsapp/messages/…).
public enum WhatsAppMessage: Sendable, Equatable {
    /// Free text (only inside the 24-hour window); `replyTo` quotes a message of the citizen (`context`).
    case text(body: String, previewURL: Bool, replyTo: String?)
    /// Up to three reply buttons under `body`.
    case buttons(body: String, buttons: [ChatOutbound.Option])
    /// A list message: `button` opens up to ten rows.
    case list(body: String, button: String, rows: [ChatOutbound.Option])
    /// An approved template (the only thing that may start a conversation outside the window), with the
    /// body's `{{1}}`, `{{2}}`… in order and the suffix of its first URL button, if it has one.
    case template(name: String, language: String, bodyParameters: [String], urlButtonParameter: String?)
    /// A file uploaded through `POST /{phone-number-id}/media` (sending by link is fetched by Meta, which
    /// fails behind redirects and rate limits: PITFALLS #22).
    case document(mediaID: String, filename: String, caption: String?)
    case image(mediaID: String, caption: String?)

    /// The Cloud API's limits, in characters (counted in UTF-16 units, the stricter count). One label over
    /// its limit rejects the whole message (PITFALLS #30, nyaruka/courier PR 1126).
    public enum Limit {
        public static let textBody = 4096
        public static let interactiveBody = 1024
        public static let caption = 1024
        public static let buttons = 3
        public static let buttonTitle = 20
        public static let buttonID = 256
        public static let listRows = 10
        public static let listButton = 20
        public static let rowTitle = 24
        public static let rowDescription = 72
        public static let rowID = 200
    }

    /// The office's message as WhatsApp shows it: reply buttons or a list where its choices fit, else the
    /// words with the choices numbered under them (which the intake also accepts typed).
    ///
    /// Button titles and the list's button are cut at a word to 20 characters (with "…"); list rows must
    /// fit as they are (24 characters, descriptions 72), as must the body (1024 characters).
    public static func from(_ outbound: ChatOutbound) -> WhatsAppMessage {
        let fallback = WhatsAppMessage.text(body: outbound.fallbackText, previewURL: false, replyTo: nil)
        guard !outbound.options.isEmpty, outbound.text.utf16.count <= Limit.interactiveBody, !outbound.text.isEmpty else {
            return fallback
        }
        switch outbound.style {
        case .plain:
            return fallback
        case .buttons:
            guard outbound.options.count <= Limit.buttons else { return fallback }
            let buttons = outbound.options.map {
                ChatOutbound.Option(id: $0.id, title: shortened($0.title, to: Limit.buttonTitle), description: nil)
            }
            // WhatsApp refuses two buttons with the same title; a cut can make them equal.
            guard Set(buttons.map(\.title)).count == buttons.count,
                  buttons.allSatisfy({ !$0.title.isEmpty && !$0.id.isEmpty && $0.id.utf16.count <= Limit.buttonID }) else {
                return fallback
            }
            return .buttons(body: outbound.text, buttons: buttons)
        case .list:
            guard let label = outbound.listButton, !label.isEmpty, outbound.options.count <= Limit.listRows else { return fallback }
            let fits = outbound.options.allSatisfy {
                !$0.title.isEmpty && $0.title.utf16.count <= Limit.rowTitle
                    && ($0.description?.utf16.count ?? 0) <= Limit.rowDescription
                    && !$0.id.isEmpty && $0.id.utf16.count <= Limit.rowID
            }
            guard fits, Set(outbound.options.map(\.id)).count == outbound.options.count else { return fallback }
            return .list(body: outbound.text, button: shortened(label, to: Limit.listButton), rows: outbound.options)
        }
    }

    /// `text` in at most `limit` UTF-16 units: whole if it fits, else cut at the last space that leaves
    /// room for "…" (or mid-word when there is none).
    public static func shortened(_ text: String, to limit: Int) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf16.count > limit else { return trimmed }
        var kept = ""
        for character in trimmed {
            guard kept.utf16.count + character.utf16.count <= limit - 1 else { break }
            kept.append(character)
        }
        if let space = kept.lastIndex(of: " "), kept.distance(from: kept.startIndex, to: space) >= limit / 2 {
            kept = String(kept[..<space])
        }
        return kept.trimmingCharacters(in: .whitespaces) + "…"
    }
}

/// One message on Messenger or Instagram (Send API `POST /me/messages`): words, with quick replies when
/// the choices fit them.
public struct MetaMessage: Sendable, Equatable {
    public var text: String
    public var quickReplies: [ChatOutbound.Option]

    public enum Limit {
        public static let quickReplies = 13
        public static let quickReplyTitle = 20
        public static let quickReplyPayload = 1000
        /// Messenger: 2000 characters.
        public static let messengerText = 2000
        /// Instagram: fewer than 1000 bytes of UTF-8.
        public static let instagramTextBytes = 1000
    }

    public init(text: String, quickReplies: [ChatOutbound.Option] = []) {
        self.text = text
        self.quickReplies = quickReplies
    }

    /// Quick replies (at most 13, titles cut at a word to 20 characters) when the message offers
    /// choices and they fit; otherwise the words with the choices numbered.
    public static func from(_ outbound: ChatOutbound) -> MetaMessage {
        let fallback = MetaMessage(text: outbound.fallbackText)
        guard !outbound.options.isEmpty, outbound.style != .plain, outbound.options.count <= Limit.quickReplies else { return fallback }
        let replies = outbound.options.map {
            ChatOutbound.Option(id: $0.id, title: WhatsAppMessage.shortened($0.title, to: Limit.quickReplyTitle), description: nil)
        }
        guard Set(replies.map(\.title)).count == replies.count,
              replies.allSatisfy({ !$0.title.isEmpty && !$0.id.isEmpty && $0.id.utf8.count <= Limit.quickReplyPayload }) else {
            return fallback
        }
        return MetaMessage(text: outbound.text, quickReplies: replies)
    }

    /// Whether the words fit the platform's limit.
    public func fits(_ platform: ChatPlatform) -> Bool {
        switch platform {
        case .instagram: text.utf8.count < Limit.instagramTextBytes
        case .messenger, .whatsapp: text.utf16.count <= Limit.messengerText
        }
    }
}

/// What the Cloud API takes as media, by MIME type, with its size limit
/// (developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/).
public struct WhatsAppMediaType: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case image, document, audio, video, sticker
    }

    public var kind: Kind
    public var maxBytes: Int

    private static let megabyte = 1024 * 1024

    /// The kind and limit of `mimeType` (parameters such as `; charset=` ignored), or nil when the Cloud
    /// API does not take it.
    public static func of(mimeType: String) -> WhatsAppMediaType? {
        let bare = mimeType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch bare {
        case "image/jpeg", "image/png":
            return WhatsAppMediaType(kind: .image, maxBytes: 5 * megabyte)
        case "application/pdf", "text/plain", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation":
            return WhatsAppMediaType(kind: .document, maxBytes: 100 * megabyte)
        case "audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg":
            return WhatsAppMediaType(kind: .audio, maxBytes: 16 * megabyte)
        case "video/mp4", "video/3gpp":
            return WhatsAppMediaType(kind: .video, maxBytes: 16 * megabyte)
        case "image/webp":
            // Animated stickers may be 500 KB, static ones 100 KB; the bytes alone do not say which.
            return WhatsAppMediaType(kind: .sticker, maxBytes: 500 * 1024)
        default:
            return nil
        }
    }
}

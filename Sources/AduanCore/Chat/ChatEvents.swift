import Foundation

/// The chat platforms of Meta that Aduan reads and writes: WhatsApp (Cloud API), a Facebook Page's
/// Messenger and Instagram direct messages. Raw values are stored.
public enum ChatPlatform: String, CaseIterable, Sendable, Codable {
    case whatsapp
    case messenger
    case instagram

    /// The complaint channel of a complaint filed in this chat.
    public var complaintChannel: ComplaintChannel {
        switch self {
        case .whatsapp: .whatsapp
        case .messenger: .facebook
        case .instagram: .instagram
        }
    }

    /// The channel on which the office writes back.
    public var messageChannel: MessageChannel {
        switch self {
        case .whatsapp: .whatsapp
        case .messenger: .messenger
        case .instagram: .instagram
        }
    }

    /// Whether the platform shows reply buttons and list messages (WhatsApp), or only quick replies
    /// (Messenger, Instagram).
    public var hasInteractiveMessages: Bool { self == .whatsapp }

    public var messageKey: String { "chat_platform.\(rawValue)" }
}

/// One message a citizen sent in a chat, as the platform's webhook describes it (parsed, bounded, not
/// yet trusted beyond its shape).
public struct InboundChatMessage: Sendable, Equatable {
    public var platform: ChatPlatform
    /// The platform's id of the message (`wamid.…`, Messenger `mid`): handled once however often it comes.
    public var externalID: String
    /// Who wrote: WhatsApp `wa_id` (digits with the country code) or its business-scoped user id, the
    /// Messenger PSID or the Instagram IGSID.
    public var from: String
    /// The name the citizen's profile shows, when the platform gives it.
    public var profileName: String?
    /// When the citizen sent it, by the platform's clock (this opens the 24-hour window, not our
    /// processing time).
    public var sentAt: Date
    public var content: Content
    /// The id of the message this one answers (WhatsApp `context.id`, Messenger `reply_to.mid`).
    public var replyTo: String?
    /// The office's account the message was sent to: the WhatsApp `metadata.phone_number_id`, the Page
    /// or Instagram account id (`recipient.id`). Lets the ingest refuse messages to another number or
    /// Page of the same Meta app.
    public var businessID: String?

    public enum Content: Sendable, Equatable {
        case text(String)
        /// A reply button, a list row or a quick reply: the option's id and the title the citizen saw.
        case choice(id: String, title: String)
        case media(ChatMedia)
        case location(ChatLocation)
        /// A reaction to a message (an emoji): ignored.
        case reaction
        /// Something Aduan does not read (a sticker, contacts, an order, a view-once photo); the type as
        /// the platform named it.
        case unsupported(type: String)
    }

    public init(platform: ChatPlatform, externalID: String, from: String, profileName: String?, sentAt: Date, content: Content, replyTo: String? = nil, businessID: String? = nil) {
        self.platform = platform
        self.externalID = externalID
        self.from = from
        self.profileName = profileName
        self.sentAt = sentAt
        self.content = content
        self.replyTo = replyTo
        self.businessID = businessID
    }
}

public struct ChatMedia: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case image, document, audio, video, sticker
    }

    /// Where the bytes are: a WhatsApp media id (fetched with `GET {graph}/{id}` then its URL, both with
    /// the bearer token), or a Messenger/Instagram attachment URL.
    public enum Source: Sendable, Equatable {
        case graphMedia(id: String)
        case url(String)
    }

    public var kind: Kind
    public var source: Source
    public var mimeType: String?
    /// As the webhook gives it: base64 or hex (Meta is not consistent).
    public var sha256: String?
    public var caption: String?
    public var filename: String?
    /// A voice note (WhatsApp `audio.voice`).
    public var voice: Bool

    public init(kind: Kind, source: Source, mimeType: String? = nil, sha256: String? = nil, caption: String? = nil, filename: String? = nil, voice: Bool = false) {
        self.kind = kind
        self.source = source
        self.mimeType = mimeType
        self.sha256 = sha256
        self.caption = caption
        self.filename = filename
        self.voice = voice
    }
}

public struct ChatLocation: Sendable, Equatable, Codable {
    public var latitude: Double
    public var longitude: Double
    public var name: String?
    public var address: String?

    public init(latitude: Double, longitude: Double, name: String? = nil, address: String? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
    }
}

/// How far a message the office sent has come, as the platform reports it. Only moves forward
/// (`sent` < `delivered` < `read`); `failed` stands whatever came before or after.
public enum ChatDeliveryStatus: String, Sendable, Codable, CaseIterable, Comparable {
    case accepted
    case sent
    case delivered
    case read
    case failed

    var rank: Int {
        switch self {
        case .accepted: 0
        case .sent: 1
        case .delivered: 2
        case .read: 3
        case .failed: 4
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// The status after `update` arrives: never backwards, whatever the order of the callbacks.
    public func advanced(by update: ChatDeliveryStatus) -> ChatDeliveryStatus {
        self == .failed ? .failed : max(self, update)
    }
}

/// An error object of the Graph API (in a status callback's `errors[]` or an HTTP error response).
public struct GraphError: Sendable, Equatable, Error {
    public var code: Int
    public var title: String?
    public var message: String?
    public var details: String?
    /// HTTP status of the response, when the error came as one.
    public var httpStatus: Int?
    /// Graph's `error_subcode`: WhatsApp stopped sending it (v16+), but Messenger and Instagram tell the
    /// closed window and an unreachable person apart by it (see `GraphErrorKind`).
    public var subcode: Int?

    public init(code: Int, title: String? = nil, message: String? = nil, details: String? = nil, httpStatus: Int? = nil, subcode: Int? = nil) {
        self.code = code
        self.title = title
        self.message = message
        self.details = details
        self.httpStatus = httpStatus
        self.subcode = subcode
    }
}

/// A status callback for a message the office sent.
public struct ChatStatusUpdate: Sendable, Equatable {
    public var platform: ChatPlatform
    /// Our sent message's platform id (`wamid.…`).
    public var externalID: String
    public var status: ChatDeliveryStatus
    public var at: Date
    public var recipient: String?
    public var errors: [GraphError]

    public init(platform: ChatPlatform, externalID: String, status: ChatDeliveryStatus, at: Date, recipient: String?, errors: [GraphError] = []) {
        self.platform = platform
        self.externalID = externalID
        self.status = status
        self.at = at
        self.recipient = recipient
        self.errors = errors
    }
}

/// Messenger and Instagram report delivery and reading by a watermark: every message sent to `recipient`
/// up to `watermark` has been delivered (or read).
public struct ChatWatermark: Sendable, Equatable {
    public var platform: ChatPlatform
    /// The citizen (PSID / IGSID).
    public var citizen: String
    public var status: ChatDeliveryStatus
    public var watermark: Date
    /// The messages the event names, when it names them (Messenger `delivery.mids`, Instagram
    /// `read.mid`); the watermark covers them and every earlier one.
    public var messageIDs: [String]

    public init(platform: ChatPlatform, citizen: String, status: ChatDeliveryStatus, watermark: Date, messageIDs: [String] = []) {
        self.platform = platform
        self.citizen = citizen
        self.status = status
        self.watermark = watermark
        self.messageIDs = messageIDs
    }
}

/// Everything one webhook post carried that Aduan acts on.
public struct ChatWebhook: Sendable, Equatable {
    public var messages: [InboundChatMessage]
    public var statuses: [ChatStatusUpdate]
    public var watermarks: [ChatWatermark]

    public init(messages: [InboundChatMessage] = [], statuses: [ChatStatusUpdate] = [], watermarks: [ChatWatermark] = []) {
        self.messages = messages
        self.statuses = statuses
        self.watermarks = watermarks
    }
}

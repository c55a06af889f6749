import AduanCore
import Fluent
import Foundation

/// A chat as the citizen saw it, both ways in time order: the citizen's messages on the left, the
/// office's on the right with how far each came (antre, terkirim ✓, diterima ✓✓, dibaca, gagal with the
/// platform's code), photos inline and other files as links, and whether the 24-hour window is open.
/// The complaint page and the conversation page show the same one (`console-chat-transcript.leaf`).
struct ChatTranscriptView: Encodable, Sendable {
    struct Media: Encodable, Sendable {
        let name: String
        let href: String?
        /// A JPEG or PNG the browser shows in the page.
        let thumbnail: Bool
        let size: String
    }

    struct Bubble: Encodable, Sendable {
        let id: String
        /// `inbound` or `outbound`.
        let direction: String
        let inbound: Bool
        let text: String?
        /// What the message is when it is not plain words ("Foto", "Lokasi", "Templat").
        let kind: String?
        let media: Media?
        /// A photo of the KK or KTP-el that this person may not see, or a file not stored (yet).
        let mediaNote: String?
        let at: String
        /// The outbound message's state (`queued`, `sent`, `delivered`, `read`, `failed`); nil inbound.
        let state: String?
        let stateLabel: String?
        /// ✓ once sent, ✓✓ once delivered or read (as the citizen's app shows it).
        let ticks: String?
        /// The platform's reason of a failed message, with its code.
        let error: String?
    }

    struct Window: Encodable, Sendable {
        /// `open`, `closed` or `never` (the citizen never wrote).
        let state: String
        let open: Bool
        let text: String
    }

    /// The form with which the officer writes in the chat.
    struct Compose: Encodable, Sendable {
        let action: String
        /// The complaint's action form's `type` ("reply"): the answer goes through the outbox. Nil on the
        /// conversation page, which queues the words in the chat itself.
        let actionType: String?
        let enabled: Bool
        /// What happens to the words, or why they cannot go out now.
        let note: String?
        let typed: String
        let error: String?
    }

    let platform: String
    let contactLabel: String
    /// The number or platform id, whole or masked; nil where the identity is hidden.
    let contact: String?
    let profileName: String?
    let bubbles: [Bubble]
    let hasBubbles: Bool
    let window: Window
    let compose: Compose?
    /// Only the latest `ChatTranscriptView.limit` messages are shown.
    let truncated: Bool
    let truncatedText: String?
}

// MARK: Loading

extension ChatTranscriptView {
    /// The most messages one page shows (the latest).
    static let limit = 500

    /// What a transcript is made of, loaded.
    struct Loaded: Sendable {
        var conversation: ChatConversation?
        /// Oldest first.
        var messages: [ChatMessage]
        var attachments: [UUID: Attachment]
        var truncated: Bool

        var isEmpty: Bool { messages.isEmpty }
    }

    /// The chat of a complaint: its messages, and those of the conversation now attached to it that
    /// belong to no other complaint (an earlier complaint's chat stays on that complaint's page).
    static func query(complaintID: UUID, on db: any Database) async throws -> Loaded {
        let conversations = try await ChatConversation.query(on: db).filter(\.$complaintID == complaintID)
            .sort(\.$updatedAt, .descending).all()
        let ids = conversations.compactMap(\.id)
        let messages = try await ChatMessage.query(on: db).group(.or) { either in
            either.filter(\.$complaintID == complaintID)
            if !ids.isEmpty {
                either.group(.and) { own in own.filter(\.$conversation.$id ~~ ids).filter(\.$complaintID == nil) }
            }
        }.sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        var conversation = conversations.first
        if conversation == nil, let latest = messages.first {
            conversation = try await ChatConversation.find(latest.$conversation.id, on: db)
        }
        return try await loaded(conversation, messages, on: db)
    }

    /// The whole chat of one conversation.
    static func query(conversation: ChatConversation, on db: any Database) async throws -> Loaded {
        let messages = try await ChatMessage.query(on: db).filter(\.$conversation.$id == conversation.requireID())
            .sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        return try await loaded(conversation, messages, on: db)
    }

    private static func loaded(_ conversation: ChatConversation?, _ newestFirst: [ChatMessage], on db: any Database) async throws -> Loaded {
        let shown = Array(newestFirst.prefix(limit))
        let ids = Set(shown.compactMap(\.attachmentID))
        let attachments = try await ids.isEmpty ? [] : Attachment.query(on: db).filter(\.$id ~~ ids).all()
        return Loaded(
            conversation: conversation, messages: ordered(shown),
            attachments: Dictionary(attachments.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first }),
            truncated: newestFirst.count > limit)
    }

    /// In the order the chat happened: the citizen's messages by the platform's clock, ours by when they
    /// were written. The platform counts whole seconds: a citizen's message is taken at the end of its
    /// second (never later than it reached us), so that an answer sent just after our message within the
    /// same second comes after it.
    static func ordered(_ messages: [ChatMessage]) -> [ChatMessage] {
        func at(_ message: ChatMessage) -> Date {
            guard message.direction == .inbound, let sent = message.sentAt else { return message.createdAt }
            return max(sent, min(message.createdAt, sent.addingTimeInterval(0.999)))
        }
        return messages.sorted { a, b in
            let (x, y) = (at(a), at(b))
            if x != y { return x < y }
            if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
            return (a.id?.uuidString ?? "") < (b.id?.uuidString ?? "")
        }
    }
}

// MARK: Presenting

extension ChatTranscriptView {
    /// How this person sees the chat.
    struct Presentation: Sendable {
        /// Whether the citizen's number, profile name and identity documents show.
        var identityVisible: Bool
        /// Whether the number shows whole (else its last four digits only).
        var fullContact: Bool
        /// What to hide in the words where the identity is hidden: the complainant's name, NIK, KK number,
        /// phone and e-mail (the intake asked for them in the chat).
        var redactions: [String] = []
        /// Where a stored file opens for this person; nil when it does not open here.
        var documentHref: @Sendable (Attachment) -> String?
        var compose: Compose?
        var now: Date
    }

    init(_ loaded: Loaded, presentation: Presentation, catalogue: MessageCatalogue, language: Language, dates: DateText) {
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalogue.text(key, language, arguments) }
        let conversation = loaded.conversation
        let platform = conversation?.platform ?? .whatsapp
        self.platform = text(platform.messageChannel.messageKey)
        contactLabel = text("chat_console.contact.\(platform.rawValue)")
        if let conversation, presentation.identityVisible {
            contact = Self.contact(conversation, full: presentation.fullContact)
            profileName = conversation.profileName
        } else {
            contact = nil
            profileName = nil
        }
        let hidden = text("console.messages.recipient_hidden")
        let redact: (String) -> String = presentation.identityVisible
            ? { $0 } : { Self.redacted($0, terms: presentation.redactions + [conversation?.citizen, conversation?.profileName].compactMap { $0 }, with: hidden) }

        bubbles = loaded.messages.map { message in
            let inbound = message.direction == .inbound
            var media: Media?
            var mediaNote: String?
            if let id = message.attachmentID, let attachment = loaded.attachments[id] {
                if !presentation.identityVisible && attachment.kind.showsIdentity {
                    mediaNote = text("chat_console.media.identity_hidden")
                } else {
                    media = Media(name: attachment.originalName, href: presentation.documentHref(attachment),
                                  thumbnail: attachment.contentType == .jpeg || attachment.contentType == .png,
                                  size: ByteCountText.text(attachment.size, in: language))
                }
            } else if Self.carriesMedia(message.kind) {
                mediaNote = text(inbound ? "chat_console.media.not_stored" : "chat_console.media.not_shown")
            }
            let state: ChatMessage.State? = inbound ? nil : message.state
            let error = message.state == .failed || message.errorCode != nil
                ? [message.errorCode.map { text("chat_console.error_code", ["code": String($0)]) }, message.error].compactMap { $0 }.joined(separator: " · ")
                : nil
            return Bubble(
                id: message.id?.uuidString ?? "", direction: message.direction.rawValue, inbound: inbound,
                text: Self.words(of: message).map(redact),
                kind: message.kind == .text ? nil : text("chat_console.kind.\(message.kind.rawValue)"),
                media: media, mediaNote: mediaNote,
                at: dates.long(message.sentAt ?? message.createdAt, in: language),
                state: state?.rawValue, stateLabel: state.map { text("chat_console.state.\($0.rawValue)") },
                ticks: state.flatMap(Self.ticks), error: error?.nilIfEmpty.map(redact))
        }
        hasBubbles = !bubbles.isEmpty
        window = Self.window(conversation, platform: platform, now: presentation.now, text: text, dates: dates, language: language)
        compose = presentation.compose
        truncated = loaded.truncated
        truncatedText = loaded.truncated ? text("chat_console.truncated", ["count": String(Self.limit)]) : nil
    }

    static func window(
        _ conversation: ChatConversation?, platform: ChatPlatform, now: Date,
        text: (String, [String: String]) -> String, dates: DateText, language: Language
    ) -> Window {
        guard let last = conversation?.lastInboundAt, let closes = ChatWindow.closesAt(lastInbound: last) else {
            return Window(state: "never", open: false, text: text("chat_console.window.never", [:]))
        }
        let at = dates.long(closes, in: language)
        if ChatWindow.isOpen(lastInbound: last, now: now) {
            return Window(state: "open", open: true, text: text("chat_console.window.open", ["time": at]))
        }
        let key = platform == .whatsapp ? "chat_console.window.closed_whatsapp" : "chat_console.window.closed_meta"
        return Window(state: "closed", open: false, text: text(key, ["time": at, "platform": text(platform.messageChannel.messageKey, [:])]))
    }

    /// The citizen's number as the office writes it ("+62 812-3456-7890"), or only its last four digits.
    static func contact(_ conversation: ChatConversation, full: Bool) -> String {
        let id = conversation.citizen
        guard full else { return "•••• " + String(id.filter(\.isNumber).suffix(4)) }
        guard conversation.platform == .whatsapp, id.allSatisfy(\.isNumber) else { return id }
        return (try? PhoneNumber("+" + id))?.display ?? "+" + id
    }

    /// The words of a message: its text, else what the office's payload says (a prompt with its numbered
    /// choices), else the title of the choice the citizen picked.
    static func words(of message: ChatMessage) -> String? {
        if let text = message.text?.nilIfEmpty { return text }
        guard let payload = message.payload, let data = payload.data(using: .utf8) else { return nil }
        if message.direction == .outbound, let outbound = try? JSONDecoder().decode(ChatOutbound.self, from: data) {
            return outbound.fallbackText.nilIfEmpty
        }
        // The parsed inbound message: a choice's title, a location's name and place. Read loosely.
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        if let title = object["title"] as? String { return title }
        let location = object["location"] as? [String: Any] ?? object
        if let latitude = location["latitude"] as? Double, let longitude = location["longitude"] as? Double {
            let place = [location["name"] as? String, location["address"] as? String].compactMap { $0 }.joined(separator: ", ")
            return (place.isEmpty ? "" : place + " · ") + String(format: "%.5f, %.5f", latitude, longitude)
        }
        return nil
    }

    static func carriesMedia(_ kind: ChatMessage.Kind) -> Bool {
        [.image, .document, .audio, .video, .sticker].contains(kind)
    }

    static func ticks(_ state: ChatMessage.State) -> String? {
        switch state {
        case .sent: "✓"
        case .delivered, .read: "✓✓"
        default: nil
        }
    }

    /// The words with the citizen's identity taken out: the given terms (name, NIK, number, e-mail),
    /// every run of eight digits or more (a NIK, a KK number or a phone typed another way) and every
    /// e-mail address.
    static func redacted(_ text: String, terms: [String], with hidden: String) -> String {
        var result = text
        for term in Set(terms.map { $0.trimmingCharacters(in: .whitespaces) }) where term.count >= 3 {
            result = result.replacingOccurrences(of: term, with: hidden, options: [.caseInsensitive])
        }
        result = result.replacing(/[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/) { _ in hidden }
        result = result.replacing(/\+?\d[\d .\-]*\d/) { match in
            match.output.filter(\.isNumber).count >= 8 ? hidden : String(match.output)
        }
        return result
    }
}

import AduanCore
import Fluent
import Vapor

/// Acts on one webhook post (a `chat_webhook` job): parses it, keeps each citizen's message once by its
/// platform id — however often Meta delivers it — as a pending message of its chat, applies the status
/// callbacks to the messages they concern (only forward, in whatever order they come), and queues each
/// touched chat's turn. All of a post in one transaction: a post that fails half-way is done again whole.
struct ChatIngest {
    let db: any Database
    let context: AduanContext
    let logger: Logger

    var now: Date { context.clock.now() }

    struct Outcome: Equatable, Sendable {
        var messages = 0
        var duplicates = 0
        var statuses = 0
        /// Messages to another WhatsApp number of the same Meta app, ignored.
        var foreign = 0
        var unreadable = false
    }

    @discardableResult
    func process(_ webhook: ReceivedWebhook) async throws -> Outcome {
        guard webhook.processedAt == nil else { return Outcome() }
        let body = [UInt8](webhook.body)
        let parsed: ChatWebhook
        do {
            parsed = try webhook.source == .whatsapp ? WhatsAppWebhook.parse(body) : MessengerWebhook.parse(body)
        } catch {
            webhook.processedAt = now
            webhook.error = String(String(describing: error).prefix(1000))
            try await webhook.save(on: db)
            logger.warning("chat webhook unreadable", metadata: ["webhook": .string(webhook.id?.uuidString ?? "-"), "error": .string(String(describing: error))])
            return Outcome(unreadable: true)
        }
        var attempt = 1
        while true {
            do {
                return try await record(parsed, of: webhook)
            } catch where attempt < 4 && DatabaseSetup.isUniqueViolation(error) {
                // The same message (or a new citizen's first) was being kept by another post's job.
                attempt += 1
            }
        }
    }

    private func record(_ parsed: ChatWebhook, of webhook: ReceivedWebhook) async throws -> Outcome {
        let at = now
        let outcome = try await db.writeTransaction { db -> Outcome in
            var outcome = Outcome()
            var touched: [UUID] = []
            for message in parsed.messages {
                if case .reaction = message.content { continue }
                // Another number of the same Meta app: not this office's.
                if message.platform == .whatsapp, let business = message.businessID, let ours = context.config.chat.whatsapp?.phoneNumberID,
                   business != ours {
                    outcome.foreign += 1
                    continue
                }
                let key = ChatMessage.dedupeKey(message.platform, message.externalID)
                if try await ChatMessage.query(on: db).filter(\.$dedupeKey == key).count() > 0 {
                    outcome.duplicates += 1
                    continue
                }
                let conversation = try await Self.conversation(message.platform, citizen: message.from, name: message.profileName, at: at, on: db)
                if message.sentAt > (conversation.lastInboundAt ?? .distantPast) {
                    conversation.lastInboundAt = message.sentAt
                }
                if let name = message.profileName, !name.isEmpty { conversation.profileName = String(name.prefix(200)) }
                conversation.updatedAt = at
                try await conversation.save(on: db)
                let row = ChatMessage(inbound: message, conversationID: try conversation.requireID(), at: at)
                try await row.create(on: db)
                outcome.messages += 1
                if !touched.contains(try conversation.requireID()) { touched.append(try conversation.requireID()) }
            }
            for status in parsed.statuses {
                try await ChatStatuses(context: context).apply(status, at: at, on: db)
                outcome.statuses += 1
            }
            for mark in parsed.watermarks {
                try await ChatStatuses(context: context).apply(mark, at: at, on: db)
                outcome.statuses += 1
            }
            webhook.processedAt = at
            try await webhook.save(on: db)
            for id in touched {
                try await JobQueue.enqueueKeyed(.chatTurn, key: ChatTurns.key(id), reference: id, now: at, on: db)
            }
            return outcome
        }
        if outcome.messages > 0 { context.jobs.wake() }
        return outcome
    }

    /// The chat of `citizen` on `platform`, made at their first message.
    static func conversation(_ platform: ChatPlatform, citizen: String, name: String?, at: Date, on db: any Database) async throws -> ChatConversation {
        if let found = try await ChatConversation.query(on: db).filter(\.$platform == platform).filter(\.$citizen == citizen).first() {
            return found
        }
        let conversation = ChatConversation(platform: platform, citizen: citizen, profileName: name.map { String($0.prefix(200)) }, at: at)
        try await conversation.create(on: db)
        return conversation
    }
}

extension ChatMessage {
    static func dedupeKey(_ platform: ChatPlatform, _ externalID: String) -> String {
        "\(platform.rawValue):\(externalID.prefix(400))"
    }

    /// A citizen's message as received, pending until its chat's turn takes it.
    convenience init(inbound message: InboundChatMessage, conversationID: UUID, at: Date) {
        let stored = InboundPayload(message.content)
        self.init(conversationID: conversationID, direction: .inbound, kind: stored.kind, state: .pending, at: at)
        dedupeKey = Self.dedupeKey(message.platform, message.externalID)
        externalID = String(message.externalID.prefix(400))
        text = stored.text.map { String($0.prefix(10_000)) }
        payload = stored.json
        sentAt = message.sentAt
    }

    /// What a citizen's message carried, kept with it (JSON in `payload`) until it is acted on.
    struct InboundPayload: Codable, Sendable, Equatable {
        var type: String
        var text: String?
        var choiceID: String?
        var media: Media?
        var location: ChatLocation?

        struct Media: Codable, Sendable, Equatable {
            var kind: ChatMedia.Kind
            var graphID: String?
            var url: String?
            var mimeType: String?
            var sha256: String?
            var filename: String?
            var voice: Bool
        }

        init(_ content: InboundChatMessage.Content) {
            switch content {
            case .text(let body):
                type = "text"; text = body
            case .choice(let id, let title):
                type = "choice"; text = title; choiceID = id
            case .media(let media):
                type = media.kind.rawValue
                text = media.caption
                var graphID: String?, url: String?
                switch media.source {
                case .graphMedia(let id): graphID = id
                case .url(let link): url = link
                }
                self.media = Media(kind: media.kind, graphID: graphID, url: url, mimeType: media.mimeType, sha256: media.sha256,
                                   filename: media.filename, voice: media.voice)
            case .location(let place):
                type = "location"; location = place
                text = [place.name, place.address].compactMap { $0 }.joined(separator: ", ")
            case .reaction:
                type = "reaction"
            case .unsupported(let kind):
                type = "unsupported"; text = kind
            }
        }

        var kind: ChatMessage.Kind {
            switch type {
            case "text": .text
            case "choice": .choice
            case "image": .image
            case "document": .document
            case "audio": .audio
            case "video": .video
            case "sticker": .sticker
            case "location": .location
            case "reaction": .reaction
            default: .unsupported
            }
        }

        var json: String? {
            (try? JSONEncoder().encode(self)).flatMap { String(data: $0, encoding: .utf8) }
        }

        static func decode(_ json: String?) -> InboundPayload? {
            json.flatMap { try? JSONDecoder().decode(InboundPayload.self, from: Data($0.utf8)) }
        }
    }
}

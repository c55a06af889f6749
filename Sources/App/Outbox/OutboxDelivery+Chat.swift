import AduanCore
import Fluent
import Foundation

extension MessageChannel {
    /// The chat platform of a chat channel; nil for e-mail.
    var chatPlatform: ChatPlatform? {
        switch self {
        case .email: nil
        case .whatsapp: .whatsapp
        case .messenger: .messenger
        case .instagram: .instagram
        }
    }

    /// Whether the office's documents of a step go with the message (e-mail attachments, WhatsApp
    /// document messages); elsewhere the one-time link serves them.
    var carriesDocuments: Bool { self == .email || self == .whatsapp }
}

extension CitizenMessageRenderer {
    /// A chat has no subject: its first line says what the message is about, in bold on WhatsApp.
    static func chatText(subject: String, body: String) -> String {
        let title = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        return title.isEmpty ? body : "*\(title)*\n\n\(body)"
    }
}

extension OutboxDelivery {
    /// How a complaint's message goes on its chat: free text while the citizen's 24-hour window is open
    /// (by the platform's time of their last message), else WhatsApp's approved template for the kind.
    func chatPlan(_ message: OutgoingMessage, platform: ChatPlatform, values: [String: String]) async throws -> ChatPlan {
        guard let conversation = try await ChatConversation.query(on: db).filter(\.$platform == platform)
            .filter(\.$citizen == message.recipient).first()
        else {
            throw DeliveryFailure(reason: "no \(platform.rawValue) chat with this citizen", permanent: true, nextChannel: true)
        }
        let open = ChatWindow.isOpen(lastInbound: conversation.lastInboundAt, now: now) && message.templateOnly != true
        var template: ChatPlan.FilledTemplate?
        if platform == .whatsapp, let approved = try await WhatsAppTemplates(db: db).template(for: message.kind) {
            template = ChatPlan.FilledTemplate(
                name: approved.name, language: approved.language, parameters: approved.parameters(values: values),
                preview: approved.preview(values: values))
        }
        return ChatPlan(platform: platform, conversationID: try conversation.requireID(), windowOpen: open, template: template)
    }

    /// Writes what the citizen saw (or what failed) into the chat's transcript.
    func transcribe(
        _ message: OutgoingMessage, chat: ChatPlan, text: String, template: Bool, state: ChatMessage.State, failure: DeliveryFailure?,
        at: Date, on db: any Database
    ) async throws {
        let row = ChatMessage(conversationID: chat.conversationID, direction: .outbound, kind: template ? .template : .text, state: state, at: at)
        row.complaintID = message.$complaint.id
        row.externalID = message.externalID
        row.text = String(text.prefix(10_000))
        row.outgoingMessageID = message.id
        row.sentAt = state == .failed ? nil : at
        row.error = failure.map { String($0.reason.prefix(1000)) }
        row.errorCode = failure?.code
        try await row.create(on: db)
    }
}

/// What happens when a message to the citizen is given up: on a chat the citizen cannot be reached on
/// (not on WhatsApp, Messenger's window closed), the same message goes by e-mail when they gave an
/// address and it has not gone that way already; otherwise the officers hear of it.
struct OutboxFallback {
    let context: AduanContext

    func failed(_ message: OutgoingMessage, of complaint: Complaint, nextChannel: Bool, at: Date, on db: any Database) async throws {
        if nextChannel, message.channel != .email, let email = complaint.email, let sender = context.config.mailSender {
            var sameStep = OutgoingMessage.query(on: db).filter(\.$complaint.$id == (try complaint.requireID()))
                .filter(\.$channel == .email).filter(\.$kind == message.kind)
            if let event = message.eventID { sameStep = sameStep.filter(\.$eventID == event) } else { sameStep = sameStep.filter(\.$createdAt >= message.createdAt) }
            if try await sameStep.count() == 0 {
                let contact = CitizenChannels.Contact(channel: .email, address: email, domain: sender.domain)
                let fallback = OutgoingMessage(
                    complaintID: try complaint.requireID(), eventID: message.eventID, kind: message.kind, channel: .email, recipient: email,
                    language: message.language, messageID: contact.newMessageID(), at: at)
                try await fallback.create(on: db)
                try await JobQueue.enqueue(.deliver, reference: fallback.id, now: at, on: db)
            }
            return
        }
        try await ComplaintRecorder(context: context).notify(.deliveryFailed, about: complaint, at: at, on: db)
    }
}

import AduanCore
import Foundation

/// The outbox's sender on the chat channels: a complaint's message as free text while the citizen's
/// 24-hour window is open (with the office's documents as WhatsApp document messages), else as the
/// approved WhatsApp template the admin set for its kind. Messenger and Instagram have no templates
/// here: outside the window the citizen is reached by their other channels.
struct ChatSender: MessageSender {
    let graph: GraphClient

    func send(_ message: RenderedMessage) async throws(DeliveryFailure) -> DeliveryReceipt {
        guard let chat = message.chat else {
            throw DeliveryFailure(reason: "no chat to send on", permanent: true)
        }
        switch chat.platform {
        case .whatsapp:
            return try await sendWhatsApp(message, chat: chat)
        case .messenger, .instagram:
            guard chat.windowOpen else {
                throw DeliveryFailure(
                    reason: "outside the 24-hour window of \(chat.platform.rawValue): the citizen is reached by their other channels",
                    permanent: true, nextChannel: true)
            }
            do {
                let id = try await graph.sendMessenger(ChatOutbound(text: String(message.text.prefix(2000))), to: message.recipient, platform: chat.platform)
                return DeliveryReceipt(externalID: id)
            } catch {
                throw DeliveryFailure(error, platform: chat.platform)
            }
        }
    }

    private func sendWhatsApp(_ message: RenderedMessage, chat: ChatPlan) async throws(DeliveryFailure) -> DeliveryReceipt {
        if chat.windowOpen {
            do {
                let id = try await graph.sendWhatsApp(.text(body: String(message.text.prefix(4096)), previewURL: true, replyTo: nil), to: message.recipient)
                var problems: [String] = []
                for document in message.documents {
                    do {
                        let media = try await graph.uploadWhatsAppMedia(bytes: document.bytes, mimeType: document.contentType, filename: document.name)
                        let isImage = document.contentType == "image/jpeg" || document.contentType == "image/png"
                        _ = try await graph.sendWhatsApp(
                            isImage ? .image(mediaID: media, caption: document.name) : .document(mediaID: media, filename: document.name, caption: nil),
                            to: message.recipient)
                    } catch {
                        // The words went out and name the documents; the link in them serves what could not go.
                        problems.append("\(document.name): \(DeliveryFailure(error, platform: .whatsapp).reason)")
                    }
                }
                return DeliveryReceipt(externalID: id, note: problems.isEmpty ? nil : problems.joined(separator: "; "))
            } catch where GraphErrorKind.of(error) == .windowClosed {
                // Meta's clock says the window closed: the template below.
            } catch {
                throw DeliveryFailure(error, platform: .whatsapp)
            }
        }
        guard let template = chat.template else {
            throw DeliveryFailure(
                reason: "the 24-hour window is closed and no approved WhatsApp template is set for this kind of message (Admin › WhatsApp)",
                permanent: true, nextChannel: true)
        }
        do {
            let id = try await graph.sendWhatsApp(
                .template(name: template.name, language: template.language, bodyParameters: template.parameters, urlButtonParameter: nil),
                to: message.recipient)
            return DeliveryReceipt(externalID: id, shownText: template.preview, template: true)
        } catch {
            throw DeliveryFailure(error, platform: .whatsapp)
        }
    }
}

extension GraphError {
    /// What Graph said, for the officer: its title, message and details; nil when it said nothing.
    var words: String? {
        let words = [title, message, details].compactMap { $0 }.filter { !$0.isEmpty }
        return words.isEmpty ? nil : String(words.joined(separator: " — ").prefix(1000))
    }
}

extension DeliveryFailure {
    /// A Graph API error as the outbox handles it, by its kind (`GraphErrorKind`): rate limits and
    /// passing trouble are tried again later; a citizen who cannot be reached on the chat is reached by
    /// the next channel; a refused token is the admin's to fix.
    init(_ error: GraphError, platform: ChatPlatform) {
        let kind = GraphErrorKind.of(error)
        let reason = "\(platform.rawValue) \(error.code)\(error.words.map { ": \($0)" } ?? "")"
        switch kind {
        case .rateLimited, .retryLater:
            self.init(reason: reason, permanent: false, code: error.code)
        case .windowClosed, .notOnChannel, .permanent:
            self.init(reason: reason, permanent: true, nextChannel: true, code: error.code)
        case .invalidToken:
            self.init(reason: reason, permanent: false, configuration: true, code: error.code)
        case .mediaRejected:
            self.init(reason: reason, permanent: true, code: error.code)
        case .templateProblem:
            self.init(reason: reason, permanent: true, configuration: true, nextChannel: true, code: error.code)
        }
    }
}

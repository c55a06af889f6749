import AduanCore
import Fluent
import Foundation

/// The words of the chat: the intake's prompts rendered from the catalogue (Bahasa Indonesia, the
/// chat's language), a citizen's message as the intake reads it, and the answer to "cek status".
struct ChatReplies {
    let catalogue: MessageCatalogue

    func outbound(_ prompt: ChatPrompt) -> ChatOutbound {
        prompt.outbound { key, values in catalogue.text(key, .id, values) }
    }

    func text(_ key: String, _ values: [String: String] = [:]) -> ChatOutbound {
        ChatOutbound(text: catalogue.text(key, .id, values))
    }

    static func place(_ location: ChatLocation) -> String {
        let label = [location.name, location.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        let link = "https://maps.google.com/?q=\(location.latitude),\(location.longitude)"
        return "Lokasi: " + (label.isEmpty ? link : "\(label) (\(link))")
    }

    /// A stored message as the intake's input.
    static func input(_ payload: ChatMessage.InboundPayload, file: ChatFileOutcome?) -> ChatInput {
        if let file { return .file(file) }
        switch payload.type {
        case "text": return .text(payload.text ?? "")
        case "choice": return .choice(id: payload.choiceID ?? "", title: payload.text ?? "")
        case "location": return payload.location.map { .location($0) } ?? .unsupported(type: "location")
        default: return .unsupported(type: payload.text ?? payload.type)
        }
    }

    /// The answer to a tracking code typed in a chat: its status and next step; the service and the
    /// deadline only when the complaint was filed from this very chat or number.
    func status(of code: String, asked conversation: ChatConversation, db: any Database, context: AduanContext) async throws -> ChatOutbound {
        guard let parsed = try? TrackingCode(code),
              let complaint = try await Complaint.query(on: db).filter(\.$trackingCode == parsed.value).first()
        else {
            return ChatOutbound(text: catalogue.text("chat_ingest.status.not_found", .id, ["code": code]))
        }
        let display = CitizenMessageRenderer.displayCode(complaint.trackingCode)
        let status = catalogue.text(complaint.status.messageKey, .id)
        let next = catalogue.text("chat_ingest.status.next.\(complaint.status.rawValue)", .id)
        let own = complaint.id == conversation.complaintID || (conversation.platform == .whatsapp && complaint.phone == conversation.citizen)
        guard own else {
            return ChatOutbound(text: catalogue.text("chat_ingest.status.found", .id, ["code": display, "status": status, "next": next]))
        }
        let service = try await ReferenceRepository(db: db, timeZone: context.config.timeZone).service(complaint.serviceCode)
        return ChatOutbound(text: catalogue.text("chat_ingest.status.found_own", .id, [
            "code": display, "status": status, "next": next, "service": service?.nameID ?? complaint.serviceCode,
            "due": context.dateText.deadline(complaint.resolutionDueAt ?? complaint.firstResponseDueAt, in: .id),
            "link": context.config.publicURL + "/lacak",
        ]))
    }
}

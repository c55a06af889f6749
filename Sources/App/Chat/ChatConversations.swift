import AduanCore
import Fluent
import Foundation
import Vapor

/// The conversations officers look after in the console: those that have not become complaints yet
/// (an intake under way, a citizen waiting for an officer, one an officer took over), and taking one
/// over from the automatic intake.
struct ChatConversations {
    let db: any Database

    /// The most the list shows (newest first).
    static let listLimit = 200

    /// Conversations without a complaint in which something is going on, newest first.
    func unfinished(limit: Int = listLimit) async throws -> [ChatConversation] {
        try await unfinishedQuery().sort(\.$updatedAt, .descending).sort(\.$id, .descending).limit(limit).all()
    }

    /// Citizens who asked for an officer, or wrote what fits no step, and whom nobody has taken over.
    func waitingCount() async throws -> Int {
        try await ChatConversation.query(on: db).filter(\.$complaintID == nil).filter(\.$waitingSince != nil)
            .filter(\.$takenBy == nil).count()
    }

    private func unfinishedQuery() -> QueryBuilder<ChatConversation> {
        ChatConversation.query(on: db).filter(\.$complaintID == nil).group(.or) { any in
            any.filter(\.$state != nil).filter(\.$waitingSince != nil).filter(\.$takenBy != nil)
        }
    }

    /// An officer takes the conversation over: the automatic intake ends (its state is dropped) and the
    /// officer answers from now on. Audited in the same transaction. False when it was already theirs.
    @discardableResult
    func takeOver(_ conversation: ChatConversation, by staff: StaffContext, at now: Date, address: String?, context: AduanContext) async throws -> Bool {
        let userID = try staff.user.requireID()
        guard conversation.takenBy != userID || conversation.state != nil else { return false }
        let previous = conversation.takenBy
        let id = try conversation.requireID()
        try await db.transaction { db in
            conversation.takenBy = userID
            conversation.state = nil
            conversation.updatedAt = now
            try await conversation.save(on: db)
            let detail = "conversation \(id.uuidString)" + (previous.map { " from user \($0.uuidString)" } ?? "")
            try await AuditLog(db: db, context: context)
                .record(.chatTakenOver, by: staff, at: now, detail: detail, complaintID: conversation.complaintID, address: address)
        }
        return true
    }
}

/// The step of an intake as the console shows it, read from the conversation's `state` JSON. The
/// conversation engine owns that JSON; only its `step` field is read here, and anything else in it
/// (or a state that does not parse) is ignored rather than failing the page.
enum ChatIntakeStep {
    static func step(of state: String?) -> String? {
        guard let data = state?.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        if let step = object["step"] as? String { return step }
        // A Swift enum with an associated value encodes as {"step": {"name": {...}}}.
        if let nested = object["step"] as? [String: Any], nested.count == 1 { return nested.keys.first }
        return nil
    }

    /// The step in the officer's words (`chat_steps.*`); a step this version does not know stays as stored.
    static func label(of state: String?, _ req: Request) -> String? {
        step(of: state).map { step in ChatIntakeState.Step(rawValue: step).map { req.text("chat_steps.\($0.rawValue)") } ?? step }
    }
}

extension ChatConversations {
    /// The conversation becomes the complaint an officer entered from it ("Jadikan pengaduan"): the
    /// intake and the wait end, and its messages that belong to no complaint join this one's page.
    /// Nothing happens to a conversation that is already a complaint's.
    func attach(_ conversationID: UUID, to complaint: Complaint, at now: Date) async throws {
        let complaintID = try complaint.requireID()
        try await db.transaction { db in
            guard let conversation = try await ChatConversation.find(conversationID, on: db), conversation.complaintID == nil else { return }
            conversation.complaintID = complaintID
            conversation.state = nil
            conversation.waitingSince = nil
            conversation.updatedAt = now
            try await conversation.save(on: db)
            try await ChatMessage.query(on: db).filter(\.$conversation.$id == conversationID).filter(\.$complaintID == nil)
                .set(\.$complaintID, to: complaintID).set(\.$updatedAt, to: now).update()
        }
    }

    /// What the officer's entry form starts with when a conversation becomes a complaint: the channel,
    /// the citizen's profile name and WhatsApp number, and the citizen's words quoted.
    func entryPrefill(_ conversationID: UUID, catalogue: MessageCatalogue, language: Language) async throws -> (channel: String, input: ComplaintSubmissionInput)? {
        guard let conversation = try await ChatConversation.find(conversationID, on: db), conversation.complaintID == nil else { return nil }
        let words = try await ChatMessage.query(on: db).filter(\.$conversation.$id == conversationID).filter(\.$direction == .inbound)
            .sort(\.$createdAt).limit(100).all().compactMap { $0.text?.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let platform = catalogue.text(conversation.platform.messageChannel.messageKey, language)
        var quoted = catalogue.text("chat_console.entry.quote", language, ["platform": platform])
        for line in words.flatMap({ $0.split(separator: "\n") }) {
            let next = quoted + "\n> " + line
            guard next.count <= 3000 else { break }
            quoted = next
        }
        let phone = conversation.platform == .whatsapp && conversation.citizen.allSatisfy(\.isNumber) ? "+" + conversation.citizen : nil
        return (conversation.platform.complaintChannel.rawValue,
                ComplaintSubmissionInput(name: conversation.profileName, phone: phone, description: words.isEmpty ? nil : quoted))
    }
}

import AduanCore
import Fluent
import Vapor

extension StaffComplaintView {
    /// The complaint's WhatsApp, Messenger or Instagram chat, if it has one, as this officer may see it;
    /// with the complaint's own reply form (the answer goes to the citizen by the outbox, on the chat).
    static func chat(
        of complaint: Complaint, for req: Request, staff: StaffContext, identityVisible: Bool, canReply: Bool, typed: String
    ) async throws -> ChatTranscriptView? {
        let complaintID = try complaint.requireID()
        let loaded = try await ChatTranscriptView.query(complaintID: complaintID, on: req.db)
        guard !loaded.isEmpty || loaded.conversation != nil else { return nil }
        let code = complaint.trackingCode
        let conversationID = loaded.conversation?.id
        let intakes = staff.policy.canSeeChatIntakes
        let now = req.now
        var compose: ChatTranscriptView.Compose?
        if canReply {
            let platform = loaded.conversation?.platform ?? .whatsapp
            let open = ChatWindow.isOpen(lastInbound: loaded.conversation?.lastInboundAt, now: now)
            let note = open ? "chat_console.compose.outbox_open" : platform == .whatsapp ? "chat_console.compose.outbox_template" : "chat_console.compose.outbox_other"
            compose = .init(action: SitePaths.consoleComplaintAction(code), actionType: ComplaintAction.reply.rawValue, enabled: true,
                            note: req.text(note, ["platform": req.text(platform.messageChannel.messageKey)]), typed: typed, error: nil)
        }
        let presentation = ChatTranscriptView.Presentation(
            identityVisible: identityVisible, fullContact: identityVisible,
            redactions: [complaint.reporterName, complaint.nik, complaint.kkNumber, complaint.phone, complaint.email,
                         complaint.phone.flatMap { try? PhoneNumber($0).value }].compactMap { $0 },
            documentHref: { attachment in
                // The complaint's own files open through its document route (which applies the same
                // rules); a file still of the conversation alone, through the conversation's.
                if attachment.$complaint.id == complaintID { return SitePaths.consoleDocument(code, attachment.id!) }
                if attachment.$complaint.id == nil, intakes, let conversationID { return SitePaths.consoleConversationDocument(conversationID, attachment.id!) }
                return nil
            },
            compose: compose, now: now)
        return ChatTranscriptView(loaded, presentation: presentation, catalogue: req.aduan.catalogue, language: req.language, dates: req.aduan.dateText)
    }
}

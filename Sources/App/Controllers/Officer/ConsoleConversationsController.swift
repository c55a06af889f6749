import AduanCore
import Fluent
import Vapor

/// The chats that have not become complaints yet (an intake under way, a citizen waiting for an
/// officer): the list, one conversation with its transcript, taking it over, writing in it, its files.
/// Not for a unit's staff: a chat is no unit's business until a complaint is forwarded to it.
struct ConsoleConversationsController {
    struct ListView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let href: String
            let platform: String
            let name: String?
            let contact: String
            let step: String?
            let waitingSince: String?
            let takenBy: String?
            let updatedAt: String
        }
        let rows: [Row]
        let empty: Bool
        let limited: Bool
    }

    struct DetailView: Encodable, Sendable {
        let chat: ChatTranscriptView
        let step: String?
        let waitingSince: String?
        let takenBy: String?
        let takenByMe: Bool
        let takeOverAction: String?
        let complaint: Link?
        let entryHref: String?
        let notice: String?
    }

    func list(_ req: Request) async throws -> Response {
        let staff = try Self.requireIntakes(req)
        let conversations = try await ChatConversations(db: req.db).unfinished()
        let names = try await Self.userNames(conversations.compactMap(\.takenBy), on: req.db)
        let dates = req.aduan.dateText
        let rows = conversations.map { conversation in
            ListView.Row(
                href: SitePaths.consoleConversation(conversation.id!), platform: req.text(conversation.platform.messageChannel.messageKey),
                name: conversation.profileName, contact: ChatTranscriptView.contact(conversation, full: staff.policy.canSeeChatContacts),
                step: ChatIntakeStep.label(of: conversation.state, req), waitingSince: conversation.waitingSince.map { dates.long($0, in: req.language) },
                takenBy: conversation.takenBy.flatMap { names[$0] }, updatedAt: dates.long(conversation.updatedAt, in: req.language))
        }
        return try await req.consolePage("console-conversations", title: "chat_console.list.title", ListView(
            rows: rows, empty: rows.isEmpty, limited: rows.count >= ChatConversations.listLimit))
    }

    func show(_ req: Request) async throws -> Response {
        let (staff, conversation) = try await load(req)
        try await req.audit(.chatViewed, "conversation \(conversation.id!.uuidString)", complaintID: conversation.complaintID)
        let notice = (try? req.query.get(String.self, at: "ok")).flatMap { ["taken", "queued"].contains($0) ? req.text("chat_console.done.\($0)") : nil }
        return try await render(req, staff, conversation, notice: notice)
    }

    func takeOver(_ req: Request) async throws -> Response {
        let (staff, conversation) = try await load(req)
        guard staff.policy.mayTake(.reply) else { throw Abort(.forbidden) }
        try await ChatConversations(db: req.db).takeOver(conversation, by: staff, at: req.now, address: req.clientAddress, context: req.aduan)
        return req.redirect(to: SitePaths.consoleConversation(conversation.id!) + "?ok=taken")
    }

    func reply(_ req: Request) async throws -> Response {
        let (staff, conversation) = try await load(req)
        guard staff.policy.mayTake(.reply) else { throw Abort(.forbidden) }
        let text = (try? req.content.get(String.self, at: "message")) ?? ""
        let wasTaken = conversation.takenBy != nil
        do {
            let message = try await ChatOutbox.queueText(text, in: conversation, by: staff.user, at: req.now, on: req.db)
            if !wasTaken { try await req.audit(.chatTakenOver, "conversation \(conversation.id!.uuidString) by reply", complaintID: conversation.complaintID) }
            try await req.audit(.chatReplied, "conversation \(conversation.id!.uuidString) message \(message.id!.uuidString)", complaintID: conversation.complaintID)
            req.aduan.jobs.wake()
            return req.redirect(to: SitePaths.consoleConversation(conversation.id!) + "?ok=queued")
        } catch let failure as ChatOutbox.Failure {
            return try await render(req, staff, conversation, typed: text, error: req.text(failure.messageKey), status: failure.status)
        }
    }

    /// A file of the conversation (the citizen's photo, the office's document), by the same rules as a
    /// complaint's: a file already of a complaint opens only for those who may open that complaint's.
    func document(_ req: Request) async throws -> Response {
        let (staff, conversation) = try await load(req)
        guard let id = req.parameters.get("document", as: UUID.self),
              try await ChatMessage.query(on: req.db).filter(\.$conversation.$id == conversation.requireID()).filter(\.$attachmentID == id).count() > 0,
              let attachment = try await Attachment.find(id, on: req.db)
        else { throw Abort(.notFound) }
        if let complaintID = attachment.$complaint.id {
            guard let complaint = try await Complaint.find(complaintID, on: req.db), staff.policy.canSee(forwardedTo: complaint.unitCode),
                  staff.policy.canSeeIdentity(confidential: complaint.confidential) || !attachment.kind.showsIdentity
            else { throw Abort(.notFound) }
        }
        let store = req.aduan.store
        let data = try await req.application.threadPool.runIfActive { try store.read(attachment.sha256) }
        try await req.audit(.documentViewed, attachment.id!.uuidString, complaintID: attachment.$complaint.id)
        return Response(status: .ok, headers: DocumentResponder.headers(for: attachment), body: .init(data: data))
    }

    // MARK: Loading and rendering

    /// The conversation of the path, if this person may see it: one not yet a complaint for those who see
    /// intakes; one of a complaint for those who may open that complaint. Otherwise 404.
    private func load(_ req: Request) async throws -> (StaffContext, ChatConversation) {
        let staff = try req.requireStaff()
        guard let id = req.parameters.get("conversation", as: UUID.self), let conversation = try await ChatConversation.find(id, on: req.db)
        else { throw Abort(.notFound) }
        if let complaintID = conversation.complaintID {
            guard let complaint = try await Complaint.find(complaintID, on: req.db), staff.policy.canSee(forwardedTo: complaint.unitCode)
            else { throw Abort(.notFound) }
        } else if !staff.policy.canSeeChatIntakes {
            throw Abort(.notFound)
        }
        return (staff, conversation)
    }

    private static func requireIntakes(_ req: Request) throws -> StaffContext {
        let staff = try req.requireStaff()
        guard staff.policy.canSeeChatIntakes else { throw Abort(.forbidden) }
        return staff
    }

    private static func userNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await User.query(on: db).filter(\.$id ~~ Set(ids)).all().map { ($0.id!, $0.displayName) }, uniquingKeysWith: { a, _ in a })
    }

    private func render(
        _ req: Request, _ staff: StaffContext, _ conversation: ChatConversation, notice: String? = nil,
        typed: String = "", error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let id = try conversation.requireID()
        let loaded = try await ChatTranscriptView.query(conversation: conversation, on: req.db)
        let complaint = try await conversation.complaintID.asyncFlatMap { try await Complaint.find($0, on: req.db) }
        let identityVisible = complaint.map { staff.policy.canSeeIdentity(confidential: $0.confidential) } ?? true
        let mayReply = staff.policy.mayTake(.reply)
        let open = ChatWindow.isOpen(lastInbound: conversation.lastInboundAt, now: req.now)
        let compose: ChatTranscriptView.Compose? = mayReply && complaint == nil ? .init(
            action: SitePaths.consoleConversation(id, SitePaths.consoleConversationReply), actionType: nil, enabled: open,
            note: req.text(open ? "chat_console.compose.direct_open" : "chat_console.compose.direct_closed"), typed: typed, error: error) : nil
        let chat = ChatTranscriptView(loaded, presentation: .init(
            identityVisible: identityVisible, fullContact: identityVisible && staff.policy.canSeeChatContacts,
            redactions: [complaint?.reporterName, complaint?.nik, complaint?.kkNumber, complaint?.phone, complaint?.email].compactMap { $0 },
            documentHref: { SitePaths.consoleConversationDocument(id, $0.id!) }, compose: compose, now: req.now),
            catalogue: req.aduan.catalogue, language: req.language, dates: req.aduan.dateText)
        let names = try await Self.userNames(conversation.takenBy.map { [$0] } ?? [], on: req.db)
        let dates = req.aduan.dateText
        let view = DetailView(
            chat: chat, step: ChatIntakeStep.label(of: conversation.state, req),
            waitingSince: conversation.waitingSince.map { dates.long($0, in: req.language) },
            takenBy: conversation.takenBy.flatMap { names[$0] }, takenByMe: conversation.takenBy == staff.user.id,
            takeOverAction: mayReply && complaint == nil && (conversation.takenBy != staff.user.id || conversation.state != nil)
                ? SitePaths.consoleConversation(id, SitePaths.consoleConversationTakeOver) : nil,
            complaint: complaint.map { Link(href: SitePaths.consoleComplaint($0.trackingCode), label: CitizenMessageRenderer.displayCode($0.trackingCode)) },
            entryHref: complaint == nil && staff.policy.canEnterComplaints ? SitePaths.link(SitePaths.consoleNewComplaint) + "?percakapan=\(id.uuidString)" : nil,
            notice: notice)
        return try await req.consolePage("console-conversation", title: "chat_console.detail.title", view, status: status)
    }
}

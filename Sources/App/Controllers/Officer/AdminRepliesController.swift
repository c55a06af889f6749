import AduanCore
import Fluent
import Vapor

/// Canned replies the officers insert while writing to a citizen.
struct AdminRepliesController {
    struct ListView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let title: String
            let active: Bool
            let form: AdminForm
            let updateAction: String
            let statusAction: String
        }
        let rows: [Row]
        let add: AdminForm
        let action: String
        let done: String?
    }

    func list(_ req: Request) async throws -> Response {
        try await render(req, add: AdminForm(), rowForm: AdminForm())
    }

    func add(_ req: Request) async throws -> Response {
        var input = AdminInput(req)
        let (title, body) = fields(&input)
        guard input.isValid else { return try await render(req, add: input.form(req), rowForm: AdminForm(), status: .unprocessableEntity) }
        let reply = CannedReply(title: title, body: body)
        try await reply.create(on: req.db)
        try await req.audit(.settingsChanged, "canned reply added \(reply.id?.uuidString ?? "")")
        return req.adminDone(SitePaths.link(SitePaths.adminReplies), .replyAdded)
    }

    func update(_ req: Request) async throws -> Response {
        let reply = try await find(req)
        var input = AdminInput(req)
        let (title, body) = fields(&input)
        guard input.isValid else {
            return try await render(req, add: AdminForm(), rowForm: input.form(req, target: reply.id?.uuidString), status: .unprocessableEntity)
        }
        reply.title = title
        reply.body = body
        try await reply.save(on: req.db)
        try await req.audit(.settingsChanged, "canned reply updated \(reply.id?.uuidString ?? "")")
        return req.adminDone(SitePaths.link(SitePaths.adminReplies), .replyUpdated)
    }

    func toggle(_ req: Request) async throws -> Response {
        let reply = try await find(req)
        reply.active.toggle()
        try await reply.save(on: req.db)
        try await req.audit(.settingsChanged, "canned reply \(reply.active ? "reactivated" : "deactivated") \(reply.id?.uuidString ?? "")")
        return req.adminDone(SitePaths.link(SitePaths.adminReplies), .replyUpdated)
    }

    private func fields(_ input: inout AdminInput) -> (String, String) {
        (input.text("title", max: 120), input.text("body", max: 5000))
    }

    private func find(_ req: Request) async throws -> CannedReply {
        guard let id = req.parameters.get("reply", as: UUID.self), let reply = try await CannedReply.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return reply
    }

    private func render(_ req: Request, add: AdminForm, rowForm: AdminForm, status: HTTPStatus = .ok) async throws -> Response {
        let replies = try await CannedReply.query(on: req.db).sort(\.$title).all()
        let rows = replies.map { reply in
            let id = reply.id?.uuidString ?? ""
            let form = rowForm.target == id ? rowForm : AdminForm(values: ["title": reply.title, "body": reply.body])
            return ListView.Row(id: id, title: reply.title, active: reply.active, form: form,
                                updateAction: reply.id.map { SitePaths.adminReply($0) } ?? "",
                                statusAction: reply.id.map { SitePaths.adminReply($0, SitePaths.adminReplyActive) } ?? "")
        }
        return try await req.consolePage("console-admin-replies", title: "admin.replies.title", ListView(
            rows: rows, add: add, action: SitePaths.link(SitePaths.adminReplies), done: req.adminConfirmation), status: status)
    }
}

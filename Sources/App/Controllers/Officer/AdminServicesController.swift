import AduanCore
import Fluent
import Vapor

/// The service catalogue: what a complaint is about, its names in both languages, its resolution target
/// in working days and its place in the list. A code is permanent.
struct AdminServicesController {
    struct ListView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let code: String
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

    static let resolutionDays = 1...60

    func list(_ req: Request) async throws -> Response {
        try await render(req, add: AdminForm(values: ["resolution_days": "5"]), rowForm: AdminForm())
    }

    func add(_ req: Request) async throws -> Response {
        var input = AdminInput(req)
        let code = input["code"].lowercased()
        if code.range(of: "^[a-z0-9_]{2,40}$", options: .regularExpression) == nil {
            input.fail("code", "admin.services.error.code")
        } else if try await Service.find(code, on: req.db) != nil {
            input.fail("code", "admin.error.code_taken")
        }
        let (nameID, nameEN, days) = fields(&input)
        guard input.isValid else { return try await render(req, add: input.form(req), rowForm: AdminForm(), status: .unprocessableEntity) }
        let last = try await Service.query(on: req.db).sort(\.$position, .descending).first()?.position ?? 0
        try await Service(code: code, nameID: nameID, nameEN: nameEN, resolutionDays: days, position: last + 1).create(on: req.db)
        try await req.audit(.settingsChanged, "service added \(code)")
        return req.adminDone(SitePaths.link(SitePaths.adminServices), .serviceAdded)
    }

    func update(_ req: Request) async throws -> Response {
        let service = try await find(req)
        var input = AdminInput(req)
        let (nameID, nameEN, days) = fields(&input)
        let position = input.number("position", in: 0...9999, key: "admin.services.error.position")
        guard input.isValid else {
            return try await render(req, add: AdminForm(values: ["resolution_days": "5"]), rowForm: input.form(req, target: service.id),
                                    status: .unprocessableEntity)
        }
        service.nameID = nameID
        service.nameEN = nameEN
        service.resolutionDays = days
        service.position = position
        try await service.save(on: req.db)
        try await req.audit(.settingsChanged, "service updated \(service.id ?? "") days=\(days) position=\(position)")
        return req.adminDone(SitePaths.link(SitePaths.adminServices), .serviceUpdated)
    }

    /// A deactivated service is no longer offered on the form; complaints about it keep it.
    func toggle(_ req: Request) async throws -> Response {
        let service = try await find(req)
        service.active.toggle()
        try await service.save(on: req.db)
        try await req.audit(.settingsChanged, "service \(service.active ? "reactivated" : "deactivated") \(service.id ?? "")")
        return req.adminDone(SitePaths.link(SitePaths.adminServices), .serviceUpdated)
    }

    private func fields(_ input: inout AdminInput) -> (String, String, Int) {
        let nameID = input.text("name_id", max: 120)
        let nameEN = input.text("name_en", max: 120)
        let days = input.number("resolution_days", in: Self.resolutionDays, key: "admin.services.error.days")
        return (nameID, nameEN, days)
    }

    private func find(_ req: Request) async throws -> Service {
        guard let code = req.parameters.get("service"), let service = try await Service.find(code, on: req.db) else { throw Abort(.notFound) }
        return service
    }

    private func render(_ req: Request, add: AdminForm, rowForm: AdminForm, status: HTTPStatus = .ok) async throws -> Response {
        let services = try await Service.query(on: req.db).sort(\.$position).sort(\.$id).all()
        let rows = services.map { service in
            let code = service.id ?? ""
            let form = rowForm.target == code ? rowForm : AdminForm(values: [
                "name_id": service.nameID, "name_en": service.nameEN,
                "resolution_days": String(service.resolutionDays), "position": String(service.position)])
            return ListView.Row(code: code, active: service.active, form: form, updateAction: SitePaths.adminService(code),
                                statusAction: SitePaths.adminService(code, SitePaths.adminServiceActive))
        }
        return try await req.consolePage("console-admin-services", title: "admin.services.title", ListView(
            rows: rows, add: add, action: SitePaths.link(SitePaths.adminServices), done: req.adminConfirmation), status: status)
    }
}

import AduanCore
import Fluent
import Vapor

/// The units (bidang) complaints are forwarded to. A code is permanent: complaints and users refer to it.
struct AdminUnitsController {
    struct ListView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let code: String
            let name: String
            let active: Bool
            let nameValue: String
            let nameError: String?
            let renameAction: String
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
        let code = input["code"].lowercased()
        if code.range(of: "^[a-z0-9_]{2,20}$", options: .regularExpression) == nil {
            input.fail("code", "admin.units.error.code")
        } else if try await Unit.find(code, on: req.db) != nil {
            input.fail("code", "admin.error.code_taken")
        }
        let name = input.text("name", max: 120)
        guard input.isValid else { return try await render(req, add: input.form(req), rowForm: AdminForm(), status: .unprocessableEntity) }
        try await Unit(code: code, name: name).create(on: req.db)
        try await req.audit(.settingsChanged, "unit added \(code)")
        return req.adminDone(SitePaths.link(SitePaths.adminUnits), .unitAdded)
    }

    func rename(_ req: Request) async throws -> Response {
        let unit = try await find(req)
        var input = AdminInput(req)
        let name = input.text("name", max: 120)
        guard input.isValid else {
            return try await render(req, add: AdminForm(), rowForm: input.form(req, target: unit.id), status: .unprocessableEntity)
        }
        unit.name = name
        try await unit.save(on: req.db)
        try await req.audit(.settingsChanged, "unit renamed \(unit.id ?? "")")
        return req.adminDone(SitePaths.link(SitePaths.adminUnits), .unitUpdated)
    }

    /// Deactivating keeps the unit on the complaints already forwarded to it; it is no longer offered.
    func toggle(_ req: Request) async throws -> Response {
        let unit = try await find(req)
        unit.active.toggle()
        try await unit.save(on: req.db)
        try await req.audit(.settingsChanged, "unit \(unit.active ? "reactivated" : "deactivated") \(unit.id ?? "")")
        return req.adminDone(SitePaths.link(SitePaths.adminUnits), .unitUpdated)
    }

    private func find(_ req: Request) async throws -> Unit {
        guard let code = req.parameters.get("unit"), let unit = try await Unit.find(code, on: req.db) else { throw Abort(.notFound) }
        return unit
    }

    private func render(_ req: Request, add: AdminForm, rowForm: AdminForm, status: HTTPStatus = .ok) async throws -> Response {
        let units = try await Unit.query(on: req.db).sort(\.$id).all()
        let rows = units.map { unit in
            let code = unit.id ?? ""
            let mine = rowForm.target == code
            return ListView.Row(
                code: code, name: unit.name, active: unit.active,
                nameValue: mine ? rowForm.values["name"] ?? "" : unit.name, nameError: mine ? rowForm.errors["name"] : nil,
                renameAction: SitePaths.adminUnit(code), statusAction: SitePaths.adminUnit(code, SitePaths.adminUnitActive))
        }
        return try await req.consolePage("console-admin-units", title: "admin.units.title", ListView(
            rows: rows, add: add, action: SitePaths.link(SitePaths.adminUnits), done: req.adminConfirmation), status: status)
    }
}

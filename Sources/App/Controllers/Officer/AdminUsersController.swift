import AduanCore
import Fluent
import Vapor

/// Users of the console: created, changed, deactivated and given a new password or second factor by the
/// admin. Every change is audited (`user_changed`).
struct AdminUsersController {
    struct ListView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let username: String
            let name: String
            let role: String
            let unit: String?
            let active: Bool
            let twoFactor: Bool
            let href: String
        }
        let rows: [Row]
        let add: AdminForm
        let roles: [SelectOption]
        let units: [SelectOption]
        let action: String
        let done: String?
    }

    struct EditView: Encodable, Sendable {
        let username: String
        let active: Bool
        let twoFactor: Bool
        let isSelf: Bool
        let edit: AdminForm
        let password: AdminForm
        let roles: [SelectOption]
        let units: [SelectOption]
        let updateAction: String
        let statusAction: String
        let passwordAction: String
        let twoFactorAction: String
        let back: String
        let done: String?
    }

    // MARK: List and create

    func list(_ req: Request) async throws -> Response {
        try await renderList(req, add: AdminForm(values: ["role": StaffRole.pengelola.rawValue]))
    }

    func create(_ req: Request) async throws -> Response {
        var input = AdminInput(req)
        let username = input["username"].lowercased()
        if username.range(of: "^[a-z0-9._-]{3,40}$", options: .regularExpression) == nil {
            input.fail("username", "admin.users.error.username")
        } else if try await User.query(on: req.db).filter(\.$username == username).count() > 0 {
            input.fail("username", "admin.users.error.username_taken")
        }
        let name = input.text("name", max: 100)
        let (role, unit) = try await roleAndUnit(&input, req)
        let password = input["password"]
        if password.count < StaffAuth.minimumPasswordLength { input.fail("password", "admin.users.error.password") }
        guard input.isValid, let role else {
            var form = input.form(req)
            form.values["password"] = nil
            return try await renderList(req, add: form, status: .unprocessableEntity)
        }
        let user = User(username: username, displayName: name, role: role, unitCode: unit,
                        passwordHash: try await req.staffAuth.hash(password), at: req.now)
        try await user.create(on: req.db)
        try await req.audit(.userChanged, "created \(username) role=\(role.rawValue)\(unit.map { " unit=\($0)" } ?? "")")
        return req.adminDone(SitePaths.link(SitePaths.adminUsers), .userCreated)
    }

    // MARK: One user

    func show(_ req: Request) async throws -> Response {
        let user = try await find(req)
        return try await renderEdit(req, user, edit: AdminForm(values: [
            "name": user.displayName, "role": user.role.rawValue, "unit": user.unitCode ?? ""]))
    }

    func update(_ req: Request) async throws -> Response {
        let user = try await find(req)
        var input = AdminInput(req)
        let name = input.text("name", max: 100)
        let (role, unit) = try await roleAndUnit(&input, req)
        if user.id == req.staff?.user.id && role != user.role { input.fail("role", "admin.users.error.own_role") }
        guard input.isValid, let role else {
            return try await renderEdit(req, user, edit: input.form(req), status: .unprocessableEntity)
        }
        let before = "\(user.role.rawValue)/\(user.unitCode ?? "-")"
        user.displayName = name
        user.role = role
        user.unitCode = unit
        try await user.save(on: req.db)
        try await req.audit(.userChanged, "updated \(user.username) \(before) -> \(role.rawValue)/\(unit ?? "-")")
        return req.adminDone(SitePaths.adminUser(try user.requireID()), .userUpdated)
    }

    /// Deactivating ends every session and revokes every API token, so that the account stops at once.
    func deactivate(_ req: Request) async throws -> Response { try await setActive(req, false) }
    func reactivate(_ req: Request) async throws -> Response { try await setActive(req, true) }

    private func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let user = try await find(req)
        if !active && user.id == req.staff?.user.id { throw Abort(.unprocessableEntity, reason: "admin.users.error.own_account") }
        let userID = try user.requireID()
        let now = req.now
        try await req.db.transaction { db in
            user.active = active
            try await user.save(on: db)
            if !active {
                try await StaffSession.query(on: db).filter(\.$user.$id == userID).delete()
                try await StaffAuth.revokeTokens(of: userID, at: now, on: db)
            }
        }
        try await req.audit(.userChanged, "\(active ? "reactivated" : "deactivated") \(user.username)")
        return req.adminDone(SitePaths.adminUser(userID), active ? .userReactivated : .userDeactivated)
    }

    /// A new password ends the user's sessions and revokes their API tokens: whoever knew the old one is out.
    func resetPassword(_ req: Request) async throws -> Response {
        let user = try await find(req)
        var input = AdminInput(req)
        let password = input["password"]
        if password.count < StaffAuth.minimumPasswordLength { input.fail("password", "admin.users.error.password") }
        guard input.isValid else {
            return try await renderEdit(req, user, edit: editValues(user), password: AdminForm(errors: input.form(req).errors),
                                        status: .unprocessableEntity)
        }
        user.passwordHash = try await req.staffAuth.hash(password)
        try await user.save(on: req.db)
        try await endSessions(of: user, except: req.staff?.session, on: req.db, at: req.now)
        try await req.audit(.userChanged, "password reset \(user.username)")
        return req.adminDone(SitePaths.adminUser(try user.requireID()), .passwordReset)
    }

    /// For a lost phone: the user sets up the authenticator again at the next sign-in (where the role
    /// requires it, before anything else); sessions and API tokens end, as a lost phone may have held them.
    func resetTwoFactor(_ req: Request) async throws -> Response {
        let user = try await find(req)
        user.totpSecret = nil
        user.totpEnabled = false
        user.totpLastStep = nil
        try await user.save(on: req.db)
        try await endSessions(of: user, except: req.staff?.session, on: req.db, at: req.now)
        try await req.audit(.userChanged, "two-factor reset \(user.username)")
        return req.adminDone(SitePaths.adminUser(try user.requireID()), .twoFactorReset)
    }

    // MARK: Helpers

    private func find(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("user", as: UUID.self), let user = try await User.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return user
    }

    /// Ends the user's sessions (but the admin's own, when resetting themselves) and revokes their tokens.
    private func endSessions(of user: User, except current: StaffSession?, on db: any Database, at now: Date) async throws {
        let userID = try user.requireID()
        let query = StaffSession.query(on: db).filter(\.$user.$id == userID)
        if let id = current?.id { query.filter(\.$id != id) }
        try await query.delete()
        try await StaffAuth.revokeTokens(of: userID, at: now, on: db)
    }

    /// The role, and the unit a bidang user belongs to (required and active for bidang, none otherwise).
    private func roleAndUnit(_ input: inout AdminInput, _ req: Request) async throws -> (StaffRole?, String?) {
        guard let role = StaffRole(rawValue: input["role"]) else {
            input.fail("role", "admin.users.error.role")
            return (nil, nil)
        }
        guard role == .bidang else { return (role, nil) }
        let code = input["unit"]
        guard !code.isEmpty, let unit = try await Unit.find(code, on: req.db), unit.active else {
            input.fail("unit", "admin.users.error.unit")
            return (role, nil)
        }
        return (role, code)
    }

    private func editValues(_ user: User) -> AdminForm {
        AdminForm(values: ["name": user.displayName, "role": user.role.rawValue, "unit": user.unitCode ?? ""])
    }

    private func options(_ req: Request, role: String?, unit: String?) async throws -> ([SelectOption], [SelectOption]) {
        let roles = StaffRole.allCases.map { SelectOption(value: $0.rawValue, label: req.text($0.messageKey), selected: $0.rawValue == role) }
        let units = try await Unit.query(on: req.db).filter(\.$active == true).sort(\.$name).all()
            .map { SelectOption(value: $0.id ?? "", label: $0.name, selected: $0.id == unit) }
        return (roles, units)
    }

    private func renderList(_ req: Request, add: AdminForm, status: HTTPStatus = .ok) async throws -> Response {
        let users = try await User.query(on: req.db).sort(\.$username).all()
        let unitNames = Dictionary(uniqueKeysWithValues: try await Unit.query(on: req.db).all().map { ($0.id ?? "", $0.name) })
        let (roles, units) = try await options(req, role: add.values["role"], unit: add.values["unit"])
        let rows = try users.map { user in
            ListView.Row(username: user.username, name: user.displayName, role: req.text(user.role.messageKey),
                         unit: user.unitCode.map { unitNames[$0] ?? $0 }, active: user.active, twoFactor: user.totpEnabled,
                         href: SitePaths.adminUser(try user.requireID()))
        }
        return try await req.consolePage("console-admin-users", title: "admin.users.title", ListView(
            rows: rows, add: add, roles: roles, units: units, action: SitePaths.link(SitePaths.adminUsers),
            done: req.adminConfirmation), status: status)
    }

    private func renderEdit(_ req: Request, _ user: User, edit: AdminForm, password: AdminForm = AdminForm(),
                            status: HTTPStatus = .ok) async throws -> Response {
        let id = try user.requireID()
        let (roles, units) = try await options(req, role: edit.values["role"], unit: edit.values["unit"])
        return try await req.consolePage("console-admin-user", title: "admin.users.edit_title", EditView(
            username: user.username, active: user.active, twoFactor: user.totpEnabled, isSelf: user.id == req.staff?.user.id,
            edit: edit, password: password, roles: roles, units: units,
            updateAction: SitePaths.adminUser(id, SitePaths.adminUserUpdate),
            statusAction: SitePaths.adminUser(id, user.active ? SitePaths.adminUserDeactivate : SitePaths.adminUserReactivate),
            passwordAction: SitePaths.adminUser(id, SitePaths.adminUserPassword),
            twoFactorAction: SitePaths.adminUser(id, SitePaths.adminUserTwoFactor),
            back: SitePaths.link(SitePaths.adminUsers), done: req.adminConfirmation), status: status)
    }
}

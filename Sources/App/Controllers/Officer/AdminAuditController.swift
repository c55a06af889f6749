import AduanCore
import Fluent
import Vapor

/// The audit log for the admin and the pimpinan: searched by date range, action, user and tracking code,
/// newest first, paged by key; exported as CSV with the same filter (the export is itself recorded).
///
/// The CSV: UTF-8, comma-separated, a header row
/// `waktu,aksi,peran,pengguna,kode_pengaduan,keterangan,alamat`, times in ISO 8601 with the office's
/// offset (`2026-11-30T10:00:00+07:00`), actions and roles by their stored codes. Every field is quoted,
/// and what a spreadsheet could run as a formula gets an apostrophe (`SpreadsheetCSV`).
struct AdminAuditController {
    struct AuditView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let at: String
            let action: String
            let actor: String
            let role: String
            let complaint: Link?
            let detail: String?
            let address: String?
        }
        let filter: AdminForm
        let actions: [SelectOption]
        let rows: [Row]
        let next: String?
        let csv: String
        let action: String
        let empty: Bool
    }

    static let pageSize = 50

    func show(_ req: Request) async throws -> Response {
        let staff = try requireReader(req)
        if (try? req.query.get(String.self, at: "format")) == "csv" { return try await export(req, staff) }
        let (filter, form) = parse(req)
        var rows: [AuditView.Row] = []
        var next: String?
        if !form.hasErrors {
            let cursor = (try? req.query.get(String.self, at: "setelah")).flatMap(AuditLog.Cursor.init(token:))
            let page = try await AuditLog(db: req.db, context: req.aduan).page(filter: filter, cursor: cursor, limit: Self.pageSize)
            let dates = req.aduan.dateText
            rows = page.rows.map { row in
                let entry = row.entry
                let code = row.trackingCode
                return AuditView.Row(
                    at: dates.short(entry.at, in: req.language), action: req.text("admin.audit.actions.\(entry.action.rawValue)"),
                    actor: entry.actorName, role: req.text("admin.audit.roles.\(entry.actorRole.rawValue)"),
                    complaint: code.map { Link(href: SitePaths.consoleComplaint($0), label: $0) }, detail: entry.detail, address: entry.address)
            }
            next = page.next.map { link(req, filter, extra: ["setelah": $0.token]) }
        }
        return try await req.consolePage("console-audit", title: "admin.audit.title", AuditView(
            filter: form,
            actions: AuditEntry.Action.allCases.map {
                SelectOption(value: $0.rawValue, label: req.text("admin.audit.actions.\($0.rawValue)"), selected: $0 == filter.action)
            },
            rows: rows, next: next, csv: SitePaths.link(SitePaths.consoleAuditCSV) + query(filter),
            action: SitePaths.link(SitePaths.consoleAudit), empty: rows.isEmpty), status: form.hasErrors ? .unprocessableEntity : .ok)
    }

    func csv(_ req: Request) async throws -> Response {
        try await export(req, try requireReader(req))
    }

    private func export(_ req: Request, _ staff: StaffContext) async throws -> Response {
        let (filter, form) = parse(req)
        guard !form.hasErrors else { throw Abort(.unprocessableEntity, reason: "admin.audit.error.filter") }
        let log = AuditLog(db: req.db, context: req.aduan)
        var rows: [AuditLog.Row] = []
        var cursor: AuditLog.Cursor?
        repeat {
            let page = try await log.page(filter: filter, cursor: cursor, limit: AuditLog.maxLimit)
            rows += page.rows
            cursor = rows.count < AuditLog.maxExportRows ? page.next : nil
        } while cursor != nil
        try await log.record(.auditExported, by: staff, at: req.now, detail: "\(rows.count) rows\(query(filter))", address: req.clientAddress)

        let response = Response(status: .ok, body: .init(string: AuditLog.csv(rows, time: ISOTime(timeZone: req.aduan.config.timeZone))))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"audit-aduan.csv\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func requireReader(_ req: Request) throws -> StaffContext {
        let staff = try req.requireStaff()
        guard staff.policy.canReadAudit else { throw Abort(.forbidden) }
        return staff
    }

    /// The filter from the query (`dari`, `sampai` as yyyy-mm-dd; `aksi`; `pengguna`; `kode`), and the form.
    private func parse(_ req: Request) -> (AuditLog.Filter, AdminForm) {
        func value(_ name: String) -> String {
            ((try? req.query.get(String.self, at: name)) ?? "").trimmingCharacters(in: .whitespaces)
        }
        var filter = AuditLog.Filter()
        var errors: [String: String] = [:]
        let values = ["dari": value("dari"), "sampai": value("sampai"), "aksi": value("aksi"), "pengguna": value("pengguna"), "kode": value("kode")]
        for name in ["dari", "sampai"] where !values[name]!.isEmpty {
            guard let date = CivilDate(iso: values[name]!) else { errors[name] = req.text("admin.audit.error.date"); continue }
            if name == "dari" { filter.from = date } else { filter.to = date }
        }
        if let from = filter.from, let to = filter.to, to < from { errors["sampai"] = req.text("admin.audit.error.range") }
        if !values["aksi"]!.isEmpty {
            if let action = AuditEntry.Action(rawValue: values["aksi"]!) { filter.action = action } else { errors["aksi"] = req.text("admin.audit.error.action") }
        }
        if !values["pengguna"]!.isEmpty { filter.username = values["pengguna"]!.lowercased() }
        if !values["kode"]!.isEmpty { filter.trackingCode = values["kode"]!.uppercased() }
        return (filter, AdminForm(values: values, errors: errors))
    }

    private func query(_ filter: AuditLog.Filter) -> String {
        var items: [URLQueryItem] = []
        if let from = filter.from { items.append(URLQueryItem(name: "dari", value: from.iso)) }
        if let to = filter.to { items.append(URLQueryItem(name: "sampai", value: to.iso)) }
        if let action = filter.action { items.append(URLQueryItem(name: "aksi", value: action.rawValue)) }
        if let username = filter.username { items.append(URLQueryItem(name: "pengguna", value: username)) }
        if let code = filter.trackingCode { items.append(URLQueryItem(name: "kode", value: code)) }
        guard !items.isEmpty else { return "" }
        var components = URLComponents()
        components.queryItems = items
        return "?" + (components.percentEncodedQuery ?? "")
    }

    private func link(_ req: Request, _ filter: AuditLog.Filter, extra: [String: String]) -> String {
        var components = URLComponents()
        components.path = SitePaths.link(SitePaths.consoleAudit)
        let base = query(filter)
        var items = URLComponents(string: "/" + base)?.queryItems ?? []
        for (name, value) in extra { items.append(URLQueryItem(name: name, value: value)) }
        components.queryItems = items
        return components.string ?? components.path
    }
}

import AduanCore
import Vapor

/// GET /api/v1/staff/audit: the audit log for the admin and the pimpinan, as JSON pages or as CSV.
struct StaffAuditAPIController {
    func list(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard staff.policy.canReadAudit else { throw Abort(.forbidden, reason: "staff_api.audit_not_allowed") }
        let csv = (try? req.query.get(String.self, at: "format")) == "csv"
        let parsed = StaffAuditQuery(req, maxLimit: csv ? AuditLog.maxExportRows : AuditLog.maxLimit, defaultLimit: csv ? AuditLog.maxExportRows : AuditLog.defaultLimit)
        guard parsed.errors.isEmpty else {
            return try await APIError.response(req, .unprocessableEntity, code: "validation_failed", messageKey: "api.validation_failed", fieldNames: parsed.errors)
        }
        let log = AuditLog(db: req.db, context: req.aduan)
        let page = try await log.page(filter: parsed.filter, cursor: parsed.cursor, limit: parsed.limit)
        let time = ISOTime(timeZone: req.aduan.config.timeZone)
        guard csv else {
            return try await APIDTO.AuditPage(items: page.rows.map { Self.dto($0, time) }, nextCursor: page.next?.token).encodeResponse(for: req)
        }
        // An export takes personal data out of the application: it is itself audited.
        try await log.record(.auditExported, by: staff, at: req.now, detail: "rows=\(page.rows.count)", address: req.clientAddress)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"audit.csv\"")
        if let next = page.next { headers.replaceOrAdd(name: "X-Next-Cursor", value: next.token) }
        return Response(status: .ok, headers: headers, body: .init(string: AuditLog.csv(page.rows, time: time)))
    }

    static func dto(_ row: AuditLog.Row, _ time: ISOTime) -> APIDTO.AuditItem {
        let entry = row.entry
        return APIDTO.AuditItem(
            id: entry.id!, at: time.string(entry.at), action: entry.action.rawValue, actorRole: entry.actorRole.rawValue,
            actorName: entry.actorName, complaint: row.trackingCode, detail: entry.detail, address: entry.address)
    }
}

/// The query parameters of the audit log, checked.
struct StaffAuditQuery {
    var filter = AuditLog.Filter()
    var cursor: AuditLog.Cursor?
    var limit: Int
    var errors: [String: String] = [:]

    init(_ req: Request, maxLimit: Int, defaultLimit: Int) {
        func text(_ name: String) -> String? {
            (try? req.query.get(String.self, at: name))?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        }
        limit = defaultLimit
        for name in ["from", "to"] {
            guard let raw = text(name) else { continue }
            guard let date = CivilDate(iso: raw) else { errors[name] = "staff_api.query.date"; continue }
            if name == "from" { filter.from = date } else { filter.to = date }
        }
        if let raw = text("action") {
            filter.action = AuditEntry.Action(rawValue: raw)
            if filter.action == nil { errors["action"] = "staff_api.query.invalid" }
        }
        filter.username = text("user")
        filter.trackingCode = text("complaint")
        if let raw = text("cursor") {
            cursor = AuditLog.Cursor(token: raw)
            if cursor == nil { errors["cursor"] = "staff_api.query.cursor" }
        }
        if let raw = text("limit") {
            if let value = Int(raw), (1...maxLimit).contains(value) { limit = value } else { errors["limit"] = "staff_api.query.limit" }
        }
    }
}

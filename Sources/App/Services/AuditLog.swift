import AduanCore
import Fluent
import Vapor

/// The audit log: recording who did what, and reading it (admin and pimpinan) newest first, filtered,
/// paged by keyset on `(at, id)` so that a long log pages as fast as a short one; and the same rows as
/// CSV, for the console's export and `GET /api/v1/staff/audit?format=csv` alike.
struct AuditLog {
    let db: any Database
    let context: AduanContext

    static let defaultLimit = 100
    static let maxLimit = 1000
    /// A CSV export carries at most this many rows; the `X-Next-Cursor` header continues it.
    static let maxExportRows = 10_000

    struct Filter: Sendable {
        var from: CivilDate?
        var to: CivilDate?
        var action: AuditEntry.Action?
        /// A staff username (the actor's name as audited).
        var username: String?
        var trackingCode: String?
    }

    struct Cursor: Sendable, Equatable {
        var at: Date
        var id: UUID

        var token: String {
            Data("a1|\(String(at.timeIntervalSince1970.bitPattern, radix: 16))|\(id.uuidString)".utf8).base64URLEncodedString()
        }

        init(at: Date, id: UUID) {
            self.at = at
            self.id = id
        }

        init?(token: String) {
            guard let data = Data(base64URLEncoded: token), let raw = String(data: data, encoding: .utf8) else { return nil }
            let parts = raw.split(separator: "|")
            guard parts.count == 3, parts[0] == "a1", let bits = UInt64(parts[1], radix: 16),
                  let id = UUID(uuidString: String(parts[2])) else { return nil }
            self.init(at: Date(timeIntervalSince1970: Double(bitPattern: bits)), id: id)
        }
    }

    struct Row: Sendable {
        let entry: AuditEntry
        let trackingCode: String?
    }

    struct Page: Sendable {
        let rows: [Row]
        let next: Cursor?
    }

    func page(filter: Filter, cursor: Cursor?, limit: Int) async throws -> Page {
        let calendar = try await ReferenceRepository(db: db, timeZone: context.config.timeZone).calendar()
        let query = AuditEntry.query(on: db)
        if let from = filter.from { query.filter(\.$at >= calendar.startOfDay(from)) }
        if let to = filter.to { query.filter(\.$at < calendar.startOfDay(to.adding(days: 1))) }
        if let action = filter.action { query.filter(\.$action == action) }
        if let username = filter.username {
            query.filter(\.$actorName == username).filter(\.$actorRole != .citizen)
        }
        if let code = filter.trackingCode {
            guard let complaint = try await ComplaintSnapshot.find(code: code, on: db) else { return Page(rows: [], next: nil) }
            query.filter(\.$complaintID == complaint.id)
        }
        if let cursor {
            query.filter(\.$at <= cursor.at).group(.or) { before in
                before.filter(\.$at < cursor.at).filter(\.$id < cursor.id)
            }
        }
        let entries = try await query.sort(\.$at, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let shown = Array(entries.prefix(limit))
        let ids = Set(shown.compactMap(\.complaintID))
        let codes = ids.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Complaint.query(on: db)
            .filter(\.$id ~~ ids).field(\.$id).field(\.$trackingCode).all().map { ($0.id!, $0.trackingCode) })
        var next: Cursor?
        if entries.count > limit, let last = shown.last, let id = last.id { next = Cursor(at: last.at, id: id) }
        return Page(rows: shown.map { Row(entry: $0, trackingCode: $0.complaintID.flatMap { codes[$0] }) }, next: next)
    }

    /// Records what a signed-in person did.
    func record(_ action: AuditEntry.Action, by staff: StaffContext, at: Date, detail: String?, complaintID: UUID? = nil, address: String?) async throws {
        let entry = AuditEntry(at: at, actorRole: staff.actor, actorName: staff.user.username, action: action,
                               complaintID: complaintID, detail: detail, address: address)
        entry.actorUserID = staff.user.id
        try await entry.create(on: db)
    }

    /// RFC 4180 with every field quoted and CRLF line ends; anything a spreadsheet could run as a formula
    /// is neutralised (`SpreadsheetCSV`: names and details come from people).
    static func csv(_ rows: [Row], time: ISOTime) -> String {
        SpreadsheetCSV.document(
            header: ["at", "action", "actor_role", "actor_name", "complaint", "detail", "address"],
            rows: rows.map { row in
                let entry = row.entry
                return [time.string(entry.at), entry.action.rawValue, entry.actorRole.rawValue, entry.actorName,
                        row.trackingCode, entry.detail, entry.address]
            })
    }
}

extension Request {
    /// Records an administration step of the signed-in person.
    func audit(_ action: AuditEntry.Action, _ detail: String, complaintID: UUID? = nil) async throws {
        try await AuditLog(db: db, context: aduan).record(action, by: try requireStaff(), at: now, detail: detail, complaintID: complaintID, address: clientAddress)
    }
}

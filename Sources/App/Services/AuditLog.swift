import AduanCore
import Fluent
import Vapor

/// Reading and writing the audit log: who did what, when, from where. Searched by the admin and the
/// pimpinan; paged by key (time, id) so that the millionth entry costs what the first does.
struct AuditLog {
    let db: any Database

    /// A search of the log. Dates are civil dates of the office (the whole day counts).
    struct Filter: Sendable, Equatable {
        var from: CivilDate?
        var to: CivilDate?
        var action: AuditEntry.Action?
        var username: String?
        var trackingCode: String?
    }

    /// Where a page starts: after the entry at `at` with `id` (newest first).
    struct Cursor: Sendable, Equatable {
        let at: Date
        let id: UUID

        /// `1796007600.25_UUID`: Swift prints a Double so that it reads back exactly.
        var text: String { "\(at.timeIntervalSince1970)_\(id.uuidString)" }

        init(at: Date, id: UUID) {
            self.at = at
            self.id = id
        }

        init?(text: String) {
            let parts = text.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let seconds = Double(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
            self.init(at: Date(timeIntervalSince1970: seconds), id: id)
        }
    }

    struct Page: Sendable {
        let entries: [AuditEntry]
        /// Tracking codes of the complaints the entries name.
        let trackingCodes: [UUID: String]
        let next: Cursor?
    }

    /// One page of entries matching `filter`, newest first. Nil when the tracking code names no complaint.
    func search(_ filter: Filter, after cursor: Cursor?, limit: Int, timeZone: TimeZone) async throws -> Page {
        let query = AuditEntry.query(on: db)
        let calendar = WorkingCalendar(timeZone: timeZone, holidays: [])
        if let from = filter.from { query.filter(\.$at >= calendar.startOfDay(from)) }
        if let to = filter.to { query.filter(\.$at < calendar.startOfDay(to.adding(days: 1))) }
        if let action = filter.action { query.filter(\.$action == action) }
        if let username = filter.username { query.filter(\.$actorName == username) }
        if let code = filter.trackingCode {
            let complaint = try await Complaint.query(on: db).filter(\.$trackingCode == code).first()
            guard let id = complaint?.id else { return Page(entries: [], trackingCodes: [:], next: nil) }
            query.filter(\.$complaintID == id)
        }
        if let cursor {
            query.group(.or) { or in
                or.filter(\.$at < cursor.at)
                or.group(.and) { same in same.filter(\.$at == cursor.at).filter(\.$id < cursor.id) }
            }
        }
        let rows = try await query.sort(\.$at, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let entries = Array(rows.prefix(limit))
        let complaintIDs = Set(entries.compactMap(\.complaintID))
        var codes: [UUID: String] = [:]
        if !complaintIDs.isEmpty {
            for complaint in try await Complaint.query(on: db).filter(\.$id ~~ Array(complaintIDs)).all() {
                if let id = complaint.id { codes[id] = complaint.trackingCode }
            }
        }
        let next = rows.count > limit ? entries.last.flatMap { entry in entry.id.map { Cursor(at: entry.at, id: $0) } } : nil
        return Page(entries: entries, trackingCodes: codes, next: next)
    }

    /// Records what a signed-in person did.
    func record(_ action: AuditEntry.Action, by staff: StaffContext, at: Date, detail: String?, complaintID: UUID? = nil, address: String?) async throws {
        let entry = AuditEntry(at: at, actorRole: staff.actor, actorName: staff.user.username, action: action,
                               complaintID: complaintID, detail: detail, address: address)
        entry.actorUserID = staff.user.id
        try await entry.create(on: db)
    }
}

extension Request {
    /// Records an administration step of the signed-in person.
    func audit(_ action: AuditEntry.Action, _ detail: String, complaintID: UUID? = nil) async throws {
        try await AuditLog(db: db).record(action, by: try requireStaff(), at: now, detail: detail, complaintID: complaintID, address: clientAddress)
    }
}

import AduanCore
import Fluent
import FluentSQL
import Foundation
import SQLKit

/// The officers' queue: complaints filtered, searched and sorted by the deadline that applies now, for
/// the console's queue page and `GET /api/v1/staff/complaints` alike.
///
/// Paging is by keyset on `(queue_due_at, id)`, never by OFFSET, so the thousandth page costs what the
/// first does; `idx_complaints_queue` and `idx_complaints_unit_queue` (for a unit's staff) serve it.
/// The cursor is opaque to callers: pass `Page.next` back unchanged.
///
/// A unit's staff (`bidang`) see only what was forwarded to their unit, and identity searches (NIK,
/// phone, e-mail, name) never find a confidential complaint for them, so that a search cannot reveal who
/// complained.
///
///     let queue = ComplaintQueue(db: req.db, context: req.aduan)
///     let page = try await queue.page(filter: filter, cursor: cursor, limit: 50, viewer: staff.policy)
struct ComplaintQueue {
    let db: any Database
    let context: AduanContext

    static let defaultLimit = 50
    static let maxLimit = 200

    /// The sort key of complaints without a running deadline (waiting for the citizen, or finished): after
    /// every real deadline. A date rather than NULL because SQLite and PostgreSQL sort NULL differently.
    static let noDeadline = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z

    /// The value of `queue_due_at` for a complaint as it is now.
    static func sortKey(for complaint: Complaint) -> Date {
        ComplaintSnapshot.deadline(of: complaint).dueAt ?? noDeadline
    }

    /// What the officer asks for; every part is optional and the parts combine with AND.
    struct Filter: Sendable, Equatable {
        /// Any of these statuses; empty for all.
        var statuses: [ComplaintStatus] = []
        /// Any of these channels; empty for all.
        var channels: [ComplaintChannel] = []
        var serviceCode: String?
        var classification: Classification?
        var unitCode: String?
        var sla: SLAState?
        /// A tracking code, a NIK, a phone number in any notation, an e-mail address, or words of the
        /// name or the description (each word must occur).
        var search: String?
        /// Received on or after this day (the office's time zone).
        var receivedFrom: CivilDate?
        /// Received on or before this day (the office's time zone).
        var receivedTo: CivilDate?
    }

    /// Where the previous page ended.
    struct Cursor: Sendable, Equatable {
        var dueAt: Date
        var id: UUID

        /// Opaque to callers; the bit pattern keeps the date exact for the comparison.
        var token: String {
            let raw = "q1|\(String(dueAt.timeIntervalSince1970.bitPattern, radix: 16))|\(id.uuidString)"
            return Data(raw.utf8).base64URLEncodedString()
        }

        init(dueAt: Date, id: UUID) {
            self.dueAt = dueAt
            self.id = id
        }

        init?(token: String) {
            guard let data = Data(base64URLEncoded: token), let raw = String(data: data, encoding: .utf8) else { return nil }
            let parts = raw.split(separator: "|")
            guard parts.count == 3, parts[0] == "q1", let bits = UInt64(parts[1], radix: 16),
                  let id = UUID(uuidString: String(parts[2])) else { return nil }
            self.init(dueAt: Date(timeIntervalSince1970: Double(bitPattern: bits)), id: id)
        }
    }

    /// One row of the queue, with what the viewer may see of it.
    struct Item: Sendable {
        let complaint: Complaint
        let deadline: ComplaintSnapshot.Deadline
        /// Nil for a finished complaint: no clock runs.
        let sla: SLAPosition?
        /// False for a confidential complaint seen by a unit's staff: show no name, no NIK.
        let identityVisible: Bool
    }

    struct Page: Sendable {
        let items: [Item]
        /// Nil on the last page.
        let next: Cursor?
    }

    func page(filter: Filter, cursor: Cursor?, limit: Int = defaultLimit, viewer: StaffAccessPolicy) async throws -> Page {
        let limit = min(max(limit, 1), Self.maxLimit)
        let now = context.clock.now()
        let calendar = try await ReferenceRepository(db: db, timeZone: context.config.timeZone).calendar()
        let clock = SLAClock(calendar: calendar)

        let query = Complaint.query(on: db)
        if viewer.role == .bidang {
            // Their unit only; asking for another unit finds nothing rather than everything.
            guard let unit = viewer.unitCode, filter.unitCode == nil || filter.unitCode == unit else { return Page(items: [], next: nil) }
            query.filter(\.$unitCode == unit)
        } else if let unit = filter.unitCode {
            query.filter(\.$unitCode == unit)
        }
        if !filter.statuses.isEmpty { query.filter(\.$status ~~ filter.statuses) }
        if !filter.channels.isEmpty { query.filter(\.$channel ~~ filter.channels) }
        if let service = filter.serviceCode { query.filter(\.$serviceCode == service) }
        if let classification = filter.classification { query.filter(\.$classification == classification) }
        if let from = filter.receivedFrom { query.filter(\.$receivedAt >= calendar.startOfDay(from)) }
        if let to = filter.receivedTo { query.filter(\.$receivedAt < calendar.startOfDay(to.adding(days: 1))) }
        if let sla = filter.sla { applySLA(sla, to: query, now: now, dueSoonLimit: clock.dueSoonLimit(now: now)) }
        if let search = filter.search?.trimmingCharacters(in: .whitespacesAndNewlines), !search.isEmpty {
            applySearch(search, to: query, identityOfConfidential: viewer.canSeeIdentity(confidential: true))
        }
        if let cursor {
            // `a >= x AND (a > x OR id > y)`: the first part lets both databases seek in the index.
            query.filter(\.$queueDueAt >= cursor.dueAt).group(.or) { after in
                after.filter(\.$queueDueAt > cursor.dueAt).filter(\.$id > cursor.id)
            }
        }
        let rows = try await query.sort(\.$queueDueAt).sort(\.$id).limit(limit + 1).all()

        let shown = rows.prefix(limit)
        let items = shown.map { complaint in
            let deadline = ComplaintSnapshot.deadline(of: complaint)
            return Item(
                complaint: complaint, deadline: deadline,
                sla: clock.position(dueAt: deadline.dueAt, paused: deadline.kind == .paused, now: now),
                identityVisible: viewer.canSeeIdentity(confidential: complaint.confidential))
        }
        var next: Cursor?
        if rows.count > limit, let last = shown.last, let id = last.id {
            next = Cursor(dueAt: last.queueDueAt ?? Self.noDeadline, id: id)
        }
        return Page(items: items, next: next)
    }

    /// The SLA states in SQL, from the stored deadline alone (see `SLAClock.position`).
    private func applySLA(_ sla: SLAState, to query: QueryBuilder<Complaint>, now: Date, dueSoonLimit: Date) {
        let running: [ComplaintStatus] = [.received, .inProgress]
        switch sla {
        case .paused:
            query.filter(\.$status == .needsInfo)
        case .overdue:
            query.filter(\.$status ~~ running).filter(\.$queueDueAt <= now)
        case .dueSoon:
            query.filter(\.$status ~~ running).filter(\.$queueDueAt > now).filter(\.$queueDueAt <= dueSoonLimit)
        case .onTime:
            query.filter(\.$status ~~ running).filter(\.$queueDueAt > dueSoonLimit)
        }
    }

    /// Exact, indexed matches for what looks like an identifier; words otherwise. Word matching scans
    /// (LIKE '%…%'), which is what a search of free text costs without a full-text index.
    private func applySearch(_ text: String, to query: QueryBuilder<Complaint>, identityOfConfidential: Bool) {
        let code = try? TrackingCode(text)
        let digits = text.filter { !" .-".contains($0) }
        let nik = digits.count == 16 && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? digits : nil
        let phone = try? PhoneNumber(text)
        let email = text.contains("@") ? try? EmailAddress(text) : nil
        // `%` and `_` typed by the officer match only themselves (`LikePattern`, with an explicit ESCAPE).
        let words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init).prefix(8)

        query.group(.or) { match in
            if let code { match.filter(\.$trackingCode == code.value) }
            // Identity matches never find a confidential complaint for someone who may not see who complained.
            func identity(_ build: (QueryBuilder<Complaint>) -> Void) {
                if identityOfConfidential {
                    build(match)
                } else {
                    match.group(.and) { visible in
                        visible.filter(\.$confidential == false)
                        build(visible)
                    }
                }
            }
            if let nik { identity { $0.filter(\.$nik == nik) } }
            if let phone { identity { $0.filter(\.$phone == phone.value) } }
            if let email { identity { $0.filter(\.$email == email.value) } }
            // A tracking code, NIK, phone number or e-mail is looked up by its index alone: matching its
            // digits as words of every description would read the whole table (1.3 s at a million rows).
            let identifier = code != nil || nik != nil || phone != nil || email != nil
            if words.isEmpty || identifier {
                if !identifier { match.filter(.sql(raw: "1 = 0")) }
                return
            }
            match.group(.and) { all in
                for word in words {
                    let pattern = LikePattern.containing(word)
                    all.group(.or) { either in
                        either.filter(.sql(Self.lowercased("description", like: pattern)))
                        if identityOfConfidential {
                            either.filter(.sql(Self.lowercased("reporter_name", like: pattern)))
                        } else {
                            either.group(.and) { visible in
                                visible.filter(\.$confidential == false)
                                visible.filter(.sql(Self.lowercased("reporter_name", like: pattern)))
                            }
                        }
                    }
                }
            }
        }
    }

    /// `LOWER(column) LIKE pattern ESCAPE '!'`: case-insensitive on both SQLite and PostgreSQL (whose LIKE
    /// is not); the escape character is named because neither database has one by default that the other
    /// shares (SQLite none, PostgreSQL a backslash).
    private static func lowercased(_ column: String, like pattern: String) -> any SQLExpression {
        SQLLikeEscape(
            left: SQLFunction("LOWER", args: SQLColumn(column, table: Complaint.schema)), pattern: SQLBind(pattern),
            escape: LikePattern.escape)
    }
}

/// `left LIKE pattern ESCAPE 'c'`, which SQLKit has no builder for.
struct SQLLikeEscape: SQLExpression {
    let left: any SQLExpression
    let pattern: any SQLExpression
    let escape: Character

    func serialize(to serializer: inout SQLSerializer) {
        left.serialize(to: &serializer)
        serializer.write(" LIKE ")
        pattern.serialize(to: &serializer)
        // A fixed, single, harmless character: written as a literal, never from input.
        precondition(escape != "'" && escape.isASCII)
        serializer.write(" ESCAPE '\(escape)'")
    }
}

/// Keeps `queue_due_at` equal to the deadline that applies now, whoever saves a complaint (filing,
/// officers' actions, the citizen's answer, the sweep). Bulk updates bypass it: set the column yourself
/// there, with `ComplaintQueue.sortKey(for:)`.
struct ComplaintQueueKeyMiddleware: AsyncModelMiddleware {
    func create(model: Complaint, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.queueDueAt = ComplaintQueue.sortKey(for: model)
        try await next.create(model, on: db)
    }

    func update(model: Complaint, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.queueDueAt = ComplaintQueue.sortKey(for: model)
        try await next.update(model, on: db)
    }
}

extension Data {
    init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }

    func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

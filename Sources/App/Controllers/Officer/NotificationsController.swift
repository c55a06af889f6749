import AduanCore
import Fluent
import Vapor

/// The bell: what the sweep and the other officers had to tell this person. Opening the list marks it read.
struct NotificationsController {
    struct ListView: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let text: String
            let at: String
            let href: String?
            let unread: Bool
        }
        let items: [Item]
        let hasItems: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let userID = try staff.user.requireID()
        let rows = try await Notification.query(on: req.db).filter(\.$user.$id == userID)
            .sort(\.$createdAt, .descending).limit(100).all()
        let complaintIDs = Set(rows.compactMap(\.complaintID))
        let complaints = try await Complaint.query(on: req.db).filter(\.$id ~~ complaintIDs).all()
        let codes = Dictionary(uniqueKeysWithValues: complaints.compactMap { c in c.id.map { ($0, c.trackingCode) } })
        let dates = req.aduan.dateText
        let view = ListView(items: rows.map { row in
            let code = row.complaintID.flatMap { codes[$0] }
            return ListView.Item(
                text: req.text("console.notification.\(row.kind.rawValue)", ["code": code.map { (try? TrackingCode($0))?.display ?? $0 } ?? "-"]),
                at: dates.long(row.createdAt, in: req.language), href: code.map(SitePaths.consoleComplaint), unread: row.readAt == nil)
        }, hasItems: !rows.isEmpty)
        try await Notification.query(on: req.db).filter(\.$user.$id == userID).filter(\.$readAt == nil).set(\.$readAt, to: req.now).update()
        return try await req.consolePage("console-notifications", title: "console.notifications.title", view)
    }
}

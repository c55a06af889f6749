import AduanCore
import Fluent
import Foundation

/// A complaint with what its pages and API answers show: the service, the events meant for the citizen,
/// the documents, and the deadline that applies now.
struct ComplaintSnapshot: Sendable {
    enum DeadlineKind: String, Codable, Sendable {
        /// The first answer of the office, 1 × 24 hours on working days.
        case firstResponse = "first_response"
        /// The resolution target of the service, in working days.
        case resolution
        /// The office waits for the citizen; the clock stands still.
        case paused
        /// Nothing is due: the complaint is finished.
        case none
    }

    struct Deadline: Sendable {
        var kind: DeadlineKind
        var dueAt: Date?
    }

    let complaint: Complaint
    let service: Service?
    let publicEvents: [ComplaintEvent]
    let attachments: [Attachment]

    var deadline: Deadline { Self.deadline(of: complaint) }

    /// The deadline that applies now: the first response until the office answered, then the resolution
    /// target; none while the citizen is awaited or once the complaint is finished.
    static func deadline(of complaint: Complaint) -> Deadline {
        switch complaint.status {
        case .resolved, .closed, .rejected, .withdrawn:
            return Deadline(kind: .none, dueAt: nil)
        case .needsInfo:
            return Deadline(kind: .paused, dueAt: nil)
        case .received, .inProgress:
            if complaint.firstRespondedAt == nil {
                return Deadline(kind: .firstResponse, dueAt: complaint.firstResponseDueAt)
            }
            return Deadline(kind: .resolution, dueAt: complaint.resolutionDueAt)
        }
    }

    static func find(code raw: String, on db: any Database) async throws -> Complaint? {
        guard let code = try? TrackingCode(raw) else { return nil }
        return try await Complaint.query(on: db).filter(\.$trackingCode == code.value).first()
    }

    static func load(_ complaint: Complaint, on db: any Database) async throws -> ComplaintSnapshot {
        let id = try complaint.requireID()
        let service = try await Service.find(complaint.serviceCode, on: db)
        let events = try await ComplaintEvent.query(on: db)
            .filter(\.$complaint.$id == id).filter(\.$visibility == .public)
            .sort(\.$createdAt).all()
        // The citizen's view: a file that belongs to an internal event (a note) is never part of it.
        let publicEvents = Set(events.compactMap(\.id))
        let attachments = try await Attachment.query(on: db)
            .filter(\.$complaint.$id == id).sort(\.$createdAt).all()
            .filter { $0.$event.id.map(publicEvents.contains) ?? true }
        return ComplaintSnapshot(complaint: complaint, service: service, publicEvents: events, attachments: attachments)
    }
}

import AduanCore
import Fluent
import Foundation

/// A period during which the complaint waited for the citizen (`needs_info`): the SLA clock stands still.
final class SLAPause: Model, @unchecked Sendable {
    static let schema = "sla_pauses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "complaint_id") var complaint: Complaint
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?

    init() {}

    init(complaintID: UUID, startedAt: Date) {
        self.$complaint.id = complaintID
        self.startedAt = startedAt
    }

    var pause: Pause { Pause(start: startedAt, end: endedAt) }
}

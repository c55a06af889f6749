import Fluent
import Foundation

/// Proof that an automatic step was taken for a complaint and one of its deadlines. The unique key makes
/// each step happen exactly once, even with several instances sweeping and after restarts: an instance
/// takes a step only if it inserted the mark, in the same transaction.
final class SweepMark: Model, @unchecked Sendable {
    static let schema = "sweep_marks"

    enum Step: String, Codable, Sendable, CaseIterable {
        case firstResponseWarning = "first_response_warning"
        case firstResponseBreach = "first_response_breach"
        case resolutionWarning = "resolution_warning"
        case resolutionBreach = "resolution_breach"
        case withdrawalReminder = "withdrawal_reminder"
        case withdraw
        case autoClose = "auto_close"
        case anonymise
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "complaint_id") var complaintID: UUID
    @Field(key: "step") var step: Step
    /// The deadline the step belongs to (ISO 8601), so a new deadline gets its own warning.
    @Field(key: "deadline") var deadline: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(complaintID: UUID, step: Step, deadline: String, at: Date) {
        self.complaintID = complaintID
        self.step = step
        self.deadline = deadline
        self.createdAt = at
    }
}

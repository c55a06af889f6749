import AduanCore
import Fluent
import Foundation

/// The resolution clock of a complaint: it stops while the office waits for the citizen (`needs_info`)
/// and, when the waiting ends, the target moves by the working time waited. One place for the officers'
/// actions, the citizen's answer and the sweep's steps.
extension Complaint {
    /// The office starts waiting for the citizen.
    func pauseClock(at: Date, on db: any Database) async throws {
        try await SLAPause(complaintID: requireID(), startedAt: at).create(on: db)
        pausedSince = at
        resolutionDueAt = nil
    }

    /// The waiting ends (the citizen answered, or the office closed it): the open pause ends at `at`.
    func resumeClock(at: Date, calendar: WorkingCalendar, on db: any Database) async throws {
        try await SLAPause.query(on: db).filter(\.$complaint.$id == requireID()).filter(\.$endedAt == nil)
            .set(\.$endedAt, to: at).update()
        pausedSince = nil
        try await recomputeResolutionDue(calendar: calendar, on: db)
    }

    /// The resolution target from the receipt, the service's working days and every finished pause.
    func recomputeResolutionDue(calendar: WorkingCalendar, on db: any Database) async throws {
        let pauses = try await SLAPause.query(on: db).filter(\.$complaint.$id == requireID()).sort(\.$startedAt).all().map(\.pause)
        resolutionDueAt = SLAClock(calendar: calendar).deadline(
            startedAt: receivedAt, budget: SLAClock.resolutionBudget(workingDays: resolutionDays), pauses: pauses)
    }
}

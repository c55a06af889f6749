import AduanCore
import Vapor

/// The deadline of a complaint in working-day terms, in words and as a state for colour:
/// "Sisa 3 jam 20 menit", "Terlambat 1 hari kerja 2 jam", "Dijeda (menunggu warga)".
struct SLAText: Encodable, Sendable {
    let state: String
    let words: String
    let dueAt: String?
    let kind: String

    init(_ snapshot: ComplaintSnapshot, calendar: WorkingCalendar, now: Date, request: Request) {
        let deadline = snapshot.deadline
        let position = SLAClock(calendar: calendar).position(dueAt: deadline.dueAt, paused: deadline.kind == .paused, now: now)
        self.init(position: position, deadline: deadline, request: request)
    }

    /// From the position `SLAClock.position(dueAt:paused:now:)` gives (the queue computes it for a page).
    init(position: SLAPosition?, deadline: ComplaintSnapshot.Deadline, request: Request) {
        kind = request.text("deadline.kind.\(deadline.kind.rawValue)")
        dueAt = deadline.dueAt.map { request.aduan.dateText.deadline($0, in: request.language) }
        guard let position else {
            state = "none"
            words = request.text("deadline.none")
            return
        }
        state = position.state.rawValue
        if let left = position.workingSecondsLeft {
            words = request.text(left <= 0 ? "sla.late" : "sla.left", ["time": Self.duration(abs(left), request)])
        } else {
            words = request.text(position.state.messageKey)
        }
    }

    /// Working time as "2 hari kerja 3 jam", "3 jam 20 menit" or "15 menit".
    static func duration(_ seconds: TimeInterval, _ request: Request) -> String {
        let minutes = Int((seconds / 60).rounded(.up))
        let days = minutes / (24 * 60)
        let hours = (minutes % (24 * 60)) / 60
        let rest = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append(request.text("duration.days", ["n": String(days)])) }
        if hours > 0 { parts.append(request.text("duration.hours", ["n": String(hours)])) }
        if days == 0 && (rest > 0 || parts.isEmpty) { parts.append(request.text("duration.minutes", ["n": String(rest)])) }
        return parts.joined(separator: " ")
    }
}

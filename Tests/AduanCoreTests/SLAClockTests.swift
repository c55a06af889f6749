import Foundation
import Testing
@testable import AduanCore

@Suite("SLAClock")
struct SLAClockTests {
    let clock = Fixture.clock

    static func pause(_ start: String, _ end: String?) -> Pause {
        Pause(start: Fixture.instant(start), end: end.map { Fixture.instant($0) })
    }

    struct DeadlineCase: Sendable, CustomTestStringConvertible {
        let name: String
        let started: String
        let pauses: [Pause]
        let due: String?
        var testDescription: String { name }
    }

    @Test(arguments: [
        DeadlineCase(name: "no pause", started: "2026-03-13 14:00", pauses: [], due: "2026-03-16 14:00"),
        DeadlineCase(name: "pause overnight", started: "2026-03-09 09:00",
                     pauses: [pause("2026-03-09 12:00", "2026-03-10 10:00")], due: "2026-03-11 07:00"),
        DeadlineCase(name: "pause over a weekend", started: "2026-03-05 14:00",
                     pauses: [pause("2026-03-06 10:00", "2026-03-09 11:00")], due: "2026-03-09 15:00"),
        DeadlineCase(name: "pause only on the weekend", started: "2026-03-13 14:00",
                     pauses: [pause("2026-03-14 10:00", "2026-03-15 20:00")], due: "2026-03-16 14:00"),
        DeadlineCase(name: "pause ending on a Saturday", started: "2026-03-05 09:00",
                     pauses: [pause("2026-03-05 12:00", "2026-03-07 10:00")], due: "2026-03-09 21:00"),
        DeadlineCase(name: "pause over Idulfitri", started: "2026-03-16 09:00",
                     pauses: [pause("2026-03-16 12:00", "2026-03-25 10:00")], due: "2026-03-26 07:00"),
        DeadlineCase(name: "overlapping pauses count once", started: "2026-03-09 09:00",
                     pauses: [pause("2026-03-09 12:00", "2026-03-09 15:00"), pause("2026-03-09 14:00", "2026-03-09 16:00")],
                     due: "2026-03-10 13:00"),
        DeadlineCase(name: "pause before the start is clipped", started: "2026-03-09 09:00",
                     pauses: [pause("2026-03-09 08:00", "2026-03-09 10:00")], due: "2026-03-10 10:00"),
        DeadlineCase(name: "unsorted pauses; budget ends as the second begins", started: "2026-03-09 09:00",
                     pauses: [pause("2026-03-10 10:00", "2026-03-10 11:00"), pause("2026-03-09 10:00", "2026-03-09 11:00")],
                     due: "2026-03-10 10:00"),
        DeadlineCase(name: "pause after the deadline", started: "2026-03-09 09:00",
                     pauses: [pause("2026-03-11 10:00", "2026-03-11 12:00")], due: "2026-03-10 09:00"),
        DeadlineCase(name: "open pause", started: "2026-03-09 09:00",
                     pauses: [pause("2026-03-09 12:00", nil)], due: nil),
        DeadlineCase(name: "closed and open pause", started: "2026-03-09 09:00",
                     pauses: [pause("2026-03-09 10:00", "2026-03-09 11:00"), pause("2026-03-09 12:00", nil)], due: nil),
    ])
    func deadline(_ row: DeadlineCase) {
        let started = Fixture.instant(row.started)

        let deadline = clock.deadline(startedAt: started, budget: SLAClock.firstResponseBudget, pauses: row.pauses)

        #expect(deadline == row.due.map { Fixture.instant($0) })
        if let deadline {
            #expect(clock.remaining(startedAt: started, budget: SLAClock.firstResponseBudget, pauses: row.pauses, now: deadline) == 0)
        }
    }

    struct StateCase: Sendable, CustomTestStringConvertible {
        let started: String
        let pauses: [Pause]
        let now: String
        let remaining: TimeInterval
        let state: SLAState
        var testDescription: String { "\(started) at \(now)" }
    }

    @Test(arguments: [
        // Received Friday 14:00, due Monday 14:00.
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-13 13:00", remaining: 86_400, state: .onTime),
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-13 15:00", remaining: 23 * 3600, state: .onTime),
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-14 12:00", remaining: 14 * 3600, state: .onTime),
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-16 09:00", remaining: 5 * 3600, state: .onTime),
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-16 10:00", remaining: 4 * 3600, state: .dueSoon),
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-16 13:59", remaining: 60, state: .dueSoon),
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-16 14:00", remaining: 0, state: .overdue),
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-16 15:00", remaining: -3600, state: .overdue),
        StateCase(started: "2026-03-13 14:00", pauses: [], now: "2026-03-21 12:00", remaining: -34 * 3600, state: .overdue),
        // Received just before Nyepi and Idulfitri: the clock stands still for a week.
        StateCase(started: "2026-03-17 09:00", pauses: [], now: "2026-03-24 23:00", remaining: 9 * 3600, state: .onTime),
        StateCase(started: "2026-03-17 09:00", pauses: [], now: "2026-03-25 06:00", remaining: 3 * 3600, state: .dueSoon),
        StateCase(started: "2026-03-17 09:00", pauses: [], now: "2026-03-25 09:00", remaining: 0, state: .overdue),
        // Waiting for the citizen from Monday 12:00 to Tuesday 10:00.
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-09 12:00", "2026-03-10 10:00")],
                  now: "2026-03-09 11:00", remaining: 22 * 3600, state: .onTime),
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-09 12:00", "2026-03-10 10:00")],
                  now: "2026-03-09 20:00", remaining: 21 * 3600, state: .paused),
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-09 12:00", "2026-03-10 10:00")],
                  now: "2026-03-10 10:00", remaining: 21 * 3600, state: .onTime),
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-09 12:00", "2026-03-10 10:00")],
                  now: "2026-03-11 06:00", remaining: 3600, state: .dueSoon),
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-09 12:00", "2026-03-10 10:00")],
                  now: "2026-03-11 07:00", remaining: 0, state: .overdue),
        // Still waiting: remaining time is frozen.
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-09 12:00", nil)],
                  now: "2026-03-10 12:00", remaining: 21 * 3600, state: .paused),
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-09 12:00", nil)],
                  now: "2026-03-20 12:00", remaining: 21 * 3600, state: .paused),
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-09 12:00", nil)],
                  now: "2026-03-09 11:00", remaining: 22 * 3600, state: .onTime),
        // Paused after the deadline: shown as paused, with the overdue time frozen.
        StateCase(started: "2026-03-09 09:00", pauses: [pause("2026-03-11 10:00", nil)],
                  now: "2026-03-12 12:00", remaining: -25 * 3600, state: .paused),
    ])
    func remainingAndState(_ row: StateCase) {
        let started = Fixture.instant(row.started), now = Fixture.instant(row.now)
        let budget = SLAClock.firstResponseBudget

        let remaining = clock.remaining(startedAt: started, budget: budget, pauses: row.pauses, now: now)
        let state = clock.state(startedAt: started, budget: budget, pauses: row.pauses, now: now)

        #expect(remaining == row.remaining)
        #expect(state == row.state)
    }

    @Test(arguments: [(3600.0, SLAState.onTime), (5 * 3600, .dueSoon), (6 * 3600, .dueSoon)])
    func warningWindowIsConfigurable(window: TimeInterval, state: SLAState) {
        // 5 working hours left.
        let result = clock.state(
            startedAt: Fixture.instant("2026-03-13 14:00"), budget: SLAClock.firstResponseBudget, pauses: [],
            now: Fixture.instant("2026-03-16 09:00"), dueSoonWithin: window)

        #expect(result == state)
    }

    @Test func resolutionBudgetUsesWorkingDays() {
        let started = Fixture.instant("2026-12-22 10:00")

        let deadline = clock.deadline(startedAt: started, budget: SLAClock.resolutionBudget(workingDays: 3), pauses: [])

        #expect(SLAClock.firstResponseBudget == 86_400)
        #expect(SLAClock.resolutionBudget(workingDays: 10) == 864_000)
        // 12-22 (14 h), 12-23, [12-24 CB, 12-25 LN, weekend], 12-28, 12-29 (10 h).
        #expect(deadline == Fixture.instant("2026-12-29 10:00"))
    }

    @Test func stateKeys() {
        #expect(SLAState.allCases.map(\.messageKey) == ["sla.on_time", "sla.due_soon", "sla.overdue", "sla.paused"])
    }
}

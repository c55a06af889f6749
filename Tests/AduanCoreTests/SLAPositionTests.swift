import Foundation
import Testing
@testable import AduanCore

@Suite("SLAClock.position: the state from the deadline alone")
struct SLAPositionTests {
    let clock = Fixture.clock

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let now: String
        let due: String
        let state: SLAState
        let secondsLeft: TimeInterval
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "a day ahead", now: "2026-03-09 10:00", due: "2026-03-10 10:00", state: .onTime, secondsLeft: 24 * 3600),
        Case(name: "just over four hours", now: "2026-03-10 05:59", due: "2026-03-10 10:00", state: .onTime, secondsLeft: 4 * 3600 + 60),
        Case(name: "four hours exactly", now: "2026-03-10 06:00", due: "2026-03-10 10:00", state: .dueSoon, secondsLeft: 4 * 3600),
        Case(name: "over a weekend: Friday 22:00 to Monday 01:00", now: "2026-03-13 22:00", due: "2026-03-16 01:00", state: .dueSoon, secondsLeft: 3 * 3600),
        Case(name: "at the deadline", now: "2026-03-10 10:00", due: "2026-03-10 10:00", state: .overdue, secondsLeft: 0 * 3600),
        Case(name: "a weekend later, still one working hour late", now: "2026-03-16 00:00", due: "2026-03-13 23:00", state: .overdue, secondsLeft: -1 * 3600),
    ])
    func position(_ c: Case) {
        let position = clock.position(dueAt: Fixture.instant(c.due), paused: false, now: Fixture.instant(c.now))
        #expect(position?.state == c.state)
        #expect(position?.workingSecondsLeft == c.secondsLeft)
    }

    @Test("paused stands still; finished has no clock")
    func pausedAndFinished() {
        let now = Fixture.instant("2026-03-10 10:00")
        #expect(clock.position(dueAt: nil, paused: true, now: now) == SLAPosition(state: .paused, workingSecondsLeft: nil))
        #expect(clock.position(dueAt: nil, paused: false, now: now) == nil)
    }

    @Test("the due-soon limit agrees with the state: later deadlines are on time")
    func limitAgrees() {
        let now = Fixture.instant("2026-03-13 22:00")
        let limit = clock.dueSoonLimit(now: now)
        #expect(limit == Fixture.instant("2026-03-16 02:00"))
        #expect(clock.position(dueAt: limit, paused: false, now: now)?.state == .dueSoon)
        #expect(clock.position(dueAt: limit.addingTimeInterval(1), paused: false, now: now)?.state == .onTime)
    }
}

@Suite("Channel references of complaints entered by officers")
struct ChannelReferenceTests {
    @Test(arguments: [
        (ComplaintChannel.lapor, "LAPOR-3921847", Optional("LAPOR-3921847")),
        (.instagram, " https://www.instagram.com/p/Cx1 ", "https://www.instagram.com/p/Cx1"),
        (.telephone, "", nil),
        (.walkIn, "loket 2", "loket 2"),
    ])
    func accepted(channel: ComplaintChannel, raw: String, kept: String?) throws {
        #expect(try channel.validReference(raw) == kept)
    }

    @Test(arguments: [
        (ComplaintChannel.lapor, "", ChannelReferenceError.required),
        (.tiktok, "  ", .required),
        (.facebook, "lihat pesan", .notALink),
        (.whatsapp, String(repeating: "x", count: 501), .invalid),
    ])
    func refused(channel: ComplaintChannel, raw: String, error: ChannelReferenceError) {
        #expect(throws: error) { try channel.validReference(raw) }
    }

    @Test("the citizen's own channels are not for officers")
    func officerChannels() {
        #expect(!ComplaintChannel.officerEntered.contains(.web))
        #expect(!ComplaintChannel.officerEntered.contains(.api))
        #expect(ComplaintChannel.officerEntered.count == ComplaintChannel.allCases.count - 2)
    }
}

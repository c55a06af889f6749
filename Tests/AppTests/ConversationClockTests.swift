import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("The clock while the office waits for the citizen")
struct ConversationClockTests {
    @Test("a request for information pauses the clock until the citizen answers", arguments: TestDatabase.available)
    func needsInfoPausesClock(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let complaint = try await aduan.complaint(code)
            // Received Monday 10:00; the resolution target of KTP-el is 5 working days: Monday 7 December 10:00.
            #expect(complaint.resolutionDueAt == mondayMorning.addingTimeInterval(7 * 86_400))

            // Tuesday 10:00 the office asks for a clearer KTP-el photo.
            aduan.clock.advance(by: 86_400)
            try await aduan.act(.requestInfo, "Mohon kirim foto KTP-el yang lebih jelas.", on: complaint)
            let paused = try await aduan.complaint(code)
            #expect(paused.status == .needsInfo)
            #expect(paused.firstRespondedAt == mondayMorning.addingTimeInterval(86_400))
            #expect(paused.resolutionDueAt == nil)

            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)") { response in
                let view = try response.content.decode(CitizenAPITests.View.self)
                #expect(view.status == "needs_info")
                #expect(view.deadline.kind == "paused")
                #expect(view.deadline.due_at == nil)
            }

            // The citizen answers on Thursday 10:00: two working days of pause.
            aduan.clock.advance(by: 2 * 86_400)
            try await aduan.service.addCitizenMessage(paused, message: "Ini fotonya.", uploads: [], address: nil)
            let resumed = try await aduan.complaint(code)
            #expect(resumed.status == .inProgress)
            #expect(resumed.pausedSince == nil)
            // Monday 7 December + 2 working days = Wednesday 9 December 10:00.
            #expect(resumed.resolutionDueAt == mondayMorning.addingTimeInterval(9 * 86_400))
            let pauses = try await SLAPause.query(on: aduan.app.db).all()
            #expect(pauses.count == 1)
            #expect(pauses.first?.endedAt == mondayMorning.addingTimeInterval(3 * 86_400))
        }
    }

    @Test("the timeline shows each step, and the history is never rewritten")
    func timelineKeepsHistory() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.act(.requestInfo, "Lampirkan surat pindah.", on: try await aduan.complaint(code))
            try await aduan.service.addCitizenMessage(try await aduan.complaint(code), message: "Terlampir.", uploads: [], address: nil)

            let events = try await ComplaintEvent.query(on: aduan.app.db).sort(\.$createdAt).all()
            #expect(events.map(\.action) == [.submit, .requestInfo, .citizenReply])
            #expect(events.map(\.toStatus) == [.received, .needsInfo, .inProgress])
            #expect(events.map(\.fromStatus) == [nil, .received, .needsInfo])
        }
    }

    @Test("a citizen cannot write to a closed complaint")
    func closedComplaintRefusesReplies() async throws {
        try await withAduan { aduan in
            let code = try await aduan.fileComplaint()
            let complaint = try await aduan.complaint(code)
            complaint.status = .closed
            try await complaint.save(on: aduan.app.db)

            await #expect(throws: LifecycleError.self) {
                try await aduan.service.addCitizenMessage(complaint, message: "Halo?", uploads: [], address: nil)
            }
        }
    }
}

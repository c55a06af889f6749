import AduanCore
import Fluent
import Foundation
import Testing
@testable import App

/// The sweep's part for chats: an intake left unanswered ends with a message while the window still lets
/// it go, its files go a day later, and a chat handed to an officer is let go after a quiet week.
@Suite("Chat sweep")
struct ChatSweepTests {
    @Test("An unanswered intake ends with a message after 23 hours; its files go a day later", arguments: TestDatabase.available)
    func idleIntake(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        try await withAduan(database, environment: ChatFlowTests.environment(graph)) { aduan in
            var citizen = TestWhatsAppCitizen(aduan, graph: graph)
            try await citizen.text("Halo")
            try await citizen.button("menu:complaint")
            try await citizen.listRow("svc:kk")
            try await citizen.text(Fixture.description)
            try await citizen.text(Fixture.name)
            try await citizen.text(Fixture.nik)
            try await citizen.text(Fixture.kk)
            try await citizen.image(Fixture.jpeg(seed: 31))
            #expect(try await citizen.step() == "ktpPhoto")
            let drafts = { try await Attachment.query(on: aduan.app.db).filter(\.$draftToken =~ ChatTurns.draftPrefix).count() }
            #expect(try await drafts() == 1, "the KK photo is kept for the intake")

            let sweep = ChatSweep(db: aduan.app.db, context: aduan.app.aduan)
            aduan.clock.advance(by: 22 * 3600)
            #expect(try await sweep.run().ended == 0, "22 hours: still waiting")
            aduan.clock.advance(by: 3600 + 60)
            #expect(try await sweep.run().ended == 1)
            try await aduan.app.jobRunner.runUntilIdle()
            #expect(try await citizen.step() == nil)
            let expired = aduan.app.aduan.catalogue.text("chat.expired", .id)
            #expect(TestWhatsAppCitizen.words(try await citizen.last()) == expired, "the citizen is told, inside the window")
            #expect(try await drafts() == 1, "the files stay for a day")

            aduan.clock.advance(by: 86_400)
            let later = try await sweep.run()
            #expect(later.filesRemoved == 1 && later.ended == 0)
            #expect(try await drafts() == 0)
        }
    }

    @Test("A chat handed to an officer that became no complaint leaves the list after a quiet week", arguments: TestDatabase.available)
    func handOverReleased(database: TestDatabase) async throws {
        let graph = try await TestGraphServer.shared()
        try await withAduan(database, environment: ChatFlowTests.environment(graph)) { aduan in
            var citizen = TestWhatsAppCitizen(aduan, graph: graph)
            try await citizen.text("Halo")
            try await citizen.button("menu:officer")
            let waiting = { try await ChatConversation.query(on: aduan.app.db).filter(\.$citizen == citizen.waID).first()?.waitingSince }
            #expect(try await waiting() != nil, "waiting for an officer")
            let sweep = ChatSweep(db: aduan.app.db, context: aduan.app.aduan)
            aduan.clock.advance(by: 6 * 86_400)
            _ = try await sweep.run()
            #expect(try await waiting() != nil, "six days: still in the list")
            aduan.clock.advance(by: 2 * 86_400)
            _ = try await sweep.run()
            #expect(try await waiting() == nil, "a quiet week: let go")
        }
    }
}

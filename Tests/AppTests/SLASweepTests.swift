import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("The SLA sweep: warnings, escalation, withdrawal, closing — each exactly once")
struct SLASweepTests {
    @discardableResult
    func sweep(_ aduan: TestAduan) async throws -> SLASweep.Outcome {
        try await SLASweep(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger).run()
    }

    func notifications(_ aduan: TestAduan, _ username: String, _ kind: App.Notification.Kind) async throws -> Int {
        let user = try #require(try await User.query(on: aduan.app.db).filter(\.$username == username).first())
        return try await App.Notification.query(on: aduan.app.db).filter(\.$user.$id == user.requireID()).filter(\.$kind == kind).count()
    }

    @Test("the officer is warned before the first-response deadline and the pimpinan is told at the breach, once each", arguments: TestDatabase.available)
    func warnsAndEscalatesOnce(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            try await aduan.createUser("petugas", role: .pengelola)
            try await aduan.createUser("kadis", role: .pimpinan)
            _ = try await aduan.fileComplaint() // Monday 10:00, due Tuesday 10:00.

            #expect(try await sweep(aduan) == SLASweep.Outcome())
            aduan.clock.advance(by: 21 * 3600) // Tuesday 07:00: 3 hours left.
            #expect(try await sweep(aduan) == SLASweep.Outcome(warnings: 1))
            #expect(try await sweep(aduan) == SLASweep.Outcome(), "a warning is given once")
            #expect(try await notifications(aduan, "petugas", .dueSoon) == 1)
            #expect(try await notifications(aduan, "kadis", .dueSoon) == 0)

            aduan.clock.advance(by: 3 * 3600 + 1) // Tuesday 10:00:01: breached.
            #expect(try await sweep(aduan) == SLASweep.Outcome(breaches: 1))
            #expect(try await sweep(aduan) == SLASweep.Outcome())
            #expect(try await notifications(aduan, "kadis", .breached) == 1)
            #expect(try await notifications(aduan, "petugas", .breached) == 1)
        }
    }

    @Test("after a restart, and with two instances sweeping at once, no step is repeated")
    func exactlyOnceAcrossInstances() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-sweep-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let environment = StaffAuthTests.fastHashing.merging(["ADUAN_DATA_DIR": dataDirectory]) { a, _ in a }
        let late = mondayMorning.addingTimeInterval(2 * 86_400)
        try await withAduan(environment: environment) { aduan in
            try await aduan.createUser("kadis", role: .pimpinan)
            _ = try await aduan.fileComplaint()
            _ = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 2222 3333"]))
            aduan.clock.set(late)
            async let first = sweep(aduan)
            async let second = sweep(aduan)
            let outcomes = try await [first, second]
            #expect(outcomes.map(\.breaches).reduce(0, +) == 2)
        }
        try await withAduan(at: late.addingTimeInterval(60), environment: environment) { aduan in
            let outcome = try await sweep(aduan)
            #expect(outcome == SLASweep.Outcome())
            let breaches = try await notifications(aduan, "kadis", .breached)
            #expect(breaches == 2)
        }
    }

    @Test("the first answer moves the clock to the resolution target, with its own warning")
    func resolutionDeadline() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.act(.reply, "Sedang kami periksa.", on: try await aduan.complaint(code))
            // Resolution due Monday 7 December 10:00; warned on that Monday at 06:00 or later.
            aduan.clock.set(mondayMorning.addingTimeInterval(7 * 86_400 - 3 * 3600))
            #expect(try await sweep(aduan) == SLASweep.Outcome(warnings: 1))
            #expect(try await notifications(aduan, "petugas", .dueSoon) == 1, "the officer who answered took it up")
        }
    }

    @Test("a complaint waiting 30 days for the citizen is withdrawn, once", arguments: TestDatabase.available)
    func withdrawsAfterThirtyDays(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            try await aduan.act(.requestInfo, "Kirim foto KK yang terbaru.", on: try await aduan.complaint(code))
            aduan.clock.advance(by: 29 * 86_400)
            #expect(try await sweep(aduan).withdrawn == 0)
            aduan.clock.advance(by: 86_400 + 1)
            #expect(try await sweep(aduan).withdrawn == 1)
            #expect(try await sweep(aduan).withdrawn == 0)
            let complaint = try await aduan.complaint(code)
            #expect(complaint.status == .withdrawn)
            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)") { response in
                let view = try response.content.decode(CitizenAPITests.View.self)
                #expect(view.timeline.last?.type == "withdraw")
                #expect(view.status_label == "Dicabut")
            }
        }
    }

    @Test("a resolved complaint closes after 10 working days without a reply; a reply keeps it open")
    func closesResolvedComplaints() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let quiet = try await aduan.fileComplaint()
            let answered = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 2222 3333", "service": "kk"]))
            for code in [quiet, answered] {
                try await aduan.act(.resolve, "KTP-el Anda sudah dicetak dan dapat diambil.", on: try await aduan.complaint(code))
            }
            aduan.clock.advance(by: 86_400)
            try await aduan.service.addCitizenMessage(try await aduan.complaint(answered), message: "Belum bisa diambil.", uploads: [], address: nil)

            // Monday + 10 working days = Monday two weeks later, 10:00.
            aduan.clock.set(mondayMorning.addingTimeInterval(14 * 86_400 - 60))
            #expect(try await sweep(aduan).closed == 0)
            aduan.clock.set(mondayMorning.addingTimeInterval(14 * 86_400 + 60))
            #expect(try await sweep(aduan).closed == 1)
            #expect(try await aduan.complaint(quiet).status == .closed)
            #expect(try await aduan.complaint(answered).status == .inProgress)
            #expect(try await sweep(aduan).closed == 0)
        }
    }

    @Test("at the end of the retention period a finished complaint loses its personal data and files, once", arguments: TestDatabase.available)
    func anonymisesAfterRetention(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let finished = try await aduan.fileComplaint()
            let open = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 2222 3333"], documents: []))
            try await aduan.act(.resolve, "KTP-el sudah dicetak.", on: try await aduan.complaint(finished))
            try await aduan.act(.close, on: try await aduan.complaint(finished))
            let hashes = try await Attachment.query(on: aduan.app.db).all().map(\.sha256)
            #expect(hashes.allSatisfy { aduan.app.aduan.store.exists($0) })

            aduan.clock.advance(by: 2 * 365 * 86_400)
            #expect(try await sweep(aduan).anonymised == 0, "two years to the day is not yet past the period")
            aduan.clock.advance(by: 2 * 86_400)
            #expect(try await sweep(aduan).anonymised == 1)
            #expect(try await sweep(aduan).anonymised == 0)

            let complaint = try await aduan.complaint(finished)
            #expect(complaint.nik == nil && complaint.kkNumber == nil && complaint.phone == nil && complaint.email == nil)
            #expect(complaint.reporterName == SLASweep.anonymisedName)
            #expect(complaint.description == SLASweep.anonymisedName)
            #expect(complaint.status == .closed)
            #expect(try await Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.id).count() == 0)
            let openComplaint = try await aduan.complaint(open)
            #expect(openComplaint.nik == Fixture.nik, "an open complaint keeps its data")
            // The files only the finished complaint held are gone; the open complaint's photos stay.
            let kept = try await Attachment.query(on: aduan.app.db).all().map(\.sha256)
            for hash in hashes { #expect(aduan.app.aduan.store.exists(hash) == kept.contains(hash)) }
            // The tracking code still shows the status and the steps.
            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(finished)") { response in
                #expect(response.status == .ok)
                #expect(!response.body.string.contains(Fixture.name))
            }
        }
    }

    @Test("files kept for a form never completed are removed after a day")
    func purgesDrafts() async throws {
        try await withAduan { aduan in
            let form = Fixture.complaintForm(overriding: ["nik": "1234"], kkPhoto: nil, ktpPhoto: nil, documents: [Fixture.pdf + [0x42]])
            try await aduan.app.testing().test(.POST, "/pengaduan", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .unprocessableEntity)
            }
            let draft = try #require(try await Attachment.query(on: aduan.app.db).filter(\.$draftToken != nil).first())
            #expect(aduan.app.aduan.store.exists(draft.sha256))
            aduan.clock.advance(by: 23 * 3600)
            try await sweep(aduan)
            #expect(try await Attachment.query(on: aduan.app.db).count() == 1)
            aduan.clock.advance(by: 2 * 3600)
            try await sweep(aduan)
            #expect(try await Attachment.query(on: aduan.app.db).count() == 0)
            #expect(!aduan.app.aduan.store.exists(draft.sha256))
        }
    }
}

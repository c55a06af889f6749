import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App
#if canImport(Glibc)
import Glibc
#endif

@Suite("Orphan files and drafts: only the collector deletes, and only what nothing refers to")
struct OrphanFileTests {
    func collect(_ aduan: TestAduan) async throws -> OrphanFileCollector.Outcome {
        try await OrphanFileCollector(db: aduan.app.db, store: aduan.app.aduan.store, logger: aduan.app.logger).run(now: aduan.clock.now())
    }

    /// Stores `bytes` as an upload would, with the clock at `at`.
    func storeFile(_ aduan: TestAduan, _ bytes: [UInt8], at: Date) throws -> String {
        let now = aduan.clock.now()
        aduan.clock.set(at)
        defer { aduan.clock.set(now) }
        return try aduan.app.aduan.store.store(DocumentInspector.prepare(bytes)).sha256
    }

    func writeTemporary(_ aduan: TestAduan, _ name: String, modified: Date) throws {
        let path = aduan.app.aduan.store.temporaryFolder + "/" + name
        try Data("half-written".utf8).write(to: URL(fileURLWithPath: path))
        let seconds = Int(modified.timeIntervalSince1970)
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    func temporaryExists(_ aduan: TestAduan, _ name: String) -> Bool {
        FileManager.default.fileExists(atPath: aduan.app.aduan.store.temporaryFolder + "/" + name)
    }

    @Test("identical uploads in two complaints: when one complaint's rows go, the other's bytes stay", arguments: TestDatabase.available)
    func sharedFileSurvives(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let first = try await aduan.fileComplaint()
            let second = try await aduan.fileComplaint()
            let secondComplaint = try await aduan.complaint(second)
            let kept = try await App.Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == secondComplaint.id).all()
            let before = try kept.map { try aduan.app.aduan.store.read($0.sha256) }
            #expect(kept.count == 3)

            try await SLASweep.anonymise(try await aduan.complaint(first), on: aduan.app.db)
            aduan.clock.advance(by: 2 * 3600)
            let outcome = try await collect(aduan)

            #expect(outcome.removed == 0, "every file is still the second complaint's")
            let after = try kept.map { try aduan.app.aduan.store.read($0.sha256) }
            #expect(after == before)
        }
    }

    @Test("files nothing refers to are removed once an hour old; younger ones and referenced ones stay", arguments: TestDatabase.available)
    func removesOldOrphansOnly(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let now = aduan.clock.now()
            aduan.clock.set(now.addingTimeInterval(-3 * 3600))
            let code = try await aduan.fileComplaint(Fixture.complaintForm(documents: []))
            aduan.clock.set(now)
            let referenced = try #require(try await App.Attachment.query(on: aduan.app.db).first()).sha256
            let old = try storeFile(aduan, Fixture.jpeg(seed: 10), at: now.addingTimeInterval(-3601))
            let young = try storeFile(aduan, Fixture.jpeg(seed: 11), at: now.addingTimeInterval(-1800))

            let outcome = try await collect(aduan)

            #expect(outcome.removed == 1)
            #expect(!aduan.app.aduan.store.exists(old))
            #expect(aduan.app.aduan.store.exists(young), "a young file may belong to a filing not committed yet")
            #expect(aduan.app.aduan.store.exists(referenced))
            #expect(try await aduan.complaint(code).status == .received)
        }
    }

    @Test("an upload of bytes already stored refreshes the file, so the collector leaves it for the new row")
    func identicalUploadRefreshes() async throws {
        try await withAduan { aduan in
            let now = aduan.clock.now()
            let orphan = try storeFile(aduan, Fixture.jpeg(seed: 12), at: now.addingTimeInterval(-5 * 3600))
            let again = try storeFile(aduan, Fixture.jpeg(seed: 12), at: now)
            #expect(again == orphan)

            #expect(try await collect(aduan).removed == 0)
            #expect(aduan.app.aduan.store.exists(orphan))
        }
    }

    @Test("what a crash left in files/tmp goes once an hour old; a file taken aside and still wanted goes back")
    func cleansTemporaryFolder() async throws {
        try await withAduan { aduan in
            let now = aduan.clock.now()
            let code = try await aduan.fileComplaint(Fixture.complaintForm(documents: []))
            let wanted = try #require(try await App.Attachment.query(on: aduan.app.db).first()).sha256
            let store = aduan.app.aduan.store
            // A collector stopped half-way left a referenced file aside.
            try FileManager.default.moveItem(atPath: store.path(for: wanted), toPath: store.temporaryFolder + "/" + AttachmentStore.asideName(wanted))
            try writeTemporary(aduan, "interrupted-old", modified: now.addingTimeInterval(-2 * 3600))
            try writeTemporary(aduan, "interrupted-young", modified: now.addingTimeInterval(-60))
            aduan.clock.advance(by: 2 * 3600)
            try writeTemporary(aduan, "interrupted-now", modified: aduan.clock.now())

            let outcome = try await collect(aduan)

            #expect(outcome.temporaryRemoved == 2)
            #expect(!temporaryExists(aduan, "interrupted-old") && !temporaryExists(aduan, "interrupted-young"))
            #expect(temporaryExists(aduan, "interrupted-now"))
            #expect(store.exists(wanted), "the file its complaint (\(code)) refers to is back in place")
        }
    }

    @Test("expired drafts are purged by the sweep in bounded batches, however many there are", arguments: TestDatabase.available)
    func purgesDraftsInBatches(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let count = ComplaintService.draftPurgeBatch * 2 + 37
            let stored = StoredFile(sha256: String(repeating: "a", count: 64), type: .pdf, size: 10, isNew: true)
            let old = aduan.clock.now().addingTimeInterval(-2 * 86_400)
            try await aduan.app.db.transaction { db in
                let drafts = (0..<count).map { index -> App.Attachment in
                    let draft = App.Attachment(kind: .document, stored: stored, originalName: "surat.pdf", uploadedBy: .citizen, at: old)
                    draft.draftToken = "token-\(index % 40)"
                    return draft
                }
                try await drafts.create(on: db)
                let fresh = App.Attachment(kind: .document, stored: stored, originalName: "baru.pdf", uploadedBy: .citizen, at: aduan.clock.now())
                fresh.draftToken = "fresh"
                try await fresh.create(on: db)
            }

            let outcome = try await SLASweep(db: aduan.app.db, context: aduan.app.aduan, logger: aduan.app.logger).run()

            #expect(outcome.draftFilesExpired == count)
            #expect(try await App.Attachment.query(on: aduan.app.db).all().map(\.draftToken) == ["fresh"])
        }
    }
}

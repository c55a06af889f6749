import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Backup and restore: the database and the documents, round trip")
struct BackupRestoreTests {
    /// An Aduan set up for one command (no migrations, no sweep), as `aduan restore` runs.
    func withCommandApp(_ command: String, environment: [String: String], _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(Environment(name: "testing", arguments: ["aduan", command]))
        do {
            try await configure(app, environment: environment, clock: ManualClock(mondayMorning))
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("a complaint with its documents comes back byte-identical in a new installation; a full one is refused without --force",
          arguments: TestDatabase.available)
    func roundTrip(database: TestDatabase) async throws {
        let backup = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-backup-\(UUID().uuidString)").path
        let restored = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-restored-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: backup)
            try? FileManager.default.removeItem(atPath: restored)
        }
        var code = ""
        var documents: [String: Data] = [:]
        try await withAduan(database) { aduan in
            code = try await aduan.fileComplaint()
            let complaint = try await aduan.complaint(code)
            for attachment in try await App.Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.id).all() {
                documents[attachment.sha256] = try aduan.app.aduan.store.read(attachment.sha256)
            }
            let said = try await BackupCommand.backup(aduan.app, into: backup)
            #expect(said.contains("3 documents"))
            #expect(FileManager.default.fileExists(atPath: backup + "/manifest.json"))
        }
        #expect(documents.count == 3)

        var environment = ["ADUAN_DATA_DIR": restored, "ADUAN_SWEEP_SECONDS": "0"]
        var scratch: String?
        if database == .postgres, let server = TestDatabase.serverURL {
            let name = "aduan_r_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
            try await PostgresAdmin.run("CREATE DATABASE \(name)", serverURL: server)
            scratch = name
            environment["DATABASE_URL"] = PostgresAdmin.url(server, database: name)
        }
        defer {
            if let scratch, let server = TestDatabase.serverURL {
                Task { try? await PostgresAdmin.run("DROP DATABASE IF EXISTS \(scratch) WITH (FORCE)", serverURL: server) }
            }
        }

        try await withCommandApp("restore", environment: environment) { app in
            let said = try await RestoreCommand.restore(app, from: backup, force: false)
            #expect(said.contains("3 documents"))
        }
        try await withCommandApp("restore", environment: environment) { app in
            await #expect(throws: BackupLayout.Failure.self, "an installation with data is not overwritten") {
                try await RestoreCommand.restore(app, from: backup, force: false)
            }
        }

        try await withAduan(.sqlite, environment: environment) { aduan in
            let complaint = try await aduan.complaint(code)
            #expect(complaint.nik == Fixture.nik)
            let attachments = try await App.Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.id).all()
            #expect(Set(attachments.map(\.sha256)) == Set(documents.keys))
            for attachment in attachments {
                #expect(try aduan.app.aduan.store.read(attachment.sha256) == documents[attachment.sha256])
            }
        }
    }
}

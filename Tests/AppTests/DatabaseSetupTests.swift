import Fluent
import FluentSQLiteDriver
import Foundation
import Logging
import SQLKit
import Testing
import Vapor
@testable import App

@Suite("Database setup: SQLite pragmas on every connection, SQL never logged in production")
struct DatabaseSetupTests {
    @Test("every pooled SQLite connection runs in WAL with synchronous=FULL, a busy timeout and foreign keys")
    func sqlitePragmas() async throws {
        try await withAduan { aduan in
            var loops = 0
            for loop in aduan.app.eventLoopGroup.makeIterator() {
                loops += 1
                let sql = try #require(aduan.app.databases.database(.sqlite, logger: aduan.app.logger, on: loop) as? any SQLDatabase)
                func pragma(_ name: String, column: String) async throws -> String? {
                    let row = try await sql.raw(SQLQueryString("PRAGMA \(unsafeRaw: name)")).first()
                    return try row.map { row in
                        try (try? row.decode(column: column, as: String.self)) ?? String(row.decode(column: column, as: Int.self))
                    }
                }
                #expect(try await pragma("journal_mode", column: "journal_mode") == "wal")
                #expect(try await pragma("synchronous", column: "synchronous") == "2", "FULL")
                #expect(try await pragma("busy_timeout", column: "timeout") == String(DatabaseSetup.sqliteBusyTimeoutMilliseconds))
                #expect(try await pragma("foreign_keys", column: "foreign_keys") == "1")
            }
            #expect(loops >= 1)
        }
    }

    @Test("in production the database loggers stay at debug or above, so trace-level SQL and its binds never print")
    func noSQLInProductionLogs() async throws {
        #expect(DatabaseSetup.sqlLogLevel < .debug)
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        for (name, clamped) in [("production", true), ("testing", false)] {
            let app = try await Application.make(Environment(name: name, arguments: ["aduan", "migrate"]))
            app.logger.logLevel = .trace
            do {
                try await configure(app, environment: ["ADUAN_DATA_DIR": dataDirectory], clock: ManualClock(mondayMorning))
                let sql = try #require(app.db as? any SQLDatabase)
                #expect(sql.queryLogLevel == DatabaseSetup.sqlLogLevel)
                #expect((app.db.logger.logLevel > DatabaseSetup.sqlLogLevel) == clamped, "\(name)")
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

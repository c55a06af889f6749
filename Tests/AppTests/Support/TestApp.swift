import Fluent
import FluentPostgresDriver
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// The databases the App tests run on: SQLite always, PostgreSQL when `ADUAN_TEST_DATABASE_URL` names a
/// server (the test script starts one). Each test gets its own database, so tests run in parallel.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let serverURL = ProcessInfo.processInfo.environment["ADUAN_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static var available: [TestDatabase] { serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// 2026-11-30 10:00 WIB, a Monday: a working day with no holiday near.
let mondayMorning = Date(timeIntervalSince1970: 1_796_007_600)

/// One running Aduan, configured by the real `configure` with a temporary data folder and database.
struct TestAduan: Sendable {
    let app: Application
    let clock: ManualClock
    let dataDirectory: String
}

func withAduan(
    _ database: TestDatabase = .sqlite,
    at start: Date = mondayMorning,
    environment extra: [String: String] = [:],
    _ body: (TestAduan) async throws -> Void
) async throws {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-test-\(UUID().uuidString)").path
    // The background sweep and job workers stay off: tests run them themselves with the clock where they want it.
    var environment = ["ADUAN_DATA_DIR": dataDirectory, "ADUAN_SWEEP_SECONDS": "0", "ADUAN_JOBS": "off"]
    var scratchDatabase: String?
    if database == .postgres {
        let url = try #require(TestDatabase.serverURL, "ADUAN_TEST_DATABASE_URL is not set")
        let name = "aduan_t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        try await PostgresAdmin.run("CREATE DATABASE \(name)", serverURL: url)
        scratchDatabase = name
        environment["DATABASE_URL"] = PostgresAdmin.url(url, database: name)
    }
    environment.merge(extra) { _, new in new }

    let clock = ManualClock(start)
    let app = try await Application.make(Environment(name: "testing", arguments: ["aduan"]))
    do {
        try await configure(app, environment: environment, clock: clock)
        try await body(TestAduan(app: app, clock: clock, dataDirectory: dataDirectory))
    } catch {
        try? await app.asyncShutdown()
        await cleanUp(dataDirectory, scratchDatabase)
        throw error
    }
    try await app.asyncShutdown()
    await cleanUp(dataDirectory, scratchDatabase)
}

private func cleanUp(_ dataDirectory: String, _ database: String?) async {
    try? FileManager.default.removeItem(atPath: dataDirectory)
    if let database, let url = TestDatabase.serverURL {
        try? await PostgresAdmin.run("DROP DATABASE IF EXISTS \(database) WITH (FORCE)", serverURL: url)
    }
}

/// Creates and drops the throwaway databases on the test server.
enum PostgresAdmin {
    static func run(_ statement: String, serverURL: String) async throws {
        let app = try await Application.make(Environment(name: "testing", arguments: ["aduan"]))
        do {
            try app.databases.use(.postgres(url: serverURL), as: .psql)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw(SQLQueryString(statement)).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func url(_ serverURL: String, database: String) -> String {
        var components = URLComponents(string: serverURL)!
        components.path = "/" + database
        return components.string!
    }
}

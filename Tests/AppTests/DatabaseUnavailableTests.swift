import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("A database that is away: 503 with Retry-After, never a stack, and service resumes")
struct DatabaseUnavailableTests {
    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String }
        let error: Detail
    }

    func expectUnavailable(_ aduan: TestAduan) async throws {
        try await aduan.app.testing().test(.GET, "/") { response in
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers.first(name: .retryAfter) == String(AppErrorMiddleware.retryAfterSeconds))
            #expect(response.headers.contentType?.subType == "html")
            #expect(response.body.string.contains("Coba lagi beberapa saat lagi"))
        }
        try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(TrackingCode.generate().value)") { response in
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers.first(name: .retryAfter) == String(AppErrorMiddleware.retryAfterSeconds))
            let body = try response.content.decode(ErrorBody.self)
            #expect(body.error.code == "service_unavailable")
            #expect(body.error.message.hasPrefix("Layanan sedang tidak dapat"))
        }
        try await aduan.app.testing().test(.GET, "/healthz") { response in
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test("PostgreSQL not listening at start with migrations on: the start stops with a message naming DATABASE_URL")
    func postgresDownAtStart() async throws {
        let environment = ["DATABASE_URL": "postgres://postgres@127.0.0.1:1/aduan", "ADUAN_DB_TIMEOUT_SECONDS": "2"]
        let error = await #expect(throws: AppConfig.Error.self) {
            try await withAduan(environment: environment) { _ in }
        }
        #expect(error?.variable == "DATABASE_URL")
        #expect(error?.description.contains("ADUAN_AUTO_MIGRATE=false") == true)
    }

    @Test("PostgreSQL not listening: the page, the API and /healthz answer 503 with Retry-After")
    func postgresDown() async throws {
        let environment = [
            "DATABASE_URL": "postgres://postgres@127.0.0.1:1/aduan", "ADUAN_AUTO_MIGRATE": "false", "ADUAN_DB_TIMEOUT_SECONDS": "2",
        ]
        try await withAduan(environment: environment) { aduan in
            try await expectUnavailable(aduan)
        }
    }

    @Test("SQLite file that cannot be opened: 503 with Retry-After; once it can, service resumes by itself")
    func sqliteUnopenable() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-test-\(UUID().uuidString)").path
        // A folder where the database file should be: every open fails (SQLITE_CANTOPEN).
        try FileManager.default.createDirectory(atPath: dataDirectory + "/aduan.sqlite", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        try await withAduan(environment: ["ADUAN_DATA_DIR": dataDirectory, "ADUAN_AUTO_MIGRATE": "false"]) { aduan in
            try await expectUnavailable(aduan)

            try FileManager.default.removeItem(atPath: dataDirectory + "/aduan.sqlite")
            try await aduan.app.autoMigrate()
            try await aduan.app.testing().test(.GET, "/healthz") { response in
                #expect(response.status == .ok)
            }
            try await aduan.app.testing().test(.GET, "/") { response in
                #expect(response.status == .ok)
            }
        }
    }
}

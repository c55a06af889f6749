import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

/// The one-time link of a message: looking at it spends nothing, pressing its button opens the
/// conversation once, on that browser; a spent or expired link opens nothing.
@Suite("One-time links")
struct AccessLinkTests {
    @Test("the link opens the follow page with access, once; scanners that only fetch it spend nothing", arguments: TestDatabase.available)
    func opensOnce(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let code = try await aduan.fileComplaint()
            let complaint = try await aduan.complaint(code)
            let link = try await AccessLinks(db: aduan.app.db, context: aduan.app.aduan).issue(for: complaint, message: nil)
            #expect(link.url == "http://localhost:8080/tautan/\(link.token)")
            #expect(link.expiresAt == aduan.clock.now().addingTimeInterval(14 * 86_400))
            let path = "/tautan/\(link.token)"

            for _ in 0..<2 {
                try await aduan.app.testing().test(.GET, path) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.string.contains("id=\"open-complaint\""))
                    #expect(response.body.string.contains(CitizenMessageRenderer.displayCode(code)))
                    #expect(response.headers.cookie(named: FollowController.accessCookie) == nil)
                }
            }
            var cookie = ""
            try await aduan.app.testing().test(.POST, path) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/lacak/\(code)?ok=akses")
                cookie = try #require(response.headers.cookie(named: FollowController.accessCookie))
            }
            try await aduan.app.testing().test(.GET, "/lacak/\(code)", headers: ["Cookie": cookie]) { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("id=\"conversation\""), "access granted by the link")
            }
            try await aduan.app.testing().test(.GET, "/lacak/\(code)") { response in
                #expect(!response.body.string.contains("id=\"conversation\""), "another browser has no access")
            }
            // Spent: the second press opens nothing.
            try await aduan.app.testing().test(.POST, path) { response in
                #expect(response.status == .gone)
                #expect(response.body.string.contains("id=\"link-unusable\""))
                #expect(response.headers.cookie(named: FollowController.accessCookie) == nil)
            }
            try await aduan.app.testing().test(.GET, path) { response in
                #expect(response.status == .gone)
            }
            let grants = try await AuditEntry.query(on: aduan.app.db).filter(\.$complaintID == complaint.id).filter(\.$action == .accessGranted).all()
            #expect(grants.map(\.detail) == ["link"])
        }
    }

    @Test("an expired or unknown link opens nothing", arguments: TestDatabase.available)
    func expired(database: TestDatabase) async throws {
        try await withAduan(database, environment: ["ADUAN_LINK_DAYS": "2"]) { aduan in
            let code = try await aduan.fileComplaint()
            let link = try await AccessLinks(db: aduan.app.db, context: aduan.app.aduan).issue(for: try await aduan.complaint(code), message: nil)
            aduan.clock.advance(by: 2 * 86_400 + 1)
            try await aduan.app.testing().test(.POST, "/tautan/\(link.token)") { response in
                #expect(response.status == .gone)
                #expect(response.headers.cookie(named: FollowController.accessCookie) == nil)
            }
            try await aduan.app.testing().test(.POST, "/tautan/\(SecretToken.random())") { response in
                #expect(response.status == .gone)
            }
            try await aduan.app.testing().test(.GET, "/tautan/x") { response in
                #expect(response.status == .gone)
            }
        }
    }
}

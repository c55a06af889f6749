import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("The audit log")
struct AuditTests {
    static let fastHashing = StaffAuthTests.fastHashing

    /// Three entries at known times, one of them about a complaint.
    static func seed(_ aduan: TestAduan) async throws -> String {
        let code = try await aduan.fileComplaint()
        let complaint = try await aduan.complaint(code)
        let day: TimeInterval = 86_400
        let entries = [
            AuditEntry(at: mondayMorning.addingTimeInterval(-3 * day), actorRole: .pengelola, actorName: "budi", action: .complaintViewed,
                       complaintID: complaint.id, detail: "=HYPERLINK(\"x\")", address: "10.0.0.1"),
            AuditEntry(at: mondayMorning.addingTimeInterval(-2 * day), actorRole: .pengelola, actorName: "budi", action: .identityRevealed,
                       complaintID: complaint.id, detail: "nik, kk", address: "10.0.0.1"),
            AuditEntry(at: mondayMorning.addingTimeInterval(-1 * day), actorRole: .pimpinan, actorName: "siti", action: .signedIn,
                       complaintID: nil, detail: nil, address: "10.0.0.2"),
        ]
        for entry in entries { try await entry.create(on: aduan.app.db) }
        return code
    }

    @Test("admin and pimpinan read the log; others get 403", arguments: [(StaffRole.pimpinan, HTTPStatus.ok), (.pengelola, .forbidden), (.bidang, .forbidden)])
    func roles(role: StaffRole, expected: HTTPStatus) async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("orang", role: role, unit: role == .bidang ? "capil" : nil)
            let browser = try await aduan.signIn("orang")
            #expect(try await aduan.get("/petugas/audit", as: browser).0 == expected)
            #expect(try await aduan.get("/petugas/audit.csv", as: browser).0 == expected)
        }
    }

    @Test("search by date range, action, user and tracking code, newest first", arguments: TestDatabase.available)
    func search(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let code = try await Self.seed(aduan)
            let admin = try await aduan.signInAdmin()

            let (_, page) = try await aduan.get("/petugas/audit", as: admin)
            let all = String(page[try #require(page.range(of: "id=\"audit-table\"")).upperBound...])
            let signedIn = try #require(all.range(of: "Masuk</td>"))
            let revealed = try #require(all.range(of: "Identitas ditampilkan"))
            #expect(signedIn.lowerBound < revealed.lowerBound, "newest first")

            let (_, byUser) = try await aduan.get("/petugas/audit?pengguna=budi", as: admin)
            #expect(byUser.contains("Identitas ditampilkan") && byUser.contains("Pengaduan dibuka") && !byUser.contains("10.0.0.2"))

            let (_, byAction) = try await aduan.get("/petugas/audit?aksi=identity_revealed", as: admin)
            #expect(byAction.contains("nik, kk") && !byAction.contains("HYPERLINK"))

            // 26–27 November: the complaint was viewed on the 27th, revealed on the 28th.
            let (_, byDate) = try await aduan.get("/petugas/audit?dari=2026-11-26&sampai=2026-11-27", as: admin)
            #expect(byDate.contains("HYPERLINK") && !byDate.contains("nik, kk"))

            let (_, byCode) = try await aduan.get("/petugas/audit?kode=\(code)", as: admin)
            #expect(byCode.contains("nik, kk") && byCode.contains("/petugas/pengaduan/\(code)") && !byCode.contains("10.0.0.2"))
            let (_, unknown) = try await aduan.get("/petugas/audit?kode=ADU-XXXX-XXXX", as: admin)
            #expect(unknown.contains("Tidak ada catatan yang cocok"))

            let (bad, badPage) = try await aduan.get("/petugas/audit?dari=kemarin", as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(badPage.contains("Isi tanggal yang benar") && badPage.contains("value=\"kemarin\""))
        }
    }

    @Test("keyset paging walks every entry once, newest first", arguments: TestDatabase.available)
    func paging(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            // 7 entries, three of them at the same instant: the id breaks the tie.
            for index in 0..<7 {
                let at = mondayMorning.addingTimeInterval(TimeInterval(min(index, 4) * 60))
                try await AuditEntry(at: at, actorRole: .system, actorName: "u\(index)", action: .signedIn,
                                     complaintID: nil, detail: nil, address: nil).create(on: aduan.app.db)
            }
            let log = AuditLog(db: aduan.app.db, context: aduan.app.aduan)
            var seen: [String] = []
            var cursor: AuditLog.Cursor?
            var pages = 0
            repeat {
                let page = try await log.page(filter: .init(action: .signedIn), cursor: cursor, limit: 3)
                seen += page.rows.map(\.entry.actorName)
                cursor = page.next
                pages += 1
                if let next = cursor { #expect(AuditLog.Cursor(token: next.token) == next) }
            } while cursor != nil
            #expect(pages == 3)
            #expect(Set(seen).count == 7 && seen.count == 7)
            #expect(Array(seen.suffix(4)) == ["u3", "u2", "u1", "u0"])
        }
    }

    @Test("the CSV export follows the filter, is UTF-8 text/csv with a header, and is itself recorded", arguments: TestDatabase.available)
    func export(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let code = try await Self.seed(aduan)
            let admin = try await aduan.signInAdmin()
            try await aduan.app.testing().test(.GET, "/petugas/audit.csv?pengguna=budi", headers: admin.headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.type == "text" && response.headers.contentType?.subType == "csv")
                #expect(response.headers.contentType?.parameters["charset"] == "utf-8")
                let lines = response.body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.first == "\"at\",\"action\",\"actor_role\",\"actor_name\",\"complaint\",\"detail\",\"address\"")
                #expect(lines.count == 3)
                #expect(lines[1] == "\"2026-11-28T10:00:00+07:00\",\"identity_revealed\",\"pengelola\",\"budi\",\"\(code)\",\"nik, kk\",\"10.0.0.1\"")
                #expect(lines[2].contains(",\"'=HYPERLINK(\"\"x\"\")\","), "no formula, quotes doubled")
            }
            try await aduan.app.testing().test(.GET, "/petugas/audit?format=csv&aksi=signed_in&pengguna=siti", headers: admin.headers) { response in
                #expect(response.status == .ok)
                #expect(response.body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
            }
            let exports = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .auditExported).all()
            #expect(exports.count == 2)
            #expect(exports.allSatisfy { $0.actorName == "admin" })
        }
    }

    @Test("admin changes are in the log")
    func adminChangesAreAudited() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            _ = try await aduan.post("/petugas/admin/bidang", ["code": "umum", "name": "Umum"], as: admin)
            let (_, page) = try await aduan.get("/petugas/audit?aksi=settings_changed", as: admin)
            #expect(page.contains("unit added umum"))
        }
    }
}

import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("The console's queue")
struct ConsoleQueueTests {
    func queue(_ aduan: TestAduan, _ browser: ConsoleBrowser, _ query: String = "") async throws -> String {
        var html = ""
        try await aduan.app.testing().test(.GET, "/petugas/antrean\(query)", headers: browser.headers) { response in
            #expect(response.status == .ok)
            html = response.body.string
        }
        return html
    }

    func codes(in html: String) -> [String] {
        html.matches(of: /class="complaint-link mono" href="\/petugas\/pengaduan\/([A-Z0-9]{14})"/).map { String($0.1) }
    }

    @Test("sorted by the deadline, with the time left in working-day words and colour", arguments: TestDatabase.available)
    func sortedByDeadline(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let older = try await aduan.fileComplaint()
            aduan.clock.advance(by: 6 * 3600)
            let newer = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 1111 2222", "service": "kk"]))
            try await aduan.createUser("budi", role: .pengelola)
            aduan.clock.advance(by: 16 * 3600) // Tuesday 08:00: the older one is due in 2 hours, the newer in 8.
            let browser = try await aduan.signIn("budi")

            let html = try await queue(aduan, browser)
            #expect(codes(in: html) == [older, newer])
            #expect(html.contains("sla-cell due_soon\">Sisa 2 jam"))
            #expect(html.contains("sla-cell on_time\">Sisa 8 jam"))
            #expect(html.contains("131005••••••••01"))
            #expect(!html.contains(Fixture.nik))
        }
    }

    @Test("filters and search: by service, by SLA state, by phone in another notation")
    func filtersAndSearch() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let ktp = try await aduan.fileComplaint()
            let kk = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 1111 2222", "service": "kk", "nik": "1310051203850003"]))
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            #expect(codes(in: try await queue(aduan, browser, "?service=kk")) == [kk])
            #expect(codes(in: try await queue(aduan, browser, "?q=%2B62%20813-1111-2222")) == [kk])
            #expect(codes(in: try await queue(aduan, browser, "?q=\(ktp)")) == [ktp])
            aduan.clock.advance(by: 25 * 3600)
            let later = try await aduan.signIn("budi") // the first session ended while idle
            #expect(Set(codes(in: try await queue(aduan, later, "?sla=overdue"))) == [ktp, kk])
            #expect(codes(in: try await queue(aduan, later, "?sla=on_time")).isEmpty)
        }
    }

    @Test("a unit's officer sees only what was forwarded to the unit, without a confidential name")
    func unitQueue() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let forwarded = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["confidential": "true"]))
            _ = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 1111 2222"]))
            try await aduan.act(.forward, on: try await aduan.complaint(forwarded)) { $0.unitCode = "dafduk" }
            try await aduan.createUser("dafduk1", role: .bidang, unit: "dafduk")
            let browser = try await aduan.signIn("dafduk1")
            let html = try await queue(aduan, browser)
            #expect(codes(in: html) == [forwarded])
            #expect(!html.contains(Fixture.name))
            #expect(html.contains("Dirahasiakan"))
            #expect(!html.contains("id=\"f-unit\""))
        }
    }

    @Test("paging follows the cursor, page after page")
    func paging() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            var filed: [String] = []
            for index in 0..<55 {
                filed.append(try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 1111 \(String(format: "%04d", index))"])))
                aduan.clock.advance(by: 60)
            }
            try await aduan.createUser("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")
            let first = try await queue(aduan, browser)
            #expect(codes(in: first) == Array(filed.prefix(50)))
            let next = try #require(first.firstMatch(of: /href="(\/petugas\/antrean\?[^"]*cursor=[^"]+)" id="next-page"/)?.1)
            let second = try await queue(aduan, browser, String(next.dropFirst("/petugas/antrean".count)).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(codes(in: second) == Array(filed.suffix(5)))
            #expect(!second.contains("id=\"next-page\""))
        }
    }
}

import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// A unit's staff never learn who a confidential complainant is from what surrounds the complaint:
/// likely duplicates, the channel's reference, the codes of other complaints.
@Suite("Confidentiality for units, in the console and the API")
struct ConfidentialityTests {
    static let fastHashing = StaffAuthTests.fastHashing
    static let confidential = Fixture.complaintForm(overriding: ["confidential": "true"])

    struct Detail: Decodable {
        let channel_reference: String?
        let merged_into: String?
        let timeline: [StaffAPITests.Event]
    }

    func detail(_ aduan: TestAduan, _ code: String, _ token: String) async throws -> (Detail, String) {
        var result: (Detail, String)?
        try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(code)", headers: bearer(token)) { response in
            try #require(response.status == .ok, "\(response.body.string)")
            result = (try response.content.decode(Detail.self), response.body.string)
        }
        return try #require(result)
    }

    func display(_ code: String) -> String { (try? TrackingCode(code))?.display ?? code }

    func forward(_ aduan: TestAduan, _ code: String, to unit: String) async throws {
        try await aduan.act(.forward, on: try await aduan.complaint(code)) { $0.unitCode = unit }
    }

    @Test("a confidential complaint lists no duplicates for a unit, though its twin is the unit's too", arguments: TestDatabase.available)
    func noDuplicatesOnConfidential(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let twin = try await aduan.fileComplaint()
            let secret = try await aduan.fileComplaint(Self.confidential)
            for code in [twin, secret] { try await forward(aduan, code, to: "capil") }
            try await aduan.createUser("capil1", role: .bidang, unit: "capil")
            try await aduan.createUser("budi", role: .pengelola)

            let (_, unitPage) = try await aduan.get("/petugas/pengaduan/\(secret)", as: try await aduan.signIn("capil1"))
            #expect(!unitPage.contains("id=\"duplicates\""))
            #expect(!unitPage.contains(display(twin)))
            let (_, officerPage) = try await aduan.get("/petugas/pengaduan/\(secret)", as: try await aduan.signIn("budi"))
            #expect(officerPage.contains("id=\"duplicates\"") && officerPage.contains(display(twin)))
        }
    }

    @Test("on an open complaint a unit sees only twins it may open whose identity shows", arguments: TestDatabase.available)
    func duplicatesOnOpenComplaint(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let open = try await aduan.fileComplaint()
            let visibleTwin = try await aduan.fileComplaint()
            let secretTwin = try await aduan.fileComplaint(Self.confidential)
            let otherUnitTwin = try await aduan.fileComplaint()
            for code in [open, visibleTwin, secretTwin] { try await forward(aduan, code, to: "capil") }
            try await forward(aduan, otherUnitTwin, to: "dafduk")
            try await aduan.createUser("capil1", role: .bidang, unit: "capil")
            try await aduan.createUser("budi", role: .pengelola)

            let (_, page) = try await aduan.get("/petugas/pengaduan/\(open)", as: try await aduan.signIn("capil1"))
            #expect(page.contains("id=\"duplicates\""))
            #expect(page.contains(display(visibleTwin)))
            #expect(!page.contains(display(secretTwin)), "a confidential twin would be named by the shared NIK")
            #expect(!page.contains(display(otherUnitTwin)), "another unit's complaint")
            let (_, officer) = try await aduan.get("/petugas/pengaduan/\(open)", as: try await aduan.signIn("budi"))
            for code in [visibleTwin, secretTwin, otherUnitTwin] { #expect(officer.contains(display(code))) }
        }
    }

    @Test("the channel's reference of a confidential complaint reaches no unit", arguments: TestDatabase.available)
    func channelReference(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let reference = "https://www.facebook.com/warga.siti/posts/123456"
            var codes: [String] = []
            for form in [Self.confidential, Fixture.complaintForm()] {
                let code = try await aduan.fileComplaint(form)
                let complaint = try await aduan.complaint(code)
                complaint.channelReference = reference
                try await complaint.save(on: aduan.app.db)
                try await forward(aduan, code, to: "capil")
                codes.append(code)
            }
            let (secret, open) = (codes[0], codes[1])
            let unitToken = try await aduan.staffToken("capil1", role: .bidang, unit: "capil")
            let officerToken = try await aduan.staffToken("budi", role: .pengelola)
            let unit = try await aduan.signIn("capil1")

            #expect(!(try await aduan.get("/petugas/pengaduan/\(secret)", as: unit).1.contains("warga.siti")))
            let (hidden, body) = try await detail(aduan, secret, unitToken)
            #expect(hidden.channel_reference == nil && !body.contains("warga.siti"))
            #expect(try await aduan.get("/petugas/pengaduan/\(open)", as: unit).1.contains("warga.siti"))
            #expect(try await detail(aduan, open, unitToken).0.channel_reference == reference)
            #expect(try await detail(aduan, secret, officerToken).0.channel_reference == reference)
        }
    }

    @Test("merged_into and the merge note name no complaint the unit may not be shown", arguments: TestDatabase.available)
    func mergedCodes(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            // A confidential duplicate (the unit's) merged into a target the unit may not open.
            let target = try await aduan.fileComplaint()
            let secret = try await aduan.fileComplaint(Self.confidential)
            try await forward(aduan, secret, to: "capil")
            try await aduan.act(.merge, on: try await aduan.complaint(secret)) { $0.mergeInto = target }
            // An open target of the unit that took a confidential duplicate from another unit.
            let unitTarget = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["service": "kk"]))
            try await forward(aduan, unitTarget, to: "capil")
            let otherSecret = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["service": "kk", "confidential": "true"]))
            try await aduan.act(.merge, on: try await aduan.complaint(otherSecret)) { $0.mergeInto = unitTarget }

            let unitToken = try await aduan.staffToken("capil1", role: .bidang, unit: "capil")
            let officerToken = try await aduan.staffToken("budi", role: .pengelola)
            let unit = try await aduan.signIn("capil1")

            let (merged, mergedBody) = try await detail(aduan, secret, unitToken)
            #expect(merged.merged_into == nil && !mergedBody.contains(target))
            #expect(try await detail(aduan, secret, officerToken).0.merged_into == target)

            let (withNote, noteBody) = try await detail(aduan, unitTarget, unitToken)
            #expect(!noteBody.contains(otherSecret))
            #expect(withNote.timeline.contains { $0.message == "Duplikat [pengaduan lain] digabung ke pengaduan ini." })
            let (_, page) = try await aduan.get("/petugas/pengaduan/\(unitTarget)", as: unit)
            #expect(!page.contains(otherSecret) && page.contains("Duplikat [pengaduan lain] digabung"))
            let (officerView, _) = try await detail(aduan, unitTarget, officerToken)
            #expect(officerView.timeline.contains { $0.message == "Duplikat \(otherSecret) digabung ke pengaduan ini." })
        }
    }
}

@Suite("Documents as served")
struct DocumentHeaderTests {
    static let fastHashing = StaffAuthTests.fastHashing

    @Test("PDFs download, photos open inline; every document is sandboxed, same-origin, nosniff, with an RFC 6266 name", arguments: TestDatabase.available)
    func headers(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let pdf = try #require(try await Attachment.query(on: aduan.app.db).filter(\.$kind == .document).first())
            pdf.originalName = "surat \"penting\"\r\nX-Disisipkan: ya é.pdf"
            try await pdf.save(on: aduan.app.db)
            let photo = try #require(try await Attachment.query(on: aduan.app.db).filter(\.$kind == .ktpPhoto).first())
            let token = try await aduan.staffToken("budi", role: .pengelola)
            let browser = try await aduan.signIn("budi")

            for path in ["/api/v1/staff/complaints/\(code)/documents/\(pdf.id!)", "/petugas/pengaduan/\(code)/dokumen/\(pdf.id!)"] {
                try await aduan.app.testing().test(.GET, path, headers: bearer(token).adding(browser.headers)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers.first(name: .contentDisposition)
                        == "attachment; filename=\"surat _penting_X-Disisipkan: ya _.pdf\"; filename*=UTF-8''surat%20%22penting%22X-Disisipkan%3A%20ya%20%C3%A9.pdf")
                    #expect(response.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true)
                    #expect(response.headers.first(name: "Cross-Origin-Resource-Policy") == "same-origin")
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(response.headers["X-Disisipkan"].isEmpty)
                }
            }
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(code)/documents/\(photo.id!)", headers: bearer(token)) { response in
                #expect(response.headers.first(name: .contentDisposition) == "inline; filename=\"foto-ktp.jpg\"; filename*=UTF-8''foto-ktp.jpg")
                #expect(response.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true)
            }
            // The citizen's own download is the same.
            let access = try await aduan.accessToken(code)
            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)/documents/\(pdf.id!)", headers: bearer(access)) { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment; ") == true)
                #expect(response.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true)
            }
            // Pages keep their own policy.
            try await aduan.app.testing().test(.GET, "/") { response in
                #expect(response.headers.first(name: "Content-Security-Policy")?.hasPrefix("default-src 'self'") == true)
            }
        }
    }
}

@Suite("Searching with LIKE")
struct LikeSearchTests {
    @Test("% and _ in a search match only themselves", arguments: TestDatabase.available)
    func wildcardsAreLiteral(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let percent = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["description": "Biaya naik 100% padahal gratis, mohon dicek."]))
            let underscore = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["description": "Nama file foto_ktp tidak bisa diunggah di loket."]))
            let bang = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["description": "Tolong!! Sudah tiga bulan KTP-el belum jadi juga."]))
            _ = try await aduan.fileComplaint()
            let token = try await aduan.staffToken("budi", role: .pengelola)
            #expect(try await aduan.queue(token, "q=%25").items.map(\.tracking_code) == [percent])
            #expect(try await aduan.queue(token, "q=_").items.map(\.tracking_code) == [underscore])
            #expect(try await aduan.queue(token, "q=foto_ktp").items.map(\.tracking_code) == [underscore])
            #expect(try await aduan.queue(token, "q=%21%21").items.map(\.tracking_code) == [bang])
            #expect(try await aduan.queue(token, "q=100%25").items.map(\.tracking_code) == [percent])
            #expect(try await aduan.queue(token, "q=%25%25").items.isEmpty)
        }
    }
}

import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("Public pages: filing and following in the browser")
struct PublicPagesTests {
    @Test("the home page states the service standard and offers the two actions")
    func homePage() async throws {
        try await withAduan { aduan in
            try await aduan.app.testing().test(.GET, "/") { response in
                #expect(response.status == .ok)
                let html = response.body.string
                #expect(html.contains("id=\"file-complaint\""))
                #expect(html.contains("id=\"follow-complaint\""))
                #expect(html.contains("1 × 24 jam pada hari kerja"))
                #expect(html.contains("Gratis"))
                #expect(html.contains("SP4N-LAPOR!"))
                #expect(html.contains("Kartu Identitas Anak (KIA)"))
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
            }
            try await aduan.app.testing().test(.GET, "/?lang=en") { response in
                #expect(response.body.string.contains("1 × 24 hours on working days"))
                #expect(response.headers.cookie(named: "lang") == "lang=en")
            }
        }
    }

    @Test("the form lists the catalogue, the kecamatan and nagari of Dharmasraya, and the consent with its retention")
    func formPage() async throws {
        try await withAduan { aduan in
            try await aduan.app.testing().test(.GET, "/pengaduan/baru") { response in
                #expect(response.status == .ok)
                let html = response.body.string
                for name in ["name", "nik", "kk_number", "phone", "email", "service", "classification", "district", "nagari",
                             "description", "kk_photo", "ktp_photo", "documents", "confidential", "consent"] {
                    #expect(html.contains("name=\"\(name)\""), "field \(name)")
                }
                #expect(html.contains("Pulau Punjung"))
                #expect(html.contains("Sungai Dareh"))
                #expect(html.contains("Akta Perceraian"))
                #expect(html.contains("selama 2 tahun"))
            }
        }
    }

    @Test("a form with mistakes comes back with messages beside the fields, the typed values, and the accepted files kept", arguments: TestDatabase.available)
    func formKeepsInputAndFiles(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let first = Fixture.complaintForm(overriding: ["nik": "1234", "consent": "false"])
            var draft = ""
            try await aduan.app.testing().test(.POST, "/pengaduan", headers: first.headers, body: first.build()) { response in
                #expect(response.status == .unprocessableEntity)
                let html = response.body.string
                #expect(html.contains("id=\"form-errors\""))
                #expect(html.contains("NIK harus 16 angka"))
                #expect(html.contains("Centang persetujuan"))
                #expect(html.contains("value=\"\(Fixture.name)\""))
                #expect(html.contains("value=\"1234\""))
                #expect(html.components(separatedBy: "class=\"kept-file\"").count - 1 == 3)
                #expect(html.contains("foto-kk.jpg"))
                draft = try #require(html.firstMatch(of: /name="draft" value="([A-Za-z0-9_-]{43})"/)?.1).description
            }
            #expect(try await Complaint.query(on: aduan.app.db).count() == 0)

            // Corrected, without choosing the files again.
            var second = Fixture.complaintForm(kkPhoto: nil, ktpPhoto: nil, documents: [])
            second.field("draft", draft)
            second.emptyFile("kk_photo")
            second.emptyFile("documents")
            var location = ""
            try await aduan.app.testing().test(.POST, "/pengaduan", headers: second.headers, body: second.build()) { response in
                #expect(response.status == .seeOther)
                location = try #require(response.headers.first(name: .location))
            }
            let code = try #require(location.firstMatch(of: /^\/pengaduan\/([A-Z0-9]{14})\/bukti$/)?.1).description
            let complaint = try await aduan.complaint(code)
            let attachments = try await Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.id).all()
            #expect(attachments.count == 3)
            #expect(attachments.allSatisfy { $0.draftToken == nil && $0.$event.id != nil })

            try await aduan.app.testing().test(.GET, location) { response in
                #expect(response.status == .ok)
                let html = response.body.string
                let display = try TrackingCode(code).display
                #expect(html.contains(display))
                #expect(html.contains("paling lambat Selasa, 1 Desember 2026 pukul 10.00 WIB"))
                #expect(!html.contains(Fixture.nik))
            }
        }
    }

    @Test("following: the code shows the status; the right proof opens the conversation; a reply with a document is added", arguments: TestDatabase.available)
    func followAndReply(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let code = try await aduan.fileComplaint()

            try await aduan.app.testing().test(.GET, "/lacak?code=\(try TrackingCode(code).display.lowercased())") { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/lacak/\(code)")
            }
            try await aduan.app.testing().test(.GET, "/lacak/\(code)") { response in
                let html = response.body.string
                #expect(html.contains("id=\"status\""))
                #expect(html.contains("Diterima"))
                #expect(html.contains("id=\"proof-form\""))
                #expect(!html.contains("id=\"conversation\""))
                #expect(!html.contains(Fixture.description))
            }
            try await aduan.app.testing().test(.POST, "/lacak/\(code)/akses", beforeRequest: { request in
                try request.content.encode(["proof": "0812 9999 9999"], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .forbidden)
                #expect(response.body.string.contains("tidak cocok"))
                #expect(response.headers.cookie(named: FollowController.accessCookie) == nil)
            })

            var cookie = ""
            try await aduan.app.testing().test(.POST, "/lacak/\(code)/akses", beforeRequest: { request in
                try request.content.encode(["proof": "+62 812-3456-7890"], as: .urlEncodedForm)
            }, afterResponse: { response in
                #expect(response.status == .seeOther)
                cookie = try #require(response.headers.cookie(named: FollowController.accessCookie))
                let setCookie = response.headers[.setCookie].joined()
                #expect(setCookie.contains("HttpOnly"))
                #expect(setCookie.contains("Path=/lacak/\(code)"))
            })

            var reply = MultipartBuilder()
            reply.field("message", "Saya lampirkan surat keterangan.")
            reply.file("documents", filename: "keterangan.pdf", contentType: "application/pdf", Fixture.pdf + [0x20])
            var headers = reply.headers
            headers.replaceOrAdd(name: .cookie, value: cookie)
            try await aduan.app.testing().test(.POST, "/lacak/\(code)/balas", headers: headers, body: reply.build()) { response in
                #expect(response.status == .seeOther)
            }

            try await aduan.app.testing().test(.GET, "/lacak/\(code)", headers: ["Cookie": cookie]) { response in
                let html = response.body.string
                #expect(html.contains("id=\"conversation\""))
                #expect(html.contains(Fixture.description))
                #expect(html.contains("Saya lampirkan surat keterangan."))
                #expect(html.contains("keterangan.pdf"))
                let links = html.matches(of: /href="(\/lacak\/[A-Z0-9]+\/dokumen\/[0-9A-F-]{36})"/).map { String($0.1) }
                #expect(Set(links).count == 4)
                let link = try #require(links.first)
                try await aduan.app.testing().test(.GET, link, headers: ["Cookie": cookie]) { document in
                    #expect(document.status == .ok)
                    #expect(document.headers.first(name: .cacheControl) == "private, no-store")
                }
                try await aduan.app.testing().test(.GET, link) { document in
                    #expect(document.status == .forbidden)
                }
            }
        }
    }

    @Test("a mistyped tracking code gets a clear message")
    func mistypedCode() async throws {
        try await withAduan { aduan in
            try await aduan.app.testing().test(.GET, "/lacak?code=ABC") { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("14 huruf dan angka"))
            }
            try await aduan.app.testing().test(.GET, "/lacak/\(TrackingCode.generate().value)") { response in
                #expect(response.status == .notFound)
                #expect(response.body.string.contains("tidak ditemukan"))
            }
        }
    }

    @Test("health check for load balancers")
    func health() async throws {
        try await withAduan { aduan in
            try await aduan.app.testing().test(.GET, "/healthz") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("\"status\":\"ok\""))
            }
        }
    }
}

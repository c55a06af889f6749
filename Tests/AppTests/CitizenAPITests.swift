import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("API: following a complaint with the second proof")
struct CitizenAPITests {
    struct Access: Decodable {
        let access_token: String
        let token_type: String
        let expires_at: String
    }

    struct View: Decodable {
        struct Deadline: Decodable { let kind: String; let due_at: String? }
        struct Entry: Decodable { let type: String; let status: String; let label: String }
        struct Message: Decodable { let author: String; let type: String; let message: String?; let documents: [UUID] }
        struct Document: Decodable { let id: UUID; let kind: String; let name: String; let content_type: String; let url: String }
        let tracking_code: String
        let status: String
        let status_label: String
        let deadline: Deadline
        let timeline: [Entry]
        let conversation: [Message]?
        let documents: [Document]?
    }

    @Test("the code alone shows status, timeline and deadline, and no personal data", arguments: TestDatabase.available)
    func codeAloneShowsStatusOnly(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let code = try await aduan.fileComplaint()

            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)") { response in
                #expect(response.status == .ok)
                let view = try response.content.decode(View.self)
                #expect(view.status == "received")
                #expect(view.status_label == "Diterima")
                #expect(view.deadline.kind == "first_response")
                #expect(view.deadline.due_at == "2026-12-01T10:00:00+07:00")
                #expect(view.timeline.map(\.type) == ["submit"])
                #expect(view.conversation == nil)
                #expect(view.documents == nil)
                let body = response.body.string
                for secret in [Fixture.nik, Fixture.kk, Fixture.phoneNormalised, Fixture.email, Fixture.name, "belum dicetak"] {
                    #expect(!body.contains(secret), "\(secret) must not show without the second proof")
                }
            }
        }
    }

    @Test("an unknown or mistyped code is 404")
    func unknownCode() async throws {
        try await withAduan { aduan in
            let code = try await aduan.fileComplaint()
            var mistyped = Array(code)
            mistyped[3] = mistyped[3] == "A" ? "C" : "A"
            for path in ["/api/v1/complaints/\(String(mistyped))", "/api/v1/complaints/ZZZZZ", "/api/v1/complaints/\(TrackingCode.generate().value)"] {
                try await aduan.app.testing().test(.GET, path) { response in
                    #expect(response.status == .notFound)
                    #expect(response.body.string.contains("tidak ditemukan"))
                }
            }
        }
    }

    @Test("the phone number in another notation, or the e-mail, opens the conversation and the documents", arguments: TestDatabase.available)
    func proofOpensConversation(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let code = try await aduan.fileComplaint()

            for proof in ["+62 812 3456 7890", "WARGA@Example.com"] {
                let token = try await aduan.accessToken(code, proof: proof)
                try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)", headers: ["Authorization": "Bearer \(token)"]) { response in
                    #expect(response.status == .ok)
                    let view = try response.content.decode(View.self)
                    let conversation = try #require(view.conversation)
                    #expect(conversation.first?.message == Fixture.description)
                    #expect(conversation.first?.documents.count == 3)
                    let documents = try #require(view.documents)
                    #expect(documents.map(\.kind).sorted() == ["document", "kk_photo", "ktp_photo"])
                }
            }
        }
    }

    @Test("a wrong proof is 403 and repeated wrong proofs are slowed down")
    func wrongProofsAreThrottled() async throws {
        try await withAduan { aduan in
            let code = try await aduan.fileComplaint()
            func attempt(_ proof: String) async throws -> (HTTPStatus, String?) {
                var result: (HTTPStatus, String?) = (.ok, nil)
                try await aduan.app.testing().test(.POST, "/api/v1/complaints/\(code)/access", beforeRequest: { request in
                    try request.content.encode(["proof": proof])
                }, afterResponse: { response in
                    result = (response.status, response.headers.first(name: .retryAfter))
                })
                return result
            }

            for _ in 1...4 { #expect(try await attempt("0812-0000-0000").0 == .forbidden) }
            let fifth = try await attempt("0812-0000-0000")
            #expect(fifth.0 == .forbidden)
            // Now locked for 30 s: even the right proof waits.
            let locked = try await attempt(Fixture.phone)
            #expect(locked.0 == .tooManyRequests)
            #expect(locked.1 == "30")

            aduan.clock.advance(by: 31)
            #expect(try await attempt("0812-0000-0001").0 == .forbidden)
            aduan.clock.advance(by: 31)
            // The sixth failure doubled the wait to 60 s.
            #expect(try await attempt(Fixture.phone).0 == .tooManyRequests)
            aduan.clock.advance(by: 30)
            #expect(try await attempt(Fixture.phone).0 == .ok)
        }
    }

    @Test("a token opens only its own complaint, and expires")
    func tokenScope() async throws {
        try await withAduan { aduan in
            let first = try await aduan.fileComplaint()
            let second = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 1111 2222", "email": "lain@example.com"]))
            let token = try await aduan.accessToken(first)

            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(second)", headers: ["Authorization": "Bearer \(token)"]) { response in
                #expect(response.status == .unauthorized)
            }
            aduan.clock.advance(by: 31 * 60)
            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(first)", headers: ["Authorization": "Bearer \(token)"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.body.string.contains("kedaluwarsa"))
            }
        }
    }

    @Test("the citizen adds a message and a document; the document can be downloaded, and the view is recorded", arguments: TestDatabase.available)
    func addsMessageWithDocument(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let code = try await aduan.fileComplaint()
            let token = try await aduan.accessToken(code)
            var form = MultipartBuilder()
            form.field("message", "Ini surat keterangan dari nagari.")
            form.file("documents", filename: "keterangan.pdf", contentType: "application/pdf", Fixture.pdf + [0x0A])
            var headers = form.headers
            headers.bearerAuthorization = BearerAuthorization(token: token)

            try await aduan.app.testing().test(.POST, "/api/v1/complaints/\(code)/messages", headers: headers, body: form.build()) { response in
                #expect(response.status == .created)
            }

            var documentURL = ""
            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)", headers: ["Authorization": "Bearer \(token)"]) { response in
                let view = try response.content.decode(View.self)
                #expect(view.conversation?.last?.message == "Ini surat keterangan dari nagari.")
                #expect(view.conversation?.last?.author == "citizen")
                #expect(view.documents?.count == 4)
                documentURL = try #require(view.documents?.first { $0.name == "keterangan.pdf" }?.url)
            }
            try await aduan.app.testing().test(.GET, documentURL, headers: ["Authorization": "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.description == "application/pdf")
                #expect([UInt8](response.body.readableBytesView) == Fixture.pdf + [0x0A])
            }
            try await aduan.app.testing().test(.GET, documentURL) { response in
                #expect(response.status == .unauthorized)
            }
            let views = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .documentViewed).count()
            #expect(views == 1)
        }
    }

    @Test("a message needs a token, and an empty one is refused")
    func messageRules() async throws {
        try await withAduan { aduan in
            let code = try await aduan.fileComplaint()
            var form = MultipartBuilder()
            form.field("message", "")
            try await aduan.app.testing().test(.POST, "/api/v1/complaints/\(code)/messages", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .unauthorized)
            }
            var headers = form.headers
            headers.bearerAuthorization = BearerAuthorization(token: try await aduan.accessToken(code))
            try await aduan.app.testing().test(.POST, "/api/v1/complaints/\(code)/messages", headers: headers, body: form.build()) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("Tulis pesan"))
            }
        }
    }
}

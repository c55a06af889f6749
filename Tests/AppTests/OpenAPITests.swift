import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("The OpenAPI document and the routes")
struct OpenAPITests {
    static func document(_ app: Application) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: app.aduan.resources.root + "/openapi.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `/api/v1/complaints/{tracking_code}` and `/api/v1/complaints/:code` both become `/api/v1/complaints/{}`.
    static func normalise(_ path: String) -> String {
        path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "{}" : String($0) }.joined(separator: "/")
    }

    @Test("every API route is documented, and every documented operation is routed")
    func routesMatchDocument() async throws {
        try await withAduan { aduan in
            let document = try Self.document(aduan.app)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(Self.normalise(path))") }
            }
            let routed = Set(aduan.app.routes.all.compactMap { route -> String? in
                let path = route.path.map(\.description).joined(separator: "/")
                guard path.hasPrefix("api/") || path == "healthz" else { return nil }
                return "\(route.method.rawValue) \(Self.normalise(path))"
            })
            #expect(routed.subtracting(documented).isEmpty, "routed but not documented: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        }
    }

    @Test("the document is served")
    func served() async throws {
        try await withAduan { aduan in
            try await aduan.app.testing().test(.GET, "/api/v1/openapi.json") { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType == .json)
                #expect(response.body.string.contains("\"openapi\" : \"3.1.0\"") || response.body.string.contains("\"openapi\": \"3.1.0\""))
            }
        }
    }

    static func schemas(_ app: Application) throws -> [String: [String: Any]] {
        try #require((try document(app)["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
    }

    /// The answer's top-level properties are declared by the schema, and the required ones are there.
    static func check(_ body: ByteBuffer, against name: String, in schemas: [String: [String: Any]], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any], sourceLocation: sourceLocation)
        let schema = try #require(schemas[name], sourceLocation: sourceLocation)
        let declared = Set((schema["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
        let required = Set(schema["required"] as? [String] ?? [])
        let actual = Set(object.keys)
        #expect(actual.isSubset(of: declared), "\(name): undeclared \(actual.subtracting(declared))", sourceLocation: sourceLocation)
        #expect(required.isSubset(of: actual), "\(name): missing \(required.subtracting(actual))", sourceLocation: sourceLocation)
    }

    @Test("answers carry exactly the properties their schemas declare")
    func answersMatchSchemas() async throws {
        try await withAduan { aduan in
            let schemas = try Self.schemas(aduan.app)
            func check(_ body: ByteBuffer, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
                try Self.check(body, against: name, in: schemas, sourceLocation: sourceLocation)
            }

            let form = Fixture.complaintForm()
            var code = ""
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                try check(response.body, against: "ComplaintCreated")
                code = try response.content.decode(ComplaintAPITests.Created.self).tracking_code
            }
            let bad = Fixture.complaintForm(overriding: ["nik": "1"])
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: bad.headers, body: bad.build()) { response in
                try check(response.body, against: "Error")
            }
            try await aduan.app.testing().test(.POST, "/api/v1/complaints/\(code)/access", beforeRequest: { request in
                try request.content.encode(["proof": Fixture.email])
            }, afterResponse: { response in
                try check(response.body, against: "AccessGranted")
            })
            let token = try await aduan.accessToken(code)
            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)", headers: ["Authorization": "Bearer \(token)"]) { response in
                try check(response.body, against: "Complaint")
            }
            try await aduan.app.testing().test(.GET, "/api/v1/services") { response in
                try check(response.body, against: "ServiceList")
            }
            try await aduan.app.testing().test(.GET, "/healthz") { response in
                try check(response.body, against: "Health")
            }
        }
    }

    @Test("the office's answers carry exactly the properties their schemas declare")
    func staffAnswersMatchSchemas() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let schemas = try Self.schemas(aduan.app)
            let code = try await aduan.fileComplaint()
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            let admin = try await aduan.staffToken("admin", role: .admin)
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints?limit=1", headers: bearer(officer)) { response in
                try Self.check(response.body, against: "StaffQueuePage", in: schemas)
                let page = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let item = try #require((page["items"] as? [Any])?.first)
                try Self.check(ByteBuffer(data: try JSONSerialization.data(withJSONObject: item)), against: "StaffQueueItem", in: schemas)
            }
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(code)", headers: bearer(officer)) { response in
                try Self.check(response.body, against: "StaffComplaint", in: schemas)
            }
            try await aduan.postEvent(code, officer, ["type": "reply", "message": "Sedang kami periksa."]) { response in
                try Self.check(response.body, against: "StaffEvent", in: schemas)
            }
            try await aduan.postEvent(code, officer, ["type": "reply"]) { response in
                try Self.check(response.body, against: "Error", in: schemas)
            }
            let form = StaffAPITests.entryForm(channel: "telepon")
            try await aduan.app.testing().test(.POST, "/api/v1/staff/complaints", headers: form.headers.adding(bearer(officer)), body: form.build()) { response in
                try Self.check(response.body, against: "StaffComplaintCreated", in: schemas)
            }
            try await aduan.app.testing().test(.GET, "/api/v1/staff/audit", headers: bearer(admin)) { response in
                try Self.check(response.body, against: "StaffAuditPage", in: schemas)
            }
        }
    }
}

import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

extension TestAduan {
    /// Files the standard complaint through the API and returns its tracking code.
    func fileComplaint(_ form: MultipartBuilder = Fixture.complaintForm()) async throws -> String {
        var code = ""
        try await app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
            try #require(response.status == .created, "filing failed: \(response.body.string)")
            code = try response.content.decode(ComplaintAPITests.Created.self).tracking_code
        }
        return code
    }

    /// Proves ownership through the API and returns the access token.
    func accessToken(_ code: String, proof: String = Fixture.phone) async throws -> String {
        var token = ""
        try await app.testing().test(.POST, "/api/v1/complaints/\(code)/access", beforeRequest: { request in
            try request.content.encode(["proof": proof])
        }, afterResponse: { response in
            try #require(response.status == .ok, "access failed: \(response.body.string)")
            token = try response.content.decode(CitizenAPITests.Access.self).access_token
        })
        return token
    }

    func complaint(_ code: String) async throws -> Complaint {
        try #require(try await Complaint.query(on: app.db).filter(\.$trackingCode == code).first())
    }

    var service: ComplaintService {
        ComplaintService(db: app.db, context: app.aduan, logger: app.logger)
    }
}

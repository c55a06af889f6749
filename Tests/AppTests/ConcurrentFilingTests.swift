import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Bursts of filings: writers queue, nobody gets a 500")
struct ConcurrentFilingTests {
    static let clients = 32
    static let filingsPerClient = 4

    struct Answer: Sendable {
        var seed: UInt8
        var status: UInt
        var body: String
    }

    /// Each client is a citizen of its own behind the office's reverse proxy (127.0.0.1 is trusted in the
    /// test), so the per-address filing limit counts each apart, as it would in production.
    static func file(seed: UInt8, citizen: Int, port: Int, client: HTTPClient) async throws -> Answer {
        let form = Fixture.complaintForm(kkPhoto: Fixture.jpeg(seed: seed), ktpPhoto: Fixture.jpeg(seed: 255), documents: [])
        var headers = form.headers
        headers.add(name: "X-Forwarded-For", value: "203.0.113.\(citizen + 1)")
        let request = try HTTPClient.Request(
            url: "http://127.0.0.1:\(port)/api/v1/complaints", method: .POST, headers: headers, body: .byteBuffer(form.build()))
        let response = try await client.execute(request: request).get()
        return Answer(seed: seed, status: response.status.code, body: response.body.map { String(buffer: $0) } ?? "")
    }

    /// `clients` clients, each filing `filingsPerClient` complaints one after the other; each filing carries
    /// its own KK photo, so each complaint has its own file to check.
    static func burst(port: Int) async throws -> [Answer] {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: clients * 2)))
        do {
            let answers = try await withThrowingTaskGroup(of: [Answer].self) { group in
                for clientIndex in 0..<clients {
                    group.addTask {
                        var answers: [Answer] = []
                        for filing in 0..<filingsPerClient {
                            answers.append(try await file(
                                seed: UInt8(clientIndex * filingsPerClient + filing), citizen: clientIndex, port: port, client: client))
                        }
                        return answers
                    }
                }
                var all: [Answer] = []
                for try await answers in group { all += answers }
                return all
            }
            try await client.shutdown()
            return answers
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test("32 clients filing at once over HTTP: every one of 128 complaints answered 201 and stored with its photos", arguments: TestDatabase.available)
    func burstOfFilings(database: TestDatabase) async throws {
        // What is measured is that filings queue instead of failing; the whole suite runs in parallel on
        // two cores, where 32 filings with photos can wait longer than the default 10 s for a connection.
        try await withAduan(database, environment: ["ADUAN_TRUSTED_PROXIES": "127.0.0.1", "ADUAN_DB_TIMEOUT_SECONDS": "60"]) { aduan in
            try await aduan.app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(aduan.app.http.server.shared.localAddress?.port)
            let results = try await Self.burst(port: port)
            await aduan.app.server.shutdown()

            #expect(results.count == Self.clients * Self.filingsPerClient)
            let refused = results.filter { $0.status != 201 }
            #expect(refused.isEmpty, "\(refused.count) not 201, e.g. \(refused.first.map { "\($0.status) \($0.body.prefix(300))" } ?? "")")
            for answer in results where answer.status == 201 {
                let created = try JSONDecoder().decode(ComplaintAPITests.Created.self, from: Data(answer.body.utf8))
                let complaint = try await aduan.complaint(created.tracking_code)
                let photos = try await App.Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.id).all()
                #expect(Set(photos.map(\.kind)) == [.kkPhoto, .ktpPhoto])
                let kk = try #require(photos.first { $0.kind == .kkPhoto })
                let stored = try aduan.app.aduan.store.read(kk.sha256)
                #expect(stored == Data(try DocumentInspector.prepare(Fixture.jpeg(seed: answer.seed)).bytes))
            }
            #expect(try await Complaint.query(on: aduan.app.db).count() == results.count)
        }
    }
}

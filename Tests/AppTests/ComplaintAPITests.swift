import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("API: filing a complaint")
struct ComplaintAPITests {
    struct Created: Decodable {
        let tracking_code: String
        let status: String
        let received_at: String
        let first_response_due_at: String
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            let code: String
            let message: String
            let fields: [String: String]?
        }
        let error: Detail
    }

    @Test("a valid complaint is acknowledged with its code and first-response deadline", arguments: TestDatabase.available)
    func createsComplaint(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let form = Fixture.complaintForm()

            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .created)
                let created = try response.content.decode(Created.self)
                #expect(created.status == "received")
                #expect(try TrackingCode(created.tracking_code).value == created.tracking_code)
                // Monday 10:00 WIB + 24 working hours = Tuesday 10:00 WIB.
                #expect(created.received_at == "2026-11-30T10:00:00+07:00")
                #expect(created.first_response_due_at == "2026-12-01T10:00:00+07:00")
                #expect(response.headers.first(name: .location) == "/api/v1/complaints/\(created.tracking_code)")
            }

            let complaint = try #require(try await Complaint.query(on: aduan.app.db).first())
            #expect(complaint.nik == Fixture.nik)
            #expect(complaint.phone == Fixture.phoneNormalised)
            #expect(complaint.channel == .api)
            #expect(complaint.consentAt == mondayMorning)
            let attachments = try await Attachment.query(on: aduan.app.db).all()
            #expect(attachments.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.document, .kkPhoto, .ktpPhoto])
            #expect(attachments.allSatisfy { $0.$complaint.id == complaint.id })
        }
    }

    @Test("a complaint received on Friday afternoon is due on Monday at the same hour")
    func fridayComplaintIsDueMonday() async throws {
        // Friday 4 December 2026, 14:00 WIB.
        let friday = mondayMorning.addingTimeInterval(4 * 86_400 + 4 * 3600)
        try await withAduan(at: friday) { aduan in
            let form = Fixture.complaintForm()
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                let created = try response.content.decode(Created.self)
                #expect(created.first_response_due_at == "2026-12-07T14:00:00+07:00")
            }
        }
    }

    @Test("every invalid field is named, in Indonesian, with 422", arguments: TestDatabase.available)
    func reportsEveryInvalidField(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let form = Fixture.complaintForm(
                overriding: ["nik": "1234", "phone": "(0754) 71234", "email": "warga@", "service": "paspor", "consent": "false"],
                omitting: ["name"], kkPhoto: nil)

            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .unprocessableEntity)
                let body = try response.content.decode(ErrorBody.self)
                #expect(body.error.code == "validation_failed")
                let fields = try #require(body.error.fields)
                #expect(Set(fields.keys) == ["name", "nik", "phone", "email", "service", "consent", "kk_photo"])
                #expect(fields["nik"]?.contains("16 angka") == true)
                #expect(fields["phone"]?.contains("telepon rumah") == true)
                #expect(fields["consent"]?.contains("persetujuan") == true)
            }
            #expect(try await Complaint.query(on: aduan.app.db).count() == 0)
        }
    }

    @Test("English messages when asked for")
    func englishMessages() async throws {
        try await withAduan { aduan in
            let form = Fixture.complaintForm(overriding: ["nik": "1234"])
            try await aduan.app.testing().test(.POST, "/api/v1/complaints?lang=en", headers: form.headers, body: form.build()) { response in
                let body = try response.content.decode(ErrorBody.self)
                #expect(body.error.fields?["nik"] == "The NIK must have 16 digits. Please check your KTP-el or Family Card (KK).")
            }
        }
    }

    @Test("files are judged by their content, not their name")
    func refusesDisguisedFiles() async throws {
        try await withAduan { aduan in
            let form = Fixture.complaintForm(kkPhoto: Fixture.fakePhoto)
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .unprocessableEntity)
                let body = try response.content.decode(ErrorBody.self)
                #expect(body.error.fields?["kk_photo"] == "Jenis berkas tidak didukung. Kirim foto (JPG, PNG, HEIC) atau PDF.")
            }
            // The photos that were fine belong to nothing, and the sweep removes them once an hour old.
            #expect(try await Attachment.query(on: aduan.app.db).count() == 0)
            aduan.clock.advance(by: OrphanFileCollector.defaultMinimumAge + 1)
            try await OrphanFileCollector(db: aduan.app.db, store: aduan.app.aduan.store, logger: aduan.app.logger).run(now: aduan.clock.now())
            #expect(try storedFiles(aduan).isEmpty)
        }
    }

    @Test("a file over the per-file limit is refused beside its field")
    func refusesLargeFile() async throws {
        try await withAduan(environment: ["ADUAN_MAX_FILE_MB": "1", "ADUAN_MAX_COMPLAINT_MB": "3"]) { aduan in
            let big = Fixture.pdf + [UInt8](repeating: 0x20, count: 1_200_000) + Array("\n%%EOF\n".utf8)
            let form = Fixture.complaintForm(documents: [big])
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .unprocessableEntity)
                let body = try response.content.decode(ErrorBody.self)
                #expect(body.error.fields?["documents"]?.contains("maksimal 1 MB") == true)
            }
        }
    }

    @Test("a body over the complaint limit is 413")
    func refusesOversizedBody() async throws {
        try await withAduan(environment: ["ADUAN_MAX_FILE_MB": "1", "ADUAN_MAX_COMPLAINT_MB": "1"]) { aduan in
            let chunk = Fixture.pdf + [UInt8](repeating: 0x20, count: 900_000) + Array("\n%%EOF\n".utf8)
            let form = Fixture.complaintForm(documents: [chunk, chunk, chunk])
            try await aduan.app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .payloadTooLarge)
            }
            #expect(try await Complaint.query(on: aduan.app.db).count() == 0)
        }
    }

    @Test("photos are stored outside public folders, by content hash, without their location")
    func storesFilesSafely() async throws {
        try await withAduan { aduan in
            let form = Fixture.complaintForm()
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                #expect(response.status == .created)
            }
            let kk = try #require(try await Attachment.query(on: aduan.app.db).filter(\.$kind == .kkPhoto).first())
            let path = aduan.app.aduan.store.path(for: kk.sha256)
            #expect(path.hasPrefix(aduan.dataDirectory + "/files/"))
            #expect(!path.hasPrefix(aduan.app.aduan.resources.publicFiles))
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(bytes.count == Fixture.jpegWithGPS.count)
            #expect(!contains(bytes, Fixture.secretLatitude), "the GPS latitude must be gone")
            #expect(contains(bytes, [0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06]), "the orientation must stay")
            #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == kk.sha256)
        }
    }

    @Test("the service catalogue lists the services of the form")
    func listsServices() async throws {
        struct List: Decodable { struct Item: Decodable { let code: String; let name: String }; let services: [Item] }
        try await withAduan { aduan in
            try await aduan.app.testing().test(.GET, "/api/v1/services") { response in
                #expect(response.status == .ok)
                let list = try response.content.decode(List.self)
                #expect(list.services.map(\.code) == ["kk", "ktp_el", "pindah", "akta_kelahiran", "akta_kematian", "akta_perkawinan",
                                                      "akta_perceraian", "kia", "ikd", "biodata", "nik", "lainnya"])
                #expect(list.services.first?.name == "Kartu Keluarga (KK)")
            }
        }
    }

    @Test("an acknowledged complaint is still there after the server stops and starts again")
    func survivesRestart() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-restart-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        var code = ""
        try await withAduan(environment: ["ADUAN_DATA_DIR": dataDirectory]) { aduan in
            let form = Fixture.complaintForm()
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                code = try response.content.decode(Created.self).tracking_code
            }
        }
        try await withAduan(environment: ["ADUAN_DATA_DIR": dataDirectory]) { aduan in
            try await aduan.app.testing().test(.GET, "/api/v1/complaints/\(code)") { response in
                #expect(response.status == .ok)
            }
            for attachment in try await Attachment.query(on: aduan.app.db).all() {
                #expect(aduan.app.aduan.store.exists(attachment.sha256))
            }
        }
    }
}

func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
}

/// The content-addressed files under the data folder (temporary files excluded).
func storedFiles(_ aduan: TestAduan) throws -> [String] {
    let root = aduan.dataDirectory + "/files"
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
    return enumerator.compactMap { $0 as? String }.filter { $0.count > 60 && !$0.hasPrefix("tmp") }
}

import AduanCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

/// Hostile uploads through the public API and the web form: each refused with its own message,
/// nothing stored, and the server still files a valid complaint afterwards.
@Suite("Hostile uploads")
struct HostileUploadTests {
    typealias ErrorBody = ComplaintAPITests.ErrorBody

    static let environment = ["ADUAN_MAX_FILE_MB": "1", "ADUAN_MAX_COMPLAINT_MB": "2"]

    static let unsupported = "Jenis berkas tidak didukung. Kirim foto (JPG, PNG, HEIC) atau PDF."
    static let damaged = "Berkas rusak atau tidak terkirim utuh. Ambil ulang foto atau simpan ulang PDF, lalu kirim lagi."
    static let tooLargeImage = "Ukuran gambar terlalu besar"

    static func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { be32(8 + payload.count) + ascii(type) + payload }
    static let ftyp = box("ftyp", ascii("heic") + [0, 0, 0, 0])
    /// CRC-32 as PNG uses it (reflected 0xEDB88320).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }
    static func pngBomb() -> [UInt8] {
        let ihdr = ascii("IHDR") + be32(30000) + be32(30000) + [8, 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + ihdr + be32(Int(crc32(ihdr)))
    }
    static func jpegBomb() -> [UInt8] {
        var b = Fixture.jpeg()
        // Fixture.jpeg's SOF0 declares 16×16: rewrite it to 60000×60000.
        let sof = (0..<b.count - 1).first { b[$0] == 0xFF && b[$0 + 1] == 0xC0 }!
        b.replaceSubrange((sof + 5)..<(sof + 9), with: be16(60000) + be16(60000))
        return b
    }
    static func hugeILOC() -> [UInt8] {
        let infe = box("infe", [2, 0, 0, 0] + be16(1) + be16(0) + ascii("Exif") + [0])
        let iinf = box("iinf", [0, 0, 0, 0] + be16(1) + infe)
        let iloc = box("iloc", [0, 0, 0, 0] + [0x00, 0x00] + be16(0xFFFF) + Array([[UInt8]](repeating: be16(1) + be16(0) + be16(0xFFFF), count: 100).joined()))
        // Many TIFF headers after "Exif\0\0": the fallback scan refuses more than 64.
        let hits = Array([[UInt8]](repeating: ascii("Exif") + [0, 0] + ascii("II*") + [0, 8, 0, 0, 0, 0, 0], count: 70).joined())
        return ftyp + box("meta", [0, 0, 0, 0] + iinf + iloc) + box("mdat", hits)
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var field: String = "kk_photo"
        var filename: String = "foto-kk.jpg"
        var bytes: [UInt8]
        var message: String
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "wrong magic", bytes: [0x00, 0x01, 0x02, 0x03] + Array(Fixture.jpeg().dropFirst(4)), message: unsupported),
        Row(name: "HTML named .jpg", bytes: ascii("<!doctype html><script>alert(1)</script>"), message: unsupported),
        Row(name: "SVG named .jpg", bytes: ascii("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"), message: unsupported),
        Row(name: "script named .jpg", bytes: ascii("#!/bin/sh\nrm -rf /\n"), message: unsupported),
        Row(name: "GIF", filename: "foto.gif", bytes: ascii("GIF89a") + [1, 0, 1, 0, 0, 0, 0, 0x3B], message: unsupported),
        Row(name: "ZIP named .pdf", field: "documents", filename: "surat.pdf", bytes: [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26), message: unsupported),
        Row(name: "ELF named .pdf", field: "documents", filename: "surat.pdf", bytes: [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 56), message: unsupported),
        Row(name: "empty file", bytes: [], message: "Unggah foto atau pindaian Kartu Keluarga (KK)."),
        Row(name: "truncated JPEG", bytes: Array(Fixture.jpeg().prefix(60)), message: damaged),
        Row(name: "truncated PNG", bytes: Array(pngBomb().prefix(20)), message: damaged),
        Row(name: "truncated HEIC", filename: "foto.heic", bytes: ftyp + be32(400) + ascii("meta") + [0, 0, 0, 0], message: damaged),
        Row(name: "PDF without %%EOF", field: "documents", filename: "surat.pdf", bytes: Array(Fixture.pdf.dropLast(7)), message: damaged),
        Row(name: "pixel bomb JPEG 60000×60000", bytes: jpegBomb(), message: tooLargeImage),
        Row(name: "pixel bomb PNG 30000×30000", filename: "foto.png", bytes: pngBomb() + be32(0) + ascii("IEND") + be32(Int(crc32(ascii("IEND")))), message: tooLargeImage),
        Row(name: "HEIC: ftyp + 8-byte meta (24 bytes)", filename: "foto.heic", bytes: ftyp + be32(8) + ascii("meta"), message: damaged),
        Row(name: "HEIC: ftyp + 12-byte iinf", filename: "foto.heic", bytes: ftyp + box("meta", [0, 0, 0, 0] + box("iinf", [0, 0, 0, 0])), message: damaged),
        Row(name: "HEIC: huge iloc counts", filename: "foto.heic", bytes: hugeILOC(), message: damaged),
        Row(name: "oversize single file", field: "documents", filename: "surat.pdf",
            bytes: Fixture.pdf + [UInt8](repeating: 0x20, count: 1_100_000) + ascii("\n%%EOF\n"), message: "maksimal 1 MB"),
    ]

    static func form(_ row: Row) -> MultipartBuilder {
        var form = Fixture.complaintForm(kkPhoto: row.field == "kk_photo" ? nil : Fixture.jpegWithGPS, documents: [])
        if row.bytes.isEmpty { form.emptyFile(row.field) } else { form.file(row.field, filename: row.filename, row.bytes) }
        return form
    }

    @Test("API: each hostile upload is refused with its own message, nothing stored, server still serving",
          arguments: TestDatabase.available)
    func api(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.environment) { aduan in
            for row in Self.rows {
                let form = Self.form(row)
                try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: form.headers, body: form.build()) { response in
                    #expect(response.status == .unprocessableEntity, "\(row.name)")
                    let body = try response.content.decode(ErrorBody.self)
                    let message = body.error.fields?[row.field] ?? ""
                    #expect(message.contains(row.message), "\(row.name): \(message)")
                }
                #expect(try await Complaint.query(on: aduan.app.db).count() == 0, "\(row.name)")
                #expect(try await Attachment.query(on: aduan.app.db).count() == 0, "\(row.name)")
                let left = try Self.filesOnDisk(aduan)
                #expect(Set(left).isSubset(of: try Self.validPhotoPaths()), "\(row.name): \(left)")
            }
            try await Self.expectNothingLeftAfterCollection(aduan)
            _ = try await aduan.fileComplaint()
            #expect(try await Complaint.query(on: aduan.app.db).count() == 1)
        }
    }

    @Test("API: oversize total is 413, too many parts is 413 with its own message", arguments: TestDatabase.available)
    func tooMuch(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.environment) { aduan in
            let big = Fixture.pdf + [UInt8](repeating: 0x20, count: 900_000) + Self.ascii("\n%%EOF\n")
            let total = Fixture.complaintForm(documents: [big, big, big])
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: total.headers, body: total.build()) { response in
                #expect(response.status == .payloadTooLarge)
                let message = try response.content.decode(ErrorBody.self).error.message
                #expect(message.contains("Jumlah ukuran berkas terlalu besar"), "\(message)")
            }
            var parts = Fixture.complaintForm()
            for i in 0..<40 { parts.field("x\(i)", "y") }
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: parts.headers, body: parts.build()) { response in
                #expect(response.status == .payloadTooLarge)
                let message = try response.content.decode(ErrorBody.self).error.message
                #expect(message.contains("terlalu banyak bagian"), "\(message)")
            }
            #expect(try await Complaint.query(on: aduan.app.db).count() == 0)
            #expect(try await Attachment.query(on: aduan.app.db).count() == 0)
            // The files that passed before the total ran over are the collector's to remove.
            try await Self.expectNothingLeftAfterCollection(aduan)
            _ = try await aduan.fileComplaint()
        }
    }

    /// Names are never used as paths (files are stored under their SHA-256); the name kept for display
    /// and Content-Disposition is reduced to its last component and safe characters.
    @Test("path traversal and control characters in file names are neutralised", arguments: TestDatabase.available)
    func names(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.environment) { aduan in
            var form = Fixture.complaintForm(documents: [])
            form.file("documents", filename: "../../etc/passwd.pdf", Fixture.pdf)
            form.file("documents", filename: "..\\..\\boot\u{1}\u{1B}.ini\t.pdf", Fixture.pdf)
            form.file("documents", filename: "surat\u{202E}fdp.exe", Fixture.pdf)
            let code = try await aduan.fileComplaint(form)
            let complaint = try await aduan.complaint(code)
            let names = try await Attachment.query(on: aduan.app.db).filter(\.$complaint.$id == complaint.requireID())
                .filter(\.$kind == .document).all().map(\.originalName).sorted()
            #expect(names.count == 3)
            for name in names {
                #expect(!name.contains("/") && !name.contains("\\") && !name.contains(".."), "\(name)")
                #expect(!name.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }, "\(name)")
            }
            #expect(names.contains("passwd.pdf"))
            // Nothing was written outside files/.
            #expect(!FileManager.default.fileExists(atPath: aduan.dataDirectory + "/etc"))
        }
    }

    @Test("web form: a hostile file is refused beside its field and nothing is stored", arguments: TestDatabase.available)
    func web(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.environment) { aduan in
            for row in Self.rows where ["HEIC: ftyp + 8-byte meta (24 bytes)", "pixel bomb JPEG 60000×60000", "HTML named .jpg"].contains(row.name) {
                let form = Self.form(row)
                try await aduan.app.testing().test(.POST, SitePaths.link(SitePaths.submitComplaint), headers: form.headers, body: form.build()) { response in
                    #expect(response.status == .unprocessableEntity, "\(row.name)")
                    #expect(response.body.string.contains(row.message), "\(row.name)")
                }
                #expect(try await Complaint.query(on: aduan.app.db).count() == 0, "\(row.name)")
            }
            // The web form keeps photos that passed as a draft; the refused file itself is never stored.
            #expect(try await Attachment.query(on: aduan.app.db).filter(\.$kind == .kkPhoto).count() == 0)
            _ = try await aduan.fileComplaint()
        }
    }

    /// The store paths of the valid photos the hostile forms carry beside the bad file. A refused filing
    /// leaves those to the orphan collector (the only code that deletes stored bytes, so identical uploads
    /// of another complaint can never lose theirs); the refused file itself is never written.
    static func validPhotoPaths() throws -> Set<String> {
        let photos = [Fixture.jpegWithGPS, Fixture.jpeg(seed: 2)]
        return Set(try photos.map { bytes in
            let hash = SHA256.hash(data: try DocumentInspector.prepare(bytes).bytes).map { String(format: "%02x", $0) }.joined()
            return "\(hash.prefix(2))/\(hash)"
        })
    }

    /// Once the collector's hour has passed, nothing of the refused filings is left on disk.
    static func expectNothingLeftAfterCollection(_ aduan: TestAduan) async throws {
        aduan.clock.advance(by: 3601)
        try await OrphanFileCollector(db: aduan.app.db, store: aduan.app.aduan.store, logger: aduan.app.logger)
            .run(now: aduan.clock.now())
        #expect(try filesOnDisk(aduan).isEmpty)
    }

    /// Every regular file under the data directory's files/ (tmp/ included).
    static func filesOnDisk(_ aduan: TestAduan) throws -> [String] {
        let root = aduan.dataDirectory + "/files"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter {
            var dir: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &dir) && !dir.boolValue
        }
    }
}

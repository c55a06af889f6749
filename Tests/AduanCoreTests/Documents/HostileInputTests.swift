import Foundation
import Testing
@testable import AduanCore

/// Inputs that once trapped the process or asked for unbounded work, and pixel bombs.
/// Every one must end in a typed refusal (or a harmless acceptance), never a crash.
@Suite("Documents: hostile input")
struct HostileInputTests {
    typealias F = DocFixture

    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { F.be32(8 + payload.count) + F.ascii(type) + payload }
    static func fullBox(_ type: String, version: UInt8 = 0, _ payload: [UInt8]) -> [UInt8] { box(type, [version, 0, 0, 0] + payload) }
    static let ftyp = box("ftyp", F.ascii("heic") + [0, 0, 0, 0])

    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let error: DocumentError
        var testDescription: String { name }
    }

    static let heicRows: [Row] = [
        // The 24-byte file of issue 6: a meta box too short for its own version/flags.
        Row(name: "ftyp + 8-byte meta", bytes: ftyp + F.be32(8) + F.ascii("meta"), error: .damaged),
        // An iinf with version/flags but no entry count: its entries would start past its end.
        Row(name: "ftyp + meta with 12-byte iinf", bytes: ftyp + fullBox("meta", box("iinf", [0, 0, 0, 0])), error: .damaged),
        Row(name: "pixel bomb 60000×60000 (ispe)", bytes: ftyp + fullBox("meta", box("iprp", box("ipco", fullBox("ispe", F.be32(60000) + F.be32(60000))))), error: .imageTooLarge),
    ]

    @Test("malformed HEIC boxes are refused, not trapped", arguments: heicRows)
    func heic(row: Row) {
        #expect(DocumentInspector.detectType(row.bytes) == .heic)
        #expect(throws: row.error) { try DocumentInspector.prepare(row.bytes) }
    }

    @Test("iloc declaring 65,535 items of 65,535 zero-size extents is bounded")
    func hugeILOC() throws {
        // offset/length/base sizes 0: each extent reads no bytes, so only a count bound stops the loop.
        let infe = Self.fullBox("infe", version: 2, F.be16(1) + F.be16(0) + F.ascii("Exif") + [0])
        let iinf = Self.fullBox("iinf", F.be16(1) + infe)
        var items: [UInt8] = []
        for id in 1...200 { items += F.be16(id) + F.be16(0) + F.be16(0xFFFF) } // v0: id, data ref, extent count
        let iloc = Self.fullBox("iloc", [0x00, 0x00] + F.be16(200) + items)
        let file = Self.ftyp + Self.fullBox("meta", iinf + iloc)
        let start = Date()
        let prepared = try DocumentInspector.prepare(file) // iloc is unusable: the fallback scan decides
        #expect(prepared.type == .heic)
        #expect(Date().timeIntervalSince(start) < 1)
        typealias H = DocumentInspector.HEIF
        let meta = try #require(try H.boxes(file, in: 0..<file.count).first { $0.type == H.meta })
        let loc = try #require(try H.boxes(file, from: meta.payload + 4, to: meta.end).first { $0.type == H.iloc })
        #expect(throws: H.Malformed.self) { _ = try H.itemLocations(file, iloc: loc) }
    }

    @Test("more than 64 Exif/TIFF headers in one HEIC are refused (the scan stays linear)")
    func manyExifHits() {
        let hit = F.ascii("Exif") + [0, 0] + F.ascii("II*") + [0, 8, 0, 0, 0, 0, 0]
        let file = Self.ftyp + Self.fullBox("meta", []) + Self.box("mdat", Array([[UInt8]](repeating: hit, count: 65).joined()))
        #expect(throws: DocumentError.damaged) { try DocumentInspector.prepare(file) }
    }

    static func sof(width: Int, height: Int) -> [UInt8] { F.segment(0xC0, [8] + F.be16(height) + F.be16(width) + [1, 1, 0x11, 0]) }
    static func png(width: Int, height: Int) -> [UInt8] {
        let ihdr = F.ascii("IHDR") + F.be32(width) + F.be32(height) + [8, 2, 0, 0, 0]
        let iend = F.ascii("IEND")
        return DocumentInspector.PNG.signature
            + F.be32(13) + ihdr + F.be32(Int(DocumentInspector.CRC32.checksum(ihdr)))
            + F.be32(0) + iend + F.be32(Int(DocumentInspector.CRC32.checksum(iend)))
    }

    @Test("image size limits", arguments: [
        (20_000, 5_000, true), (10_000, 10_000, true), (20_001, 10, false), (10, 20_001, false),
        (10_001, 10_000, false), (60_000, 60_000, false), (0, 0, true),
    ])
    func limits(width: Int, height: Int, allowed: Bool) {
        #expect(ImageLimits.allows(width: width, height: height) == allowed)
    }

    @Test("a JPEG declaring 60000×60000 in its SOF0 is refused as too large")
    func jpegBomb() {
        #expect(throws: DocumentError.imageTooLarge) { try DocumentInspector.prepare(F.jpeg([Self.sof(width: 60000, height: 60000)])) }
        #expect(throws: Never.self) { try DocumentInspector.prepare(F.jpeg([Self.sof(width: 4000, height: 3000)])) }
    }

    @Test("a PNG declaring 30000×30000 in its IHDR is refused as too large")
    func pngBomb() throws {
        #expect(throws: DocumentError.imageTooLarge) { try DocumentInspector.prepare(Self.png(width: 30000, height: 30000)) }
        #expect(try DocumentInspector.prepare(Self.png(width: 4000, height: 3000)).type == .png)
    }

    @Test("a SOF segment too short for its dimensions is damaged")
    func shortSOF() {
        #expect(throws: DocumentError.damaged) { try DocumentInspector.prepare(F.jpeg([F.segment(0xC0, [8, 0])])) }
    }
}

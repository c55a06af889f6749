import Foundation
import Testing
@testable import AduanCore

@Suite("PDF and damaged uploads")
struct DamagedAndPDFTests {
    typealias F = DocFixture

    static let pdfSamples: [[UInt8]] = [
        F.pdf,
        F.ascii("%PDF-2.0\n") + [UInt8](repeating: 0x41, count: 5000) + F.ascii("\n%%EOF\n"),
        // %%EOF followed by up to ~1 KB of trailing bytes (incremental-update padding).
        F.pdf + [UInt8](repeating: 0x0A, count: 1000),
    ]

    @Test("PDF is accepted unchanged", arguments: pdfSamples)
    func pdf(_ input: [UInt8]) throws {
        let result = try DocumentInspector.prepare(input)
        #expect(result.type == .pdf)
        #expect(result.bytes == input)
        #expect(!result.removedLocation)
    }

    static let fullJPEG = F.jpeg([F.app0JFIF, F.app1Exif(F.exifWithGPS(.little).bytes)])

    static let damagedSamples: [(String, [UInt8])] = [
        ("JPEG: SOI only", [0xFF, 0xD8, 0xFF]),
        ("JPEG: cut inside APP1", Array(fullJPEG.prefix(40))),
        ("JPEG: cut before SOS", Array(fullJPEG.prefix(fullJPEG.count - F.scanData.count - F.sos.count - 2))),
        ("JPEG: cut inside SOS header", Array(fullJPEG.prefix(fullJPEG.count - F.scanData.count - 4))),
        ("JPEG: cut inside scan data (no EOI)", Array(fullJPEG.dropLast(50))),
        ("JPEG: EOI before any scan", [0xFF, 0xD8] + F.app0JFIF + [0xFF, 0xD9]),
        ("JPEG: garbage between segments", [0xFF, 0xD8] + F.app0JFIF + [0x00, 0x11] + F.dqt + F.sof0 + F.sos + [1, 2, 0xFF, 0xD9]),
        ("JPEG: segment length below 2", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xDA]),
        ("PDF: no %%EOF", F.ascii("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")),
        ("PDF: %%EOF more than 1 KB before the end", F.pdf + [UInt8](repeating: 0x20, count: 1100)),
        ("PDF: header only", F.ascii("%PDF-1.")),
        ("PNG: cut in half", Array(F.png([F.ihdr, F.idat, F.iend]).prefix(30))),
        ("HEIC: cut in half", Array(F.heif().bytes.prefix(F.heif().bytes.count / 2))),
    ]

    @Test("Truncated or corrupt files are damaged", arguments: damagedSamples)
    func damaged(_ name: String, _ input: [UInt8]) {
        #expect(DocumentInspector.detectType(input) != nil)
        #expect(throws: DocumentError.damaged) { try DocumentInspector.prepare(input) }
    }
}

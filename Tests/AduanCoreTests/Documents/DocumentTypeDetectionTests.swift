import Foundation
import Testing
@testable import AduanCore

@Suite("Document type detection")
struct DocumentTypeDetectionTests {
    typealias F = DocFixture

    struct Sample: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: DocumentType?
        var testDescription: String { name }
    }

    static let samples: [Sample] = [
        Sample(name: "jpeg", bytes: F.jpeg([F.app0JFIF]), expected: .jpeg),
        Sample(name: "jpeg (exif first)", bytes: F.jpeg([F.app1Exif(F.exifWithGPS(.little).bytes)]), expected: .jpeg),
        Sample(name: "png", bytes: F.png([F.ihdr, F.idat, F.iend]), expected: .png),
        Sample(name: "heic", bytes: F.heif().bytes, expected: .heic),
        Sample(name: "heif generic mif1", bytes: F.ftyp(major: "mif1", compatible: ["mif1", "miaf"]), expected: .heic),
        Sample(name: "heix major", bytes: F.ftyp(major: "heix", compatible: ["mif1"]), expected: .heic),
        Sample(name: "heic brand only in compatible list", bytes: F.ftyp(major: "isom", compatible: ["iso8", "heic"]), expected: .heic),
        Sample(name: "heic sequence msf1/hevc", bytes: F.ftyp(major: "msf1", compatible: ["msf1", "hevc"]), expected: .heic),
        Sample(name: "pdf 1.7", bytes: F.pdf, expected: .pdf),
        Sample(name: "pdf 2.0", bytes: F.ascii("%PDF-2.0\n%%EOF\n"), expected: .pdf),
        Sample(name: "avif only", bytes: F.ftyp(major: "avif", compatible: ["avif", "mif1", "miaf", "MA1B"]), expected: nil),
        Sample(name: "avif sequence", bytes: F.ftyp(major: "avis", compatible: ["avis", "msf1", "miaf"]), expected: nil),
        Sample(name: "mp4 video", bytes: F.ftyp(major: "isom", compatible: ["isom", "iso2", "mp41"]), expected: nil),
        Sample(name: "quicktime", bytes: F.ftyp(major: "qt  ", compatible: ["qt  "]), expected: nil),
        Sample(name: "gif", bytes: F.ascii("GIF89a") + [1, 0, 1, 0, 0, 0, 0, 0x3B], expected: nil),
        Sample(name: "webp", bytes: F.ascii("RIFF") + [26, 0, 0, 0] + F.ascii("WEBPVP8 ") + [UInt8](repeating: 0, count: 18), expected: nil),
        Sample(name: "zip", bytes: [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26), expected: nil),
        Sample(name: "docx (zip)", bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 6, 0] + F.ascii("[Content_Types].xml"), expected: nil),
        Sample(name: "exe", bytes: F.ascii("MZ") + [0x90, 0, 3, 0, 0, 0, 4, 0], expected: nil),
        Sample(name: "bmp", bytes: F.ascii("BM") + [UInt8](repeating: 0, count: 52), expected: nil),
        Sample(name: "text named .jpg", bytes: F.ascii("Ini bukan foto, hanya teks biasa.\n"), expected: nil),
        Sample(name: "jpeg signature too short", bytes: [0xFF, 0xD8], expected: nil),
        Sample(name: "pdf with leading junk", bytes: F.ascii("junk\n") + F.pdf, expected: nil),
        Sample(name: "pdf unknown major version", bytes: F.ascii("%PDF-3.0\n%%EOF\n"), expected: nil),
        Sample(name: "empty", bytes: [], expected: nil),
    ]

    @Test("detects by content", arguments: samples)
    func detects(_ s: Sample) {
        #expect(DocumentInspector.detectType(s.bytes) == s.expected)
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var error: DocumentError
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "empty", bytes: [], error: .empty),
        Refusal(name: "gif", bytes: F.ascii("GIF89a") + [1, 0, 1, 0, 0, 0, 0, 0x3B], error: .unsupportedType),
        Refusal(name: "webp", bytes: F.ascii("RIFF") + [26, 0, 0, 0] + F.ascii("WEBPVP8 "), error: .unsupportedType),
        Refusal(name: "zip", bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0], error: .unsupportedType),
        Refusal(name: "text", bytes: F.ascii("hello"), error: .unsupportedType),
        Refusal(name: "avif", bytes: F.ftyp(major: "avif", compatible: ["avif", "mif1", "miaf"]), error: .unsupportedType),
    ]

    @Test("refuses what it does not accept", arguments: refusals)
    func refuses(_ r: Refusal) {
        #expect(throws: r.error) { try DocumentInspector.prepare(r.bytes) }
    }

    @Test("type properties", arguments: [
        (DocumentType.jpeg, "image/jpeg", "jpg", true),
        (.png, "image/png", "png", true),
        (.heic, "image/heic", "heic", true),
        (.pdf, "application/pdf", "pdf", false),
    ])
    func properties(_ type: DocumentType, _ mime: String, _ ext: String, _ isImage: Bool) {
        #expect(type.mimeType == mime)
        #expect(type.fileExtension == ext)
        #expect(type.isImage == isImage)
    }

    @Test func allTypesCovered() {
        #expect(DocumentType.allCases == [.jpeg, .png, .heic, .pdf])
        #expect(DocumentType(rawValue: "heic") == .heic)
    }

    @Test func codableUsesRawValue() throws {
        let data = try JSONEncoder().encode([DocumentType.jpeg, .pdf])
        #expect(String(decoding: data, as: UTF8.self) == #"["jpeg","pdf"]"#)
        #expect(try JSONDecoder().decode([DocumentType].self, from: data) == [.jpeg, .pdf])
    }
}

@Suite("Document error message keys")
struct DocumentErrorMessageKeyTests {
    @Test("stable keys", arguments: [
        (DocumentError.empty, "upload.empty"),
        (.unsupportedType, "upload.unsupported_type"),
        (.damaged, "upload.damaged"),
    ])
    func key(_ error: DocumentError, _ key: String) {
        #expect(error.messageKey == key)
    }
}

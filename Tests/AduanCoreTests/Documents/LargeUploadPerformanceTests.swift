import Foundation
import Testing
@testable import AduanCore

@Suite("Large uploads")
struct LargeUploadPerformanceTests {
    typealias F = DocFixture

    /// 10 MB of 'E' bytes: every byte is a candidate start of "Exif\0\0" for the HEIC scan.
    static let filler = [UInt8](repeating: 0x45, count: 10 * 1024 * 1024)

    /// Built inside the test: large arrays as test arguments would be described byte by byte.
    static func sample(_ type: DocumentType) -> [UInt8] {
        switch type {
        case .png: F.png([F.ihdr, F.chunk("IDAT", filler), F.chunk("eXIf", F.exifWithGPS(.big).bytes), F.iend])
        case .heic: F.heif().bytes + F.box("free", filler)
        case .jpeg, .pdf: []
        }
    }

    /// Correctness on the largest files the default limit allows. The time is printed as a figure, never
    /// asserted: a test must not fail on a busy machine.
    @Test("10 MB PNG (CRC of every byte) and HEIC (Exif/XMP scans) are cleaned of their location",
          arguments: [DocumentType.png, .heic])
    func large(_ type: DocumentType) throws {
        let input = Self.sample(type)
        let clock = ContinuousClock()
        var result: PreparedDocument?
        let elapsed = try clock.measure { result = try DocumentInspector.prepare(input) }
        print("DocumentInspector.prepare, 10 MB \(type.rawValue): \(elapsed)")
        let out = try #require(result)
        #expect(out.type == type)
        #expect(out.removedLocation)
        F.expectAbsent(F.gpsPatterns(.big), in: Array(out.bytes.prefix(8192)))
    }
}

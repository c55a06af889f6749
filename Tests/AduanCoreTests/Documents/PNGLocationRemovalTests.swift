import Foundation
import Testing
@testable import AduanCore

@Suite("PNG location removal")
struct PNGLocationRemovalTests {
    typealias F = DocFixture

    @Test("CRC-32 matches the standard check values", arguments: [
        ("123456789", UInt32(0xCBF4_3926)),
        ("", 0),
        ("IEND", 0xAE42_6082),
        ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
    ])
    func crc(_ text: String, _ expected: UInt32) {
        #expect(DocumentInspector.CRC32.checksum(Array(text.utf8)) == expected)
    }

    static let itxtXMP = F.chunk("iTXt", F.ascii("XML:com.adobe.xmp") + [0, 0, 0, 0, 0] + F.xmpPacket)
    static let textLocation = F.chunk("tEXt", F.ascii("Location") + [0] + F.ascii("Jl. Merdeka 1, Jakarta"))
    static let ztxt = F.chunk("zTXt", F.ascii("Comment") + [0, 0, 0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])

    @Test("eXIf and text chunks dropped, everything else byte-identical", arguments: F.Endian.allCases)
    func dropsMetadata(_ endian: F.Endian) throws {
        let exif = F.chunk("eXIf", F.exifWithGPS(endian).bytes)
        let input = F.png([F.ihdr, F.phys, exif, Self.itxtXMP, Self.textLocation, F.idat, Self.ztxt, F.iend])
        F.expectPresent(F.gpsPatterns(endian), in: input)

        let result = try DocumentInspector.prepare(input)
        #expect(result.type == .png)
        #expect(result.removedLocation)
        #expect(result.bytes == F.png([F.ihdr, F.phys, F.idat, F.iend]))

        let chunks = try #require(F.pngChunks(result.bytes))
        #expect(chunks.map(\.type) == ["IHDR", "pHYs", "IDAT", "IEND"])
        #expect(chunks.allSatisfy { $0.crcValid })
        F.expectAbsent(F.gpsPatterns(endian), in: result.bytes)
        F.expectAbsent([F.ascii("GPSLatitude")], in: result.bytes)
        F.expectAbsent([F.ascii("Jakarta")], in: result.bytes)
    }

    @Test("PNG without metadata is returned byte-identical")
    func untouched() throws {
        let input = F.png([F.ihdr, F.phys, F.idat, F.idat, F.iend])
        let result = try DocumentInspector.prepare(input)
        #expect(result.bytes == input)
        #expect(!result.removedLocation)
    }

    static let damagedSamples: [(String, [UInt8])] = [
        ("signature only", F.pngSignature),
        ("no IEND", F.png([F.ihdr, F.idat])),
        ("cut inside IDAT", Array(F.png([F.ihdr, F.idat, F.iend]).dropLast(16))),
        ("cut inside IEND's CRC", Array(F.png([F.ihdr, F.idat, F.iend]).dropLast(1))),
        ("wrong CRC", F.png([F.ihdr, Array(F.idat.dropLast()) + [F.idat.last! ^ 0x01], F.iend])),
        ("corrupt data under a correct-looking CRC", F.png([F.ihdr, corruptIDAT, F.iend])),
        ("first chunk is not IHDR", F.png([F.idat, F.ihdr, F.iend])),
        ("length past the end", F.pngSignature + F.be32(0x7000_0000) + F.ascii("IDAT")),
        ("length above 2^31-1", F.pngSignature + F.be32(0x8000_0000) + F.ascii("IHDR") + [UInt8](repeating: 0, count: 16)),
        ("invalid chunk type", F.png([F.ihdr, F.chunk("ID@T", [1, 2]), F.iend])),
    ]

    static var corruptIDAT: [UInt8] {
        var c = F.idat
        c[9] ^= 0x40
        return c
    }

    @Test("Damaged PNGs", arguments: damagedSamples)
    func damaged(_ name: String, _ input: [UInt8]) {
        #expect(throws: DocumentError.damaged) { try DocumentInspector.prepare(input) }
    }
}

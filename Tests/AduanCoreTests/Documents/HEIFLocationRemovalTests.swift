import Foundation
import Testing
@testable import AduanCore

@Suite("HEIC location removal")
struct HEIFLocationRemovalTests {
    typealias F = DocFixture

    static let layouts: [F.HEIFOptions] = [
        F.HEIFOptions(),
        F.HEIFOptions(endian: .little),
        F.HEIFOptions(ilocVersion: 1, offsetSize: 8, lengthSize: 8, baseOffsetSize: 4),
        F.HEIFOptions(ilocVersion: 1, offsetSize: 4, lengthSize: 4, baseOffsetSize: 8, indexSize: 4, splitExif: true),
        F.HEIFOptions(ilocVersion: 1, exifInIdat: true),
        F.HEIFOptions(ilocVersion: 2, offsetSize: 4, lengthSize: 8, baseOffsetSize: 0, indexSize: 8, infeVersion: 3, endian: .little),
        F.HEIFOptions(ilocVersion: 0, splitExif: true),
        F.HEIFOptions(brokenIloc: true), // found by scanning instead
    ]

    @Test("Exif item GPS neutralised in place, XMP blanked, length unchanged", arguments: layouts)
    func neutralises(_ o: F.HEIFOptions) throws {
        let fx = F.heif(o)
        let input = fx.bytes
        #expect(DocumentInspector.detectType(input) == .heic)
        F.expectPresent(F.gpsPatterns(o.endian), in: input)

        let result = try DocumentInspector.prepare(input)
        let out = result.bytes
        #expect(result.type == .heic)
        #expect(result.removedLocation)
        #expect(out.count == input.count)
        F.expectAbsent(F.gpsPatterns(o.endian), in: out)
        F.expectAbsent([F.ascii("GPSLatitude")], in: out)

        // Image data untouched; everything outside the Exif item and the XMP packet unchanged.
        #expect(Array(out[fx.imageRange]) == Array(input[fx.imageRange]))
        var changed = Set<Int>()
        for i in 0..<input.count where input[i] != out[i] { changed.insert(i) }
        let allowed = fx.exifExtents + [fx.xmpRange].compactMap { $0 }
        #expect(changed.allSatisfy { i in allowed.contains { $0.contains(i) } })

        // The Exif item still reads: orientation at the same place, Make kept, GPS pointer unchanged.
        let item = fx.exifExtents.flatMap { Array(out[$0]) }
        #expect(item.count == fx.exifItem.count)
        #expect(Array(item[0..<10]) == Array(fx.exifItem[0..<10]))
        let tiff = try #require(F.TIFFReader(Array(item[10...])))
        #expect(tiff.shortValue(0x0112) == 6)
        #expect(tiff.entry(0x0112)?.entryOffset == F.TIFFReader(Array(fx.exifItem[10...]))?.entry(0x0112)?.entryOffset)
        #expect(tiff.asciiValue(0x010F) == "Canon")
        #expect(tiff.entry(0x8825)?.field == F.TIFFReader(Array(fx.exifItem[10...]))?.entry(0x8825)?.field)

        // XMP blanked with spaces, same length.
        if let xmp = fx.xmpRange {
            let blankedStart = try #require(F.index(of: F.ascii("<x:xmpmeta"), in: input, from: xmp.lowerBound))
            let blankedEnd = try #require(F.index(of: F.ascii("</x:xmpmeta>"), in: input, from: blankedStart)) + 12
            #expect(out[blankedStart..<blankedEnd].allSatisfy { $0 == 0x20 })
            #expect(F.contains(Array(out[xmp]), F.ascii("<?xpacket end='w'?>")))
        }

        // Idempotent.
        let again = try DocumentInspector.prepare(out)
        #expect(again.bytes == out)
        #expect(!again.removedLocation)
    }

    @Test("malformed Exif item is zeroed whole, length unchanged")
    func malformedItem() throws {
        let bad = F.tiff(.big, ifd0: F.standardIFD0, gps: F.standardGPS, gpsPointerOverride: 0x00FF_FFFF).bytes
        let fx = F.heif(F.HEIFOptions(includeXMP: false, exif: bad))
        let result = try DocumentInspector.prepare(fx.bytes)
        #expect(result.removedLocation)
        #expect(result.bytes.count == fx.bytes.count)
        for r in fx.exifExtents { #expect(result.bytes[r].allSatisfy { $0 == 0 }) }
        F.expectAbsent(F.gpsPatterns(.big), in: result.bytes)
        #expect(Array(result.bytes[fx.imageRange]) == F.heifImageData)
    }

    @Test("HEIC without location is returned byte-identical", arguments: [
        F.HEIFOptions(includeXMP: false, includeExif: false),
        F.HEIFOptions(includeXMP: false, exif: F.tiff(.big, ifd0: F.standardIFD0, gps: nil).bytes),
    ])
    func untouched(_ o: F.HEIFOptions) throws {
        let input = F.heif(o).bytes
        let result = try DocumentInspector.prepare(input)
        #expect(result.bytes == input)
        #expect(!result.removedLocation)
    }

    static let damagedSamples: [(String, [UInt8])] = [
        ("cut inside mdat", Array(F.heif().bytes.dropLast(100))),
        ("cut inside meta", Array(F.heif().bytes.prefix(60))),
        ("trailing partial box header", F.heif().bytes + [0, 0, 0]),
        ("ftyp only, no meta", F.ftyp(major: "heic", compatible: ["mif1", "heic"])),
        ("box size smaller than its header", F.ftyp(major: "heic", compatible: ["mif1"]) + F.be32(4) + F.ascii("meta")),
    ]

    @Test("Damaged HEIC", arguments: damagedSamples)
    func damaged(_ name: String, _ input: [UInt8]) {
        #expect(DocumentInspector.detectType(input) == .heic)
        #expect(throws: DocumentError.damaged) { try DocumentInspector.prepare(input) }
    }
}

import Foundation
import Testing
@testable import AduanCore

@Suite("JPEG location removal")
struct JPEGLocationRemovalTests {
    typealias F = DocFixture

    @Test("EXIF GPS neutralised, orientation kept, XMP dropped", arguments: F.Endian.allCases)
    func exifAndXMP(_ endian: F.Endian) throws {
        let exif = F.exifWithGPS(endian)
        let input = F.jpeg([F.app0JFIF, F.app1Exif(exif.bytes), F.app1XMP])
        // Sanity: the fixture really carries the location.
        F.expectPresent(F.gpsPatterns(endian), in: input)
        F.expectPresent([F.ascii("GPSLatitude")], in: input)

        let result = try DocumentInspector.prepare(input)
        let out = result.bytes
        #expect(result.type == .jpeg)
        #expect(result.removedLocation)

        // No GPS value anywhere.
        F.expectAbsent(F.gpsPatterns(endian), in: out)
        // XMP gone.
        F.expectAbsent([F.ascii("GPSLatitude")], in: out)
        F.expectAbsent([F.ascii("http://ns.adobe.com/xap/1.0/")], in: out)
        #expect(out.count == input.count - F.app1XMP.count)

        // Still a valid JPEG with the same segments minus XMP.
        let segments = try #require(F.jpegSegments(out))
        #expect(segments.map(\.marker) == [0xE0, 0xE1, 0xDB, 0xC0, 0xC4, 0xDA])
        #expect(out.suffix(F.scanData.count + 2) == ArraySlice(F.scanData + [0xFF, 0xD9]))

        // EXIF: same size, orientation readable at the same place, Make kept, GPS IFD emptied.
        let tiffOut = try #require(F.exifTIFF(inJPEG: out))
        #expect(tiffOut.count == exif.bytes.count)
        let before = try #require(F.TIFFReader(exif.bytes))
        let after = try #require(F.TIFFReader(tiffOut))
        #expect(after.shortValue(0x0112) == 6)
        #expect(after.entry(0x0112)?.entryOffset == before.entry(0x0112)?.entryOffset)
        #expect(after.asciiValue(0x010F) == "Canon")
        #expect(after.asciiValue(0x0110) == "Kamera Uji")
        #expect(after.ifd0.count == before.ifd0.count)
        let gps = try #require(exif.gpsIFDOffset)
        #expect(after.entry(0x8825)?.field == gps, "the pointer aims at the emptied GPS IFD")
        #expect(tiffOut[gps...].allSatisfy { $0 == 0 }, "GPS IFD and its values must be zero")
        // Everything before the GPS IFD is unchanged.
        #expect(Array(tiffOut[..<gps]) == Array(exif.bytes[..<gps]))

        // Idempotent: a second pass has nothing left to remove.
        let again = try DocumentInspector.prepare(out)
        #expect(again.bytes == out)
        #expect(!again.removedLocation)
    }

    static let cleanSamples: [(String, [UInt8])] = [
        ("no EXIF", F.jpeg([F.app0JFIF])),
        ("EXIF without GPS (LE)", F.jpeg([F.app1Exif(F.tiff(.little, ifd0: F.standardIFD0, gps: nil).bytes)])),
        ("EXIF without GPS (BE)", F.jpeg([F.app0JFIF, F.app1Exif(F.tiff(.big, ifd0: F.standardIFD0, gps: nil).bytes)])),
        ("ICC profile and comment", F.jpeg([F.app0JFIF, F.segment(0xE2, F.ascii("ICC_PROFILE") + [0, 1, 1, 9, 9]), F.segment(0xFE, F.ascii("hello"))])),
        ("fill bytes and trailer after EOI", [0xFF, 0xD8, 0xFF] + Array(F.jpeg([F.app0JFIF], trailer: F.ascii("MPF trailer")).dropFirst(2))),
    ]

    @Test("returned byte-identical when there is nothing to remove", arguments: cleanSamples)
    func untouched(_ name: String, _ input: [UInt8]) throws {
        let result = try DocumentInspector.prepare(input)
        #expect(result.bytes == input)
        #expect(!result.removedLocation)
        #expect(result.type == .jpeg)
    }

    @Test("XMP, extended XMP and Photoshop/IPTC segments are dropped entirely")
    func xmpOnly() throws {
        let input = F.jpeg([F.app0JFIF, F.app1XMP, F.app1ExtendedXMP, F.app13Photoshop, F.segment(0xE2, F.ascii("keep me"))])
        let result = try DocumentInspector.prepare(input)
        #expect(result.removedLocation)
        #expect(result.bytes == F.jpeg([F.app0JFIF, F.segment(0xE2, F.ascii("keep me"))]))
    }

    @Test("XMP before EXIF: both handled")
    func xmpFirst() throws {
        let exif = F.exifWithGPS(.big)
        let input = F.jpeg([F.app1XMP, F.app1Exif(exif.bytes)])
        let out = try DocumentInspector.prepare(input).bytes
        F.expectAbsent(F.gpsPatterns(.big), in: out)
        F.expectAbsent([F.ascii("xmpmeta")], in: out)
        let tiff = try #require(F.exifTIFF(inJPEG: out))
        #expect(F.TIFFReader(tiff)?.shortValue(0x0112) == 6)
    }

    struct MalformedExif: CustomTestStringConvertible, Sendable {
        var name: String
        var tiff: @Sendable (F.Endian) -> [UInt8]
        var testDescription: String { name }
    }

    /// On a malformed EXIF the whole APP1 is dropped rather than keep unknown location data.
    static let malformed: [MalformedExif] = [
        MalformedExif(name: "GPS pointer beyond the TIFF") { e in
            F.tiff(e, ifd0: F.standardIFD0, gps: F.standardGPS, gpsPointerOverride: 0x7FFF_0000).bytes
        },
        MalformedExif(name: "GPS pointer into the header") { e in
            F.tiff(e, ifd0: F.standardIFD0, gps: F.standardGPS, gpsPointerOverride: 2).bytes
        },
        MalformedExif(name: "GPS value offset beyond the TIFF") { e in
            F.tiff(e, ifd0: F.standardIFD0, gps: F.standardGPS + [F.Entry(tag: 0x0007, value: .raw(type: 5, count: 3, field: 0xFFFF_FF00))]).bytes
        },
        MalformedExif(name: "GPS value with an unknown type") { e in
            F.tiff(e, ifd0: F.standardIFD0, gps: F.standardGPS + [F.Entry(tag: 0x0007, value: .raw(type: 99, count: 1, field: 0))]).bytes
        },
        MalformedExif(name: "huge value count") { e in
            F.tiff(e, ifd0: F.standardIFD0, gps: F.standardGPS + [F.Entry(tag: 0x0007, value: .raw(type: 12, count: 0xFFFF_FFFF, field: 8))]).bytes
        },
        MalformedExif(name: "GPS IFD entry count runs past the end") { e in
            var t = F.exifWithGPS(e)
            let gps = t.gpsIFDOffset!
            t.bytes.replaceSubrange(gps..<(gps + 2), with: F.u16(0x7FFF, e))
            return t.bytes
        },
        MalformedExif(name: "IFD0 offset beyond the end") { e in
            var t = F.exifWithGPS(e).bytes
            t.replaceSubrange(4..<8, with: F.u32(0x00FF_FFFF, e))
            return t
        },
        MalformedExif(name: "GPS pointer with a wrong type") { e in
            var t = F.exifWithGPS(e)
            let r = F.TIFFReader(t.bytes)!
            let entry = r.entry(0x8825)!.entryOffset
            t.bytes.replaceSubrange((entry + 2)..<(entry + 4), with: F.u16(2, e))
            return t.bytes
        },
        MalformedExif(name: "bad byte order mark") { e in
            var t = F.exifWithGPS(e).bytes
            t[0] = 0x58; t[1] = 0x58
            return t
        },
        MalformedExif(name: "cut in the middle of the GPS values") { e in
            let t = F.exifWithGPS(e).bytes
            return Array(t[..<(t.count - 20)])
        },
        MalformedExif(name: "shorter than a TIFF header") { _ in [0x49, 0x49, 0x2A] },
    ]

    @Test("malformed EXIF: whole segment dropped", arguments: malformed, F.Endian.allCases)
    func malformedExif(_ m: MalformedExif, _ endian: F.Endian) throws {
        let tiff = m.tiff(endian)
        let input = F.jpeg([F.app0JFIF, F.app1Exif(tiff), F.segment(0xE2, F.ascii("ICC"))])
        let result = try DocumentInspector.prepare(input)
        #expect(result.removedLocation)
        #expect(result.bytes == F.jpeg([F.app0JFIF, F.segment(0xE2, F.ascii("ICC"))]))
        F.expectAbsent(F.gpsPatterns(endian), in: result.bytes)
    }

    @Test("GPS IFD with no entries: nothing to remove, the file is kept as it is")
    func emptyGPSIFD() throws {
        let exif = F.tiff(.little, ifd0: F.standardIFD0, gps: [])
        let input = F.jpeg([F.app1Exif(exif.bytes)])
        let result = try DocumentInspector.prepare(input)
        #expect(!result.removedLocation)
        #expect(result.bytes == input)
    }

    @Test("Two EXIF segments are both neutralised")
    func twoExifSegments() throws {
        let input = F.jpeg([F.app1Exif(F.exifWithGPS(.little).bytes), F.app1Exif(F.exifWithGPS(.big).bytes)])
        let out = try DocumentInspector.prepare(input).bytes
        #expect(out.count == input.count)
        for e in F.Endian.allCases { F.expectAbsent(F.gpsPatterns(e), in: out) }
    }

    @Test("10 MB photo is processed well under a second")
    func performance() throws {
        let scan = [UInt8](repeating: 0x5A, count: 10 * 1024 * 1024)
        let input = F.jpeg([F.app0JFIF, F.app1Exif(F.exifWithGPS(.big).bytes), F.app1XMP], scan: scan)
        let clock = ContinuousClock()
        var result: PreparedDocument?
        let elapsed = try clock.measure { result = try DocumentInspector.prepare(input) }
        let out = try #require(result)
        #expect(elapsed < .milliseconds(500), "took \(elapsed)")
        #expect(out.removedLocation)
        #expect(out.bytes.count == input.count - F.app1XMP.count)
        let head = Array(out.bytes.prefix(4096))
        F.expectAbsent(F.gpsPatterns(.big), in: head)
    }
}

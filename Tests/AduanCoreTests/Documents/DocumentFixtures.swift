import Foundation
import Testing
@testable import AduanCore

/// Builders for JPEG/PNG/HEIF/PDF/TIFF test files, and small independent readers to check results.
/// Everything is constructed in code; nothing is read from disk.
enum DocFixture {
    // MARK: Generic helpers

    static func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be64(_ v: Int) -> [UInt8] { be32(v >> 32) + be32(v & 0xFFFF_FFFF) }
    static func beN(_ v: Int, size: Int) -> [UInt8] {
        switch size {
        case 0: []
        case 2: be16(v)
        case 4: be32(v)
        case 8: be64(v)
        default: fatalError("unsupported size \(size)")
        }
    }

    /// Naive substring search (fixtures are small).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        index(of: needle, in: haystack) != nil
    }

    /// Records an issue naming every pattern still found in `bytes` (without dumping `bytes`).
    static func expectAbsent(_ patterns: [[UInt8]], in bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let found = patterns.filter { contains(bytes, $0) }.map(describe)
        #expect(found.isEmpty, "still present: \(found)", sourceLocation: sourceLocation)
    }

    /// Records an issue naming every pattern missing from `bytes` (fixture sanity checks).
    static func expectPresent(_ patterns: [[UInt8]], in bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let missing = patterns.filter { !contains(bytes, $0) }.map(describe)
        #expect(missing.isEmpty, "missing: \(missing)", sourceLocation: sourceLocation)
    }

    static func describe(_ p: [UInt8]) -> String {
        p.allSatisfy { (0x20..<0x7F).contains($0) } ? String(decoding: p, as: UTF8.self) : p.map { String(format: "%02X", $0) }.joined()
    }

    static func index(of needle: [UInt8], in haystack: [UInt8], from: Int = 0) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        outer: for i in from...(haystack.count - needle.count) {
            for k in 0..<needle.count where haystack[i + k] != needle[k] { continue outer }
            return i
        }
        return nil
    }

    // MARK: TIFF / EXIF

    enum Endian: String, CaseIterable, Sendable { case little, big }

    enum Value {
        case byte([UInt8])
        case ascii(String)
        case short([UInt16])
        case long([UInt32])
        case rational([(UInt32, UInt32)])
        /// An arbitrary (possibly invalid) raw entry, for malformed fixtures.
        case raw(type: UInt16, count: UInt32, field: UInt32)
    }

    struct Entry {
        var tag: UInt16
        var value: Value
    }

    static func u16(_ v: UInt16, _ e: Endian) -> [UInt8] {
        e == .big ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)]
    }

    static func u32(_ v: UInt32, _ e: Endian) -> [UInt8] {
        let b = [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        return e == .big ? b : b.reversed()
    }

    /// (type, count, value bytes) of an entry.
    static func encode(_ v: Value, _ e: Endian) -> (UInt16, UInt32, [UInt8]) {
        switch v {
        case .byte(let b): return (1, UInt32(b.count), b)
        case .ascii(let s): let b = Array(s.utf8) + [0]; return (2, UInt32(b.count), b)
        case .short(let s): return (3, UInt32(s.count), s.flatMap { u16($0, e) })
        case .long(let l): return (4, UInt32(l.count), l.flatMap { u32($0, e) })
        case .rational(let r): return (5, UInt32(r.count), r.flatMap { u32($0.0, e) + u32($0.1, e) })
        case .raw(let t, let c, let f): return (t, c, u32(f, e))
        }
    }

    /// Bytes of one IFD placed at `offset`, followed by its out-of-line values.
    static func ifd(_ entries: [Entry], at offset: Int, next: UInt32 = 0, _ e: Endian) -> [UInt8] {
        var head = u16(UInt16(entries.count), e)
        var extra: [UInt8] = []
        let extraStart = offset + 2 + 12 * entries.count + 4
        for entry in entries {
            let (type, count, bytes) = encode(entry.value, e)
            head += u16(entry.tag, e) + u16(type, e) + u32(count, e)
            if case .raw = entry.value {
                head += bytes
            } else if bytes.count <= 4 {
                head += bytes + [UInt8](repeating: 0, count: 4 - bytes.count)
            } else {
                head += u32(UInt32(extraStart + extra.count), e)
                extra += bytes
                if extra.count % 2 == 1 { extra.append(0) }
            }
        }
        return head + u32(next, e) + extra
    }

    struct TIFFFixture {
        var bytes: [UInt8]
        var endian: Endian
        /// Offset (from the TIFF header) of the GPS IFD, if any.
        var gpsIFDOffset: Int?
    }

    /// A TIFF whose IFD0 holds `ifd0` plus (when `gps` is given) a GPS IFD pointer to `gps`.
    static func tiff(_ e: Endian, ifd0: [Entry], gps: [Entry]?, gpsPointerOverride: UInt32? = nil) -> TIFFFixture {
        var entries0 = ifd0
        if gps != nil { entries0.append(Entry(tag: 0x8825, value: .long([0]))) }
        entries0.sort { $0.tag < $1.tag }
        let header: [UInt8] = (e == .big ? ascii("MM") + [0, 0x2A] : ascii("II") + [0x2A, 0]) + u32(8, e)
        let ifd0Size = ifd(entries0, at: 8, e).count
        let gpsOffset = 8 + ifd0Size
        if gps != nil {
            let pointer = gpsPointerOverride ?? UInt32(gpsOffset)
            entries0 = entries0.map { $0.tag == 0x8825 ? Entry(tag: 0x8825, value: .long([pointer])) : $0 }
        }
        var bytes = header + ifd(entries0, at: 8, e)
        if let gps { bytes += ifd(gps, at: gpsOffset, e) }
        return TIFFFixture(bytes: bytes, endian: e, gpsIFDOffset: gps == nil ? nil : gpsOffset)
    }

    static let latitude: [(UInt32, UInt32)] = [(6, 1), (10, 1), (451_234, 10000)]
    static let longitude: [(UInt32, UInt32)] = [(106, 1), (49, 1), (271_828, 10000)]
    static let altitude: [(UInt32, UInt32)] = [(987_654, 100)]

    static let standardIFD0: [Entry] = [
        Entry(tag: 0x010F, value: .ascii("Canon")), // Make (6 bytes: stored out of line)
        Entry(tag: 0x0110, value: .ascii("Kamera Uji")), // Model
        Entry(tag: 0x0112, value: .short([6])), // Orientation: rotate 90° CW
    ]

    static let standardGPS: [Entry] = [
        Entry(tag: 0x0000, value: .byte([2, 3, 0, 0])), // GPSVersionID
        Entry(tag: 0x0001, value: .ascii("S")), // GPSLatitudeRef
        Entry(tag: 0x0002, value: .rational(latitude)), // GPSLatitude
        Entry(tag: 0x0003, value: .ascii("E")), // GPSLongitudeRef
        Entry(tag: 0x0004, value: .rational(longitude)), // GPSLongitude
        Entry(tag: 0x0006, value: .rational(altitude)), // GPSAltitude
        Entry(tag: 0x001D, value: .ascii("2024:05:17")), // GPSDateStamp
    ]

    /// EXIF with Orientation=6, Make, Model and a GPS IFD with latitude/longitude/altitude.
    static func exifWithGPS(_ e: Endian) -> TIFFFixture {
        tiff(e, ifd0: standardIFD0, gps: standardGPS)
    }

    /// Byte sequences that only the GPS values produce, to search the output for.
    static func gpsPatterns(_ e: Endian) -> [[UInt8]] {
        let rationals = { (r: [(UInt32, UInt32)]) in r.flatMap { u32($0.0, e) + u32($0.1, e) } }
        return [
            rationals(latitude), rationals(longitude), rationals(altitude),
            rationals([latitude[2]]), rationals([longitude[2]]), ascii("2024:05:17"),
        ]
    }

    /// Minimal independent TIFF reader for assertions.
    struct TIFFReader {
        let bytes: [UInt8]
        let big: Bool

        init?(_ bytes: [UInt8]) {
            guard bytes.count >= 8 else { return nil }
            if bytes[0] == 0x4D, bytes[1] == 0x4D { big = true } else if bytes[0] == 0x49, bytes[1] == 0x49 { big = false } else { return nil }
            self.bytes = bytes
        }

        func u16(_ o: Int) -> Int {
            big ? Int(bytes[o]) << 8 | Int(bytes[o + 1]) : Int(bytes[o + 1]) << 8 | Int(bytes[o])
        }

        func u32(_ o: Int) -> Int {
            big ? u16(o) << 16 | u16(o + 2) : u16(o + 2) << 16 | u16(o)
        }

        struct RawEntry { var tag: Int; var type: Int; var count: Int; var field: Int; var entryOffset: Int }

        func entries(ifd offset: Int) -> [RawEntry] {
            (0..<u16(offset)).map { k in
                let e = offset + 2 + 12 * k
                return RawEntry(tag: u16(e), type: u16(e + 2), count: u32(e + 4), field: u32(e + 8), entryOffset: e)
            }
        }

        var ifd0: [RawEntry] { entries(ifd: u32(4)) }

        func entry(_ tag: Int) -> RawEntry? { ifd0.first { $0.tag == tag } }

        /// SHORT value stored in the entry field.
        func shortValue(_ tag: Int) -> Int? {
            guard let e = entry(tag) else { return nil }
            return u16(e.entryOffset + 8)
        }

        func asciiValue(_ tag: Int) -> String? {
            guard let e = entry(tag), e.type == 2 else { return nil }
            let start = e.count <= 4 ? e.entryOffset + 8 : e.field
            return String(decoding: bytes[start..<(start + e.count)].prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    // MARK: JPEG

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + be16(payload.count + 2) + payload
    }

    static let app0JFIF = segment(0xE0, ascii("JFIF") + [0, 1, 2, 0, 0, 72, 0, 72, 0, 0])
    static let dqt = segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
    static let sof0 = segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
    static let dht = segment(0xC4, [0x00] + [UInt8](repeating: 0, count: 15) + [1] + [0])
    static let sos = segment(0xDA, [1, 1, 0, 0, 63, 0])
    /// Entropy-coded data: contains stuffed FF 00 and a restart marker, never FF D9.
    static let scanData: [UInt8] = (0..<300).map { UInt8(($0 * 37 + 11) % 251) } + [0xFF, 0x00, 0x12, 0xFF, 0xD0, 0x34]

    static func app1Exif(_ tiff: [UInt8]) -> [UInt8] { segment(0xE1, ascii("Exif") + [0, 0] + tiff) }

    static let xmpPacket = ascii("""
        <?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>\
        <rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\
        <rdf:Description xmlns:exif='http://ns.adobe.com/exif/1.0/' \
        exif:GPSLatitude='6,10.752S' exif:GPSLongitude='106,49.453E'/></rdf:RDF></x:xmpmeta>\
        <?xpacket end='w'?>
        """)
    static let app1XMP = segment(0xE1, ascii("http://ns.adobe.com/xap/1.0/") + [0] + xmpPacket)
    static let app1ExtendedXMP = segment(
        0xE1, ascii("http://ns.adobe.com/xmp/extension/") + [0] + ascii("0123456789ABCDEF0123456789ABCDEF")
            + be32(40) + be32(0) + ascii("<exif:GPSAltitude>12</exif:GPSAltitude>"))
    static let app13Photoshop = segment(0xED, ascii("Photoshop 3.0") + [0] + ascii("8BIM") + [4, 4, 0, 0] + be32(14) + [0x1C, 2, 90] + be16(7) + ascii("Jakarta") + [0, 0])

    /// SOI, the given header segments, DQT/SOF0/DHT/SOS, scan data, EOI.
    static func jpeg(_ headerSegments: [[UInt8]], scan: [UInt8] = scanData, trailer: [UInt8] = []) -> [UInt8] {
        var b: [UInt8] = [0xFF, 0xD8]
        for s in headerSegments { b += s }
        b += dqt + sof0 + dht + sos + scan + [0xFF, 0xD9] + trailer
        return b
    }

    struct JPEGSegment { var marker: UInt8; var payload: Range<Int> }

    /// Independent walker: the segments up to and including SOS, or nil if the structure is broken
    /// or the file does not end with EOI.
    static func jpegSegments(_ b: [UInt8]) -> [JPEGSegment]? {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8, b[b.count - 2] == 0xFF, b[b.count - 1] == 0xD9 else { return nil }
        var result: [JPEGSegment] = []
        var p = 2
        while p + 4 <= b.count {
            guard b[p] == 0xFF else { return nil }
            let marker = b[p + 1]
            let length = Int(b[p + 2]) << 8 | Int(b[p + 3])
            guard length >= 2, p + 2 + length <= b.count else { return nil }
            result.append(JPEGSegment(marker: marker, payload: (p + 4)..<(p + 2 + length)))
            if marker == 0xDA { return result }
            p += 2 + length
        }
        return nil
    }

    /// The TIFF bytes of the first Exif APP1 segment.
    static func exifTIFF(inJPEG b: [UInt8]) -> [UInt8]? {
        guard let segs = jpegSegments(b) else { return nil }
        for s in segs where s.marker == 0xE1 && Array(b[s.payload].prefix(6)) == ascii("Exif") + [0, 0] {
            return Array(b[(s.payload.lowerBound + 6)..<s.payload.upperBound])
        }
        return nil
    }

    // MARK: PNG

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = ascii(type)
        let crc = DocumentInspector.CRC32.checksum(typeBytes + data)
        return be32(data.count) + typeBytes + data + be32(Int(crc))
    }

    static let ihdr = chunk("IHDR", be32(2) + be32(2) + [8, 2, 0, 0, 0])
    static let idat = chunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01])
    static let iend = chunk("IEND", [])
    static let phys = chunk("pHYs", be32(2835) + be32(2835) + [1])

    static func png(_ chunks: [[UInt8]]) -> [UInt8] { pngSignature + chunks.flatMap { $0 } }

    struct PNGChunk { var type: String; var range: Range<Int>; var crcValid: Bool }

    /// Independent walker with its own bitwise CRC (no table).
    static func pngChunks(_ b: [UInt8]) -> [PNGChunk]? {
        guard b.starts(with: pngSignature) else { return nil }
        var out: [PNGChunk] = []
        var p = 8
        while p + 12 <= b.count {
            let len = Int(b[p]) << 24 | Int(b[p + 1]) << 16 | Int(b[p + 2]) << 8 | Int(b[p + 3])
            guard p + 12 + len <= b.count else { return nil }
            let type = String(decoding: b[(p + 4)..<(p + 8)], as: UTF8.self)
            var c: UInt32 = 0xFFFF_FFFF
            for byte in b[(p + 4)..<(p + 8 + len)] {
                c ^= UInt32(byte)
                for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
            }
            let stored = UInt32(b[p + 8 + len]) << 24 | UInt32(b[p + 9 + len]) << 16 | UInt32(b[p + 10 + len]) << 8 | UInt32(b[p + 11 + len])
            out.append(PNGChunk(type: type, range: p..<(p + 12 + len), crcValid: stored == ~c))
            p += 12 + len
        }
        return p == b.count ? out : nil
    }

    // MARK: ISO-BMFF / HEIF

    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { be32(payload.count + 8) + ascii(type) + payload }
    static func fullBox(_ type: String, version: UInt8, flags: Int = 0, _ payload: [UInt8]) -> [UInt8] {
        box(type, [version] + Array(be32(flags).dropFirst()) + payload)
    }

    static func ftyp(major: String, compatible: [String]) -> [UInt8] {
        box("ftyp", ascii(major) + be32(0) + compatible.flatMap(ascii))
    }

    struct HEIFOptions: CustomStringConvertible, Sendable {
        var ilocVersion = 0
        var offsetSize = 4
        var lengthSize = 4
        var baseOffsetSize = 0
        var indexSize = 0
        var infeVersion: UInt8 = 2
        var exifInIdat = false
        var splitExif = false
        var endian: Endian = .big
        var includeXMP = true
        var includeExif = true
        var exif: [UInt8]? = nil
        var brokenIloc = false
        var description: String {
            "iloc v\(ilocVersion) o\(offsetSize) l\(lengthSize) b\(baseOffsetSize) i\(indexSize) infe v\(infeVersion)"
                + (exifInIdat ? " idat" : "") + (splitExif ? " split" : "") + " \(endian)" + (brokenIloc ? " broken-iloc" : "")
        }
    }

    struct HEIFFixture {
        var bytes: [UInt8]
        /// File ranges holding the Exif item (in logical order).
        var exifExtents: [Range<Int>]
        var imageRange: Range<Int>
        var xmpRange: Range<Int>?
        /// The Exif item payload as written.
        var exifItem: [UInt8]
    }

    static let heifImageData: [UInt8] = (0..<400).map { UInt8(($0 * 13 + 7) & 0xFF) }

    /// ftyp heic, meta (hdlr, pitm, iinf, iloc[, idat]), mdat. Item 1: 'hvc1' image, item 2: 'Exif',
    /// item 3: 'mime' XMP.
    static func heif(_ o: HEIFOptions = HEIFOptions()) -> HEIFFixture {
        let tiffBytes = o.exif ?? exifWithGPS(o.endian).bytes
        let exifItem = be32(6) + ascii("Exif") + [0, 0] + tiffBytes
        let split = o.splitExif ? 10 : exifItem.count
        let partA = Array(exifItem[..<split]), partB = Array(exifItem[split...])
        let xmp = o.includeXMP ? xmpPacket : []

        // mdat payload layout
        var mdatPayload: [UInt8] = []
        var exifRel: [Range<Int>] = [] // relative to mdat payload (or idat payload)
        var idatPayload: [UInt8] = []
        if o.includeExif {
            if o.exifInIdat {
                idatPayload = exifItem
                exifRel = [0..<exifItem.count]
            } else {
                exifRel.append(0..<partA.count)
                mdatPayload += partA
            }
        }
        let imageRel = mdatPayload.count..<(mdatPayload.count + heifImageData.count)
        mdatPayload += heifImageData
        if o.includeExif, !o.exifInIdat, !partB.isEmpty {
            exifRel.append(mdatPayload.count..<(mdatPayload.count + partB.count))
            mdatPayload += partB
        }
        let xmpRel = mdatPayload.count..<(mdatPayload.count + xmp.count)
        mdatPayload += xmp

        let ftypBox = ftyp(major: "heic", compatible: ["mif1", "heic"])
        let idSize = o.ilocVersion < 2 ? 2 : 4

        func metaBox(mdatPayloadStart: Int) -> [UInt8] {
            let hdlr = fullBox("hdlr", version: 0, be32(0) + ascii("pict") + be32(0) + be32(0) + be32(0) + [0])
            let pitm = fullBox("pitm", version: 0, be16(1))
            func infe(_ id: Int, _ type: String, _ extra: [UInt8] = []) -> [UInt8] {
                let idBytes = o.infeVersion == 2 ? be16(id) : be32(id)
                return fullBox("infe", version: o.infeVersion, idBytes + be16(0) + ascii(type) + [0] + extra)
            }
            var infes = [infe(1, "hvc1")]
            if o.includeExif { infes.append(infe(2, "Exif")) }
            if o.includeXMP { infes.append(infe(3, "mime", ascii("application/rdf+xml") + [0])) }
            let iinf = o.infeVersion == 2
                ? fullBox("iinf", version: 0, be16(infes.count) + infes.flatMap { $0 })
                : fullBox("iinf", version: 1, be32(infes.count) + infes.flatMap { $0 })

            // iloc
            struct Item { var id: Int; var method: Int; var base: Int; var extents: [(Int, Int)] }
            let base = o.baseOffsetSize > 0 ? mdatPayloadStart : 0
            func mdatExtent(_ r: Range<Int>) -> (Int, Int) { (mdatPayloadStart + r.lowerBound - base, r.count) }
            var items = [Item(id: 1, method: 0, base: base, extents: [mdatExtent(imageRel)])]
            if o.includeExif {
                items.append(o.exifInIdat
                    ? Item(id: 2, method: 1, base: 0, extents: [(0, exifItem.count)])
                    : Item(id: 2, method: 0, base: base, extents: exifRel.map(mdatExtent)))
            }
            if o.includeXMP { items.append(Item(id: 3, method: 0, base: base, extents: [mdatExtent(xmpRel)])) }
            var iloc: [UInt8] = [UInt8(o.offsetSize << 4 | o.lengthSize), UInt8(o.baseOffsetSize << 4 | (o.ilocVersion >= 1 ? o.indexSize : 0))]
            iloc += o.ilocVersion < 2 ? be16(items.count) : be32(items.count)
            for item in items {
                iloc += beN(item.id, size: idSize)
                if o.ilocVersion >= 1 { iloc += be16(item.method) }
                iloc += be16(0) + beN(item.base, size: o.baseOffsetSize) + be16(item.extents.count)
                for (k, e) in item.extents.enumerated() {
                    if o.ilocVersion >= 1 { iloc += beN(k + 1, size: o.indexSize) }
                    iloc += beN(e.0, size: o.offsetSize) + beN(e.1, size: o.lengthSize)
                }
            }
            let ilocBox = o.brokenIloc
                ? fullBox("iloc", version: 7, iloc) // unknown version: unparseable
                : fullBox("iloc", version: UInt8(o.ilocVersion), iloc)
            var children = hdlr + pitm + iinf + ilocBox
            if o.exifInIdat { children += box("idat", idatPayload) }
            return fullBox("meta", version: 0, children)
        }

        let metaSize = metaBox(mdatPayloadStart: 0).count
        let mdatPayloadStart = ftypBox.count + metaSize + 8
        let meta = metaBox(mdatPayloadStart: mdatPayloadStart)
        precondition(meta.count == metaSize)
        let bytes = ftypBox + meta + box("mdat", mdatPayload)

        let exifExtents: [Range<Int>]
        if o.exifInIdat {
            let idatPayloadStart = ftypBox.count + metaSize - idatPayload.count
            exifExtents = exifRel.map { ($0.lowerBound + idatPayloadStart)..<($0.upperBound + idatPayloadStart) }
        } else {
            exifExtents = exifRel.map { ($0.lowerBound + mdatPayloadStart)..<($0.upperBound + mdatPayloadStart) }
        }
        return HEIFFixture(
            bytes: bytes,
            exifExtents: o.includeExif ? exifExtents : [],
            imageRange: (imageRel.lowerBound + mdatPayloadStart)..<(imageRel.upperBound + mdatPayloadStart),
            xmpRange: o.includeXMP ? (xmpRel.lowerBound + mdatPayloadStart)..<(xmpRel.upperBound + mdatPayloadStart) : nil,
            exifItem: exifItem)
    }

    // MARK: PDF

    static let pdf = ascii("""
        %PDF-1.7
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """)
}

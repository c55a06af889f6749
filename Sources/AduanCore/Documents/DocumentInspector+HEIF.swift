import Foundation

extension DocumentInspector {
    /// HEIC/HEIF (ISO-BMFF): neutralises location in place so the file length, and with it
    /// every `iloc`/`mdat` offset, stays the same.
    enum HEIF {
        static let ftyp = Bytes.fourCC("ftyp")
        static let meta = Bytes.fourCC("meta")
        static let iinf = Bytes.fourCC("iinf")
        static let infe = Bytes.fourCC("infe")
        static let iloc = Bytes.fourCC("iloc")
        static let idat = Bytes.fourCC("idat")
        static let uuid = Bytes.fourCC("uuid")
        static let exif = Bytes.fourCC("Exif")
        static let iprp = Bytes.fourCC("iprp")
        static let ipco = Bytes.fourCC("ipco")
        static let ispe = Bytes.fourCC("ispe")

        /// Limits that no real photo comes near, so that a small hostile file cannot ask for
        /// unbounded work or memory (an `iloc` may declare 2^32 items of 65,535 extents each).
        static let maxItems = 4096
        static let maxExtents = 16_384
        static let maxExifItems = 16
        /// Well-formed TIFF headers after "Exif\0\0" examined by the fallback scan; more is refused.
        static let maxScanHits = 64

        /// Brands of HEVC-coded HEIF.
        static let hevcBrands: Set<UInt32> = Set(["heic", "heix", "heim", "heis", "hevc", "hevx"].map(fourCC))
        /// Generic HEIF brands; also listed by AVIF files, which are not accepted.
        static let genericBrands: Set<UInt32> = [Bytes.fourCC("mif1"), Bytes.fourCC("msf1")]
        static let avifBrands: Set<UInt32> = [Bytes.fourCC("avif"), Bytes.fourCC("avis")]

        static let exifMarker: [UInt8] = Array("Exif\0\0".utf8)
        /// XMP packets (and bare RDF) are blanked in place between these delimiters.
        static let xmpDelimiters: [(open: [UInt8], close: [UInt8])] = [
            (Array("<x:xmpmeta".utf8), Array("</x:xmpmeta>".utf8)),
            (Array("<rdf:RDF".utf8), Array("</rdf:RDF>".utf8)),
        ]

        private static func fourCC(_ s: String) -> UInt32 {
            s.utf8.reduce(0) { $0 << 8 | UInt32($1) }
        }

        struct Box {
            let type: UInt32
            let start: Int
            /// First byte after the (large)size/type/uuid header.
            let payload: Int
            let end: Int
        }

        struct Malformed: Error {}

        // MARK: Detection

        static func hasSignature(_ b: [UInt8]) -> Bool {
            guard b.count >= 16, Bytes.be32(b, 4).map(UInt32.init) == ftyp,
                  let size = Bytes.be32(b, 0), size >= 16
            else { return false }
            let end = min(size, b.count)
            var brands: Set<UInt32> = []
            var i = 8 // major brand, then minor version (skipped), then compatible brands
            while i + 4 <= end {
                if i != 12, let brand = Bytes.be32(b, i) { brands.insert(UInt32(brand)) }
                i += 4
            }
            if !brands.isDisjoint(with: hevcBrands) { return true }
            return !brands.isDisjoint(with: genericBrands) && brands.isDisjoint(with: avifBrands)
        }

        // MARK: Preparation

        static func prepare(_ input: [UInt8]) throws(DocumentError) -> PreparedDocument {
            let topLevel: [Box]
            do { topLevel = try boxes(input, in: 0..<input.count) } catch { throw .damaged }
            guard topLevel.first?.type == ftyp, let metaBox = topLevel.first(where: { $0.type == meta }) else {
                throw .damaged
            }

            // A meta too short for its version/flags, children that run past it, or an iinf too short
            // for its entry count: not a photo any reader could open.
            guard let children = try? boxes(input, from: metaBox.payload + 4, to: metaBox.end) else { throw .damaged }
            if let info = children.first(where: { $0.type == iinf }) {
                let countSize = info.payload < info.end && input[info.payload] == 0 ? 2 : 4
                guard info.payload + 4 + countSize <= info.end else { throw .damaged }
            }

            // Declared image sizes (ispe) are checked before any other work.
            if let dims = try? imageSizes(input, meta: metaBox) {
                for d in dims where !ImageLimits.allows(width: d.width, height: d.height) { throw .imageTooLarge }
            }

            var work = input
            var changed = false

            // 1. The Exif items, located through iinf/iloc.
            if let itemChanged = try? neutraliseExifItems(&work, meta: metaBox) {
                changed = changed || itemChanged
            }

            // 2. Defence in depth: any "Exif\0\0" + TIFF header left anywhere in the file
            //    (e.g. when iinf/iloc could not be parsed). Only well-formed ones are touched:
            //    a chance match inside coded image data must not be overwritten.
            var from = 0
            var hits = 0
            while let hit = Bytes.find(exifMarker, in: work, from: from, to: work.count) {
                let tiff = hit + exifMarker.count
                from = hit + 1
                guard TIFF.hasHeader(work, at: tiff) else { continue }
                hits += 1
                guard hits <= maxScanHits else { throw .damaged } // each hit costs up to the file's size
                let end = topLevel.first(where: { $0.start <= tiff && tiff < $0.end })?.end ?? work.count
                if TIFF.neutraliseGPS(in: &work, range: tiff..<end) == .neutralised { changed = true }
            }

            // 3. XMP (may hold exif:GPSLatitude/Longitude): blank in place with spaces.
            for (open, close) in xmpDelimiters {
                var pos = 0
                while let start = Bytes.find(open, in: work, from: pos, to: work.count),
                      let closeAt = Bytes.find(close, in: work, from: start + open.count, to: work.count)
                {
                    let end = closeAt + close.count
                    Bytes.fill(&work, start..<end, with: 0x20)
                    changed = true
                    pos = end
                }
            }

            return PreparedDocument(type: .heic, bytes: changed ? work : input, removedLocation: changed)
        }

        /// Neutralises the GPS IFD of every item of type 'Exif'. A malformed Exif item is zeroed
        /// whole (it cannot be removed without shifting offsets). Returns whether anything changed.
        /// Throws when meta/iinf/iloc cannot be parsed (the caller falls back to scanning).
        static func neutraliseExifItems(_ b: inout [UInt8], meta m: Box) throws(Malformed) -> Bool {
            // meta is a FullBox: 4 bytes of version/flags before its children.
            let children = try boxes(b, from: m.payload + 4, to: m.end)
            guard let infoBox = children.first(where: { $0.type == iinf }) else { throw Malformed() }
            let exifIDs = try exifItemIDs(b, iinf: infoBox)
            guard !exifIDs.isEmpty else { return false }
            guard exifIDs.count <= maxExifItems else { throw Malformed() }
            guard let locBox = children.first(where: { $0.type == iloc }) else { throw Malformed() }
            let locations = try itemLocations(b, iloc: locBox)
            let dataBox = children.first(where: { $0.type == idat })

            var changed = false
            for id in Set(exifIDs).sorted() {
                guard let loc = locations[id] else { throw Malformed() }
                let extents = try absoluteExtents(loc, fileSize: b.count, idat: dataBox)
                // Extents may overlap; an item larger than the file is not a real Exif block.
                var itemSize = 0
                for e in extents {
                    itemSize += e.count
                    guard itemSize <= b.count else { throw Malformed() }
                }
                var item: [UInt8] = []
                item.reserveCapacity(itemSize)
                for e in extents { item.append(contentsOf: b[e]) }

                let outcome: TIFF.Outcome
                if let headerOffset = Bytes.be32(item, 0), 4 + headerOffset < item.count {
                    outcome = TIFF.neutraliseGPS(in: &item, range: (4 + headerOffset)..<item.count)
                } else {
                    outcome = .malformed
                }
                switch outcome {
                case .noLocation:
                    continue
                case .neutralised:
                    var k = 0
                    for e in extents {
                        b.replaceSubrange(e, with: item[k..<(k + e.count)])
                        k += e.count
                    }
                case .malformed:
                    for e in extents { Bytes.fill(&b, e, with: 0) }
                }
                changed = true
            }
            return changed
        }

        /// IDs of items whose `infe` (version 2 or 3) declares item_type 'Exif'.
        static func exifItemIDs(_ b: [UInt8], iinf box: Box) throws(Malformed) -> [Int] {
            guard box.payload + 4 <= box.end else { throw Malformed() }
            let version = b[box.payload]
            let countSize = version == 0 ? 2 : 4
            let entries = try boxes(b, from: box.payload + 4 + countSize, to: box.end)
            var ids: [Int] = []
            for e in entries where e.type == infe {
                guard e.payload + 4 <= e.end else { throw Malformed() }
                let v = b[e.payload]
                guard v >= 2 else { continue } // versions 0/1 have no item_type
                let idSize = v == 2 ? 2 : 4
                let idAt = e.payload + 4
                let typeAt = idAt + idSize + 2 // skip item_protection_index
                guard typeAt + 4 <= e.end, let id = Bytes.beN(b, idAt, size: idSize),
                      let type = Bytes.be32(b, typeAt)
                else { throw Malformed() }
                if UInt32(type) == exif { ids.append(id) }
            }
            return ids
        }

        struct ItemLocation {
            var constructionMethod: Int
            var baseOffset: Int
            var extents: [(offset: Int, length: Int)]
        }

        /// Parses `iloc` versions 0, 1 and 2.
        static func itemLocations(_ b: [UInt8], iloc box: Box) throws(Malformed) -> [Int: ItemLocation] {
            var p = box.payload
            func read(_ size: Int) throws(Malformed) -> Int {
                guard p + size <= box.end, let v = Bytes.beN(b, p, size: size) else { throw Malformed() }
                p += size
                return v
            }
            let version = try read(1)
            guard version <= 2 else { throw Malformed() }
            _ = try read(1) // flags (24 bits) …
            _ = try read(2)
            let sizes1 = try read(1), sizes2 = try read(1)
            let offsetSize = sizes1 >> 4, lengthSize = sizes1 & 0x0F, baseOffsetSize = sizes2 >> 4
            let indexSize = version >= 1 ? sizes2 & 0x0F : 0
            for s in [offsetSize, lengthSize, baseOffsetSize, indexSize] where ![0, 4, 8].contains(s) {
                throw Malformed()
            }
            let itemCount = try read(version < 2 ? 2 : 4)
            guard itemCount <= maxItems else { throw Malformed() }
            var result: [Int: ItemLocation] = [:]
            var totalExtents = 0
            for _ in 0..<itemCount {
                let id = try read(version < 2 ? 2 : 4)
                var method = 0
                if version >= 1 { method = try read(2) & 0x0F }
                _ = try read(2) // data_reference_index
                let baseOffset = try read(baseOffsetSize)
                let extentCount = try read(2)
                totalExtents += extentCount
                guard totalExtents <= maxExtents else { throw Malformed() }
                var extents: [(offset: Int, length: Int)] = []
                for _ in 0..<extentCount {
                    _ = try read(indexSize)
                    let offset = try read(offsetSize)
                    let length = try read(lengthSize)
                    extents.append((offset, length))
                }
                result[id] = ItemLocation(constructionMethod: method, baseOffset: baseOffset, extents: extents)
            }
            return result
        }

        /// Resolves an item's extents to ranges of the file (construction methods 0 and 1).
        static func absoluteExtents(_ loc: ItemLocation, fileSize: Int, idat: Box?) throws(Malformed) -> [Range<Int>] {
            let origin: Int, limit: Int
            switch loc.constructionMethod {
            case 0: (origin, limit) = (0, fileSize)
            case 1:
                guard let idat else { throw Malformed() }
                (origin, limit) = (idat.payload, idat.end)
            default: throw Malformed() // item-reference construction is not followed
            }
            guard !loc.extents.isEmpty else { throw Malformed() }
            var ranges: [Range<Int>] = []
            for e in loc.extents {
                // All values come from at most 8-byte fields and are checked against the limit
                // one at a time, so the sums cannot overflow.
                guard loc.baseOffset <= limit, e.offset <= limit, e.length <= limit else { throw Malformed() }
                let from = origin + loc.baseOffset + e.offset
                let to = e.length == 0 ? limit : from + e.length
                guard from < limit, to <= limit else { throw Malformed() }
                ranges.append(from..<to)
            }
            return ranges
        }

        /// The width and height of every `ispe` property (meta/iprp/ipco/ispe).
        static func imageSizes(_ b: [UInt8], meta m: Box) throws(Malformed) -> [(width: Int, height: Int)] {
            let children = try boxes(b, from: m.payload + 4, to: m.end)
            var sizes: [(width: Int, height: Int)] = []
            for props in children where props.type == iprp {
                for container in try boxes(b, from: props.payload, to: props.end) where container.type == ipco {
                    for p in try boxes(b, from: container.payload, to: container.end) where p.type == ispe {
                        // FullBox: version/flags, then image_width and image_height (32 bits each).
                        guard p.payload + 12 <= p.end, let w = Bytes.be32(b, p.payload + 4),
                              let h = Bytes.be32(b, p.payload + 8)
                        else { throw Malformed() }
                        sizes.append((w, h))
                    }
                }
            }
            return sizes
        }

        /// Splits `b[from..<to]` into boxes; throws when the bounds are inverted or outside `b`
        /// (a parent too short for its own header) or a box header or body runs past them.
        static func boxes(_ b: [UInt8], from lower: Int, to upper: Int) throws(Malformed) -> [Box] {
            guard lower >= 0, lower <= upper, upper <= b.count else { throw Malformed() }
            return try boxes(b, in: lower..<upper)
        }

        /// Splits `range` of `b` into boxes; throws when a box header or body runs past the range.
        static func boxes(_ b: [UInt8], in range: Range<Int>) throws(Malformed) -> [Box] {
            guard range.lowerBound >= 0, range.upperBound <= b.count else { throw Malformed() }
            var result: [Box] = []
            var pos = range.lowerBound
            while pos < range.upperBound {
                guard pos + 8 <= range.upperBound, var size = Bytes.be32(b, pos),
                      let type = Bytes.be32(b, pos + 4).map(UInt32.init)
                else { throw Malformed() }
                var header = 8
                if size == 1 {
                    guard pos + 16 <= range.upperBound, let large = Bytes.be64(b, pos + 8) else { throw Malformed() }
                    size = large
                    header = 16
                } else if size == 0 {
                    size = range.upperBound - pos
                }
                if type == uuid { header += 16 }
                guard size >= header, size <= range.upperBound - pos else { throw Malformed() }
                result.append(Box(type: type, start: pos, payload: pos + header, end: pos + size))
                pos += size
            }
            return result
        }
    }
}

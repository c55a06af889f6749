import Foundation

extension DocumentInspector {
    /// Neutralises the GPS IFD of an EXIF/TIFF structure in place, without changing its size.
    enum TIFF {
        enum Outcome: Equatable {
            /// No GPS IFD referenced from IFD0 (or it was already neutralised). Nothing written.
            case noLocation
            /// The GPS IFD was emptied; its pointer now aims at an IFD with no entries.
            case neutralised
            /// The structure could not be read safely. Nothing written; the caller must discard it.
            case malformed
        }

        static let gpsIFDPointerTag = 0x8825
        /// IFD0 has one GPS pointer; a few are tolerated. Each costs up to the block's size to check,
        /// so more would make the work quadratic.
        static let maxGPSPointers = 4

        /// `true` when `b[i...]` starts with "II*\0" or "MM\0*".
        static func hasHeader(_ b: [UInt8], at i: Int) -> Bool {
            guard i >= 0, i <= b.count - 4 else { return false }
            return (b[i] == 0x49 && b[i + 1] == 0x49 && b[i + 2] == 0x2A && b[i + 3] == 0x00)
                || (b[i] == 0x4D && b[i + 1] == 0x4D && b[i + 2] == 0x00 && b[i + 3] == 0x2A)
        }

        /// Size in bytes of one value of a TIFF field type; `nil` for unknown types.
        static func typeSize(_ type: Int) -> Int? {
            switch type {
            case 1, 2, 6, 7: 1 // BYTE, ASCII, SBYTE, UNDEFINED
            case 3, 8: 2 // SHORT, SSHORT
            case 4, 9, 11, 13: 4 // LONG, SLONG, FLOAT, IFD
            case 5, 10, 12: 8 // RATIONAL, SRATIONAL, DOUBLE
            default: nil
            }
        }

        /// Finds every GPS IFD pointer (tag 0x8825) in IFD0 of the TIFF occupying `range` of `b`,
        /// zeroes the GPS IFD's entries and every value they point to and sets its entry count to 0.
        /// The pointer keeps pointing at the now empty GPS IFD: a valid TIFF that readers such as
        /// exiftool open without complaint (a pointer of 0 would aim at the TIFF header). Everything is bounds-checked before anything is written:
        /// on `.malformed` the buffer is untouched.
        static func neutraliseGPS(in b: inout [UInt8], range: Range<Int>) -> Outcome {
            let base = range.lowerBound
            let len = range.count
            guard range.lowerBound >= 0, range.upperBound <= b.count, len >= 8, hasHeader(b, at: base) else {
                return .malformed
            }
            let big = b[base] == 0x4D

            func u16(_ o: Int) -> Int? {
                guard o >= 0, o <= len - 2 else { return nil }
                let x = Int(b[base + o]), y = Int(b[base + o + 1])
                return big ? (x << 8 | y) : (y << 8 | x)
            }
            func u32(_ o: Int) -> Int? {
                guard o >= 0, o <= len - 4 else { return nil }
                let p = base + o
                let b0 = Int(b[p]), b1 = Int(b[p + 1]), b2 = Int(b[p + 2]), b3 = Int(b[p + 3])
                return big ? (b0 << 24 | b1 << 16 | b2 << 8 | b3) : (b3 << 24 | b2 << 16 | b1 << 8 | b0)
            }

            guard let ifd0 = u32(4), ifd0 >= 8, let n0 = u16(ifd0), ifd0 + 2 + 12 * n0 <= len else {
                return .malformed
            }

            // Offsets (relative to the TIFF header) of what to zero, gathered before any write.
            var zeroRanges: [Range<Int>] = []
            var pointerValueOffsets: [Int] = []
            var gpsIFDs = Set<Int>()

            for k in 0..<n0 {
                let entry = ifd0 + 2 + 12 * k
                guard let tag = u16(entry), tag == gpsIFDPointerTag else { continue }
                guard let type = u16(entry + 2), type == 4 || type == 13,
                      let count = u32(entry + 4), count == 1,
                      let gps = u32(entry + 8)
                else { return .malformed }
                if gps == 0 { continue } // already neutralised: points nowhere
                guard !gpsIFDs.contains(gps) else { continue }
                gpsIFDs.insert(gps)
                guard gpsIFDs.count <= maxGPSPointers else { return .malformed }
                guard gps >= 8, let m = u16(gps), gps + 2 + 12 * m <= len else { return .malformed }
                if m == 0 { continue } // already empty: nothing to remove
                pointerValueOffsets.append(entry + 8)
                for j in 0..<m {
                    let e = gps + 2 + 12 * j
                    guard let type = u16(e + 2), let size = typeSize(type), let count = u32(e + 4) else {
                        return .malformed
                    }
                    let total = count * size // count < 2^32, size <= 8: no overflow on 64-bit Int
                    if total > 4 {
                        guard let off = u32(e + 8), off >= 8, off + total <= len else { return .malformed }
                        zeroRanges.append(off..<(off + total))
                    }
                }
                // Entries, the entry count and (when present) the next-IFD link.
                let linkEnd = gps + 2 + 12 * m + 4
                zeroRanges.append(gps..<(linkEnd <= len ? linkEnd : gps + 2 + 12 * m))
            }

            guard !pointerValueOffsets.isEmpty else { return .noLocation }
            for r in zeroRanges {
                Bytes.fill(&b, (base + r.lowerBound)..<(base + r.upperBound), with: 0)
            }
            return .neutralised
        }
    }
}

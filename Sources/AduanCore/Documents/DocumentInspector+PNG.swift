import Foundation

extension DocumentInspector {
    /// PNG: walks and CRC-checks every chunk up to IEND, dropping chunks that may carry location.
    enum PNG {
        static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

        static let ihdr = Bytes.fourCC("IHDR")
        static let iend = Bytes.fourCC("IEND")
        /// eXIf holds EXIF (GPS IFD); the text chunks may hold XMP ("XML:com.adobe.xmp")
        /// or free-form location text.
        static let droppedChunks: Set<UInt32> = [
            Bytes.fourCC("eXIf"), Bytes.fourCC("tEXt"), Bytes.fourCC("zTXt"), Bytes.fourCC("iTXt"),
        ]

        static func hasSignature(_ b: [UInt8]) -> Bool {
            Bytes.matches(b, at: 0, signature)
        }

        static func prepare(_ b: [UInt8]) throws(DocumentError) -> PreparedDocument {
            var drops: [Range<Int>] = []
            var pos = signature.count
            var first = true
            while true {
                guard let length = Bytes.be32(b, pos), length <= 0x7FFF_FFFF,
                      let type = Bytes.be32(b, pos + 4).map(UInt32.init)
                else { throw .damaged }
                let dataEnd = pos + 8 + length
                guard isChunkType(type), let storedCRC = Bytes.be32(b, dataEnd) else { throw .damaged }
                guard CRC32.checksum(b, (pos + 4)..<dataEnd) == UInt32(storedCRC) else { throw .damaged }
                if first {
                    // IHDR: width and height (32 bits each) first among its 13 bytes.
                    guard type == ihdr, length == 13, let width = Bytes.be32(b, pos + 8),
                          let height = Bytes.be32(b, pos + 12)
                    else { throw .damaged }
                    guard ImageLimits.allows(width: width, height: height) else { throw .imageTooLarge }
                    first = false
                }
                let chunkEnd = dataEnd + 4
                if droppedChunks.contains(type) { drops.append(pos..<chunkEnd) }
                pos = chunkEnd
                if type == iend { break }
            }
            guard !drops.isEmpty else {
                return PreparedDocument(type: .png, bytes: b, removedLocation: false)
            }
            return PreparedDocument(type: .png, bytes: Bytes.removing(drops, from: b), removedLocation: true)
        }

        /// Chunk types are four ASCII letters.
        static func isChunkType(_ t: UInt32) -> Bool {
            for shift in stride(from: 24, through: 0, by: -8) {
                let c = UInt8(truncatingIfNeeded: t >> UInt32(shift))
                guard (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) else { return false }
            }
            return true
        }
    }

    /// CRC-32 (ISO-HDLC / PNG / zlib: reflected polynomial 0xEDB88320).
    enum CRC32 {
        static let table: [UInt32] = (0..<256).map { n -> UInt32 in
            var c = UInt32(n)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            return c
        }

        static func checksum(_ b: [UInt8], _ range: Range<Int>) -> UInt32 {
            precondition(range.lowerBound >= 0 && range.upperBound <= b.count)
            return table.withUnsafeBufferPointer { t in
                b.withUnsafeBufferPointer { buf in
                    var c: UInt32 = 0xFFFF_FFFF
                    for i in range {
                        c = t[Int((c ^ UInt32(buf[i])) & 0xFF)] ^ (c >> 8)
                    }
                    return c ^ 0xFFFF_FFFF
                }
            }
        }

        static func checksum(_ b: [UInt8]) -> UInt32 { checksum(b, 0..<b.count) }
    }
}

import Foundation

extension DocumentInspector {
    /// JPEG: walks the marker segments up to the first SOS and removes location metadata.
    enum JPEG {
        static let exifSignature: [UInt8] = Array("Exif\0".utf8) // followed by one pad byte (normally 0)
        static let xmpSignature: [UInt8] = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
        static let extendedXMPSignature: [UInt8] = Array("http://ns.adobe.com/xmp/extension/\0".utf8)
        /// Photoshop image resources (APP13) carry IPTC location fields (city, sub-location,
        /// country) and may embed a second copy of the XMP packet.
        static let photoshopSignature: [UInt8] = Array("Photoshop 3.0\0".utf8)

        static let app1: UInt8 = 0xE1
        static let app13: UInt8 = 0xED
        static let sos: UInt8 = 0xDA
        static let eoi: UInt8 = 0xD9
        /// Start-of-frame markers (C4 is DHT, C8 reserved, CC is DAC).
        static let sofMarkers: Set<UInt8> = [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF]

        static func hasSignature(_ b: [UInt8]) -> Bool {
            b.count >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF
        }

        static func prepare(_ input: [UInt8]) throws(DocumentError) -> PreparedDocument {
            let n = input.count
            var work = input // copied only if an EXIF block is actually rewritten
            var drops: [Range<Int>] = []
            var neutralised = false
            var pos = 2
            walk: while true {
                guard pos < n, input[pos] == 0xFF else { throw .damaged }
                let segmentStart = pos
                while pos < n, input[pos] == 0xFF { pos += 1 } // fill bytes
                guard pos < n else { throw .damaged }
                let marker = input[pos]
                pos += 1
                switch marker {
                case 0x01, 0xD0...0xD7:
                    continue // stand-alone markers without a length
                case 0x00, 0xD8, eoi:
                    throw .damaged // stuffing outside a scan, second SOI, or EOI before any scan
                default:
                    break
                }
                guard let length = Bytes.be16(input, pos), length >= 2, pos + length <= n else { throw .damaged }
                let dataStart = pos + 2
                let segmentEnd = pos + length
                pos = segmentEnd

                if sofMarkers.contains(marker) {
                    // SOFn: precision (1 byte), then height and width (16 bits each).
                    guard let height = Bytes.be16(input, dataStart + 1), let width = Bytes.be16(input, dataStart + 3),
                          dataStart + 5 <= segmentEnd
                    else { throw .damaged }
                    guard ImageLimits.allows(width: width, height: height) else { throw .imageTooLarge }
                }
                if marker == sos {
                    // Entropy-coded data follows; a complete image has an EOI after it
                    // (0xFF in scan data is always stuffed, so FF D9 cannot occur by chance).
                    guard lastEOI(in: input, after: segmentEnd) != nil else { throw .damaged }
                    break walk
                }
                /// Whether the segment's data starts with `signature` (within the segment).
                func starts(with signature: [UInt8]) -> Bool {
                    dataStart + signature.count <= segmentEnd && Bytes.matches(input, at: dataStart, signature)
                }
                if marker == app1 {
                    if starts(with: exifSignature), dataStart + 6 <= segmentEnd {
                        switch TIFF.neutraliseGPS(in: &work, range: (dataStart + 6)..<segmentEnd) {
                        case .noLocation: break
                        case .neutralised: neutralised = true
                        case .malformed: drops.append(segmentStart..<segmentEnd)
                        }
                    } else if starts(with: xmpSignature) || starts(with: extendedXMPSignature) {
                        drops.append(segmentStart..<segmentEnd)
                    }
                } else if marker == app13, starts(with: photoshopSignature) {
                    drops.append(segmentStart..<segmentEnd)
                }
            }

            guard neutralised || !drops.isEmpty else {
                return PreparedDocument(type: .jpeg, bytes: input, removedLocation: false)
            }
            let output = drops.isEmpty ? work : Bytes.removing(drops, from: work)
            return PreparedDocument(type: .jpeg, bytes: output, removedLocation: true)
        }

        /// Index of the last FF D9 pair at or after `from`, searching from the end
        /// (trailers after EOI are usually short, so this is fast).
        static func lastEOI(in b: [UInt8], after from: Int) -> Int? {
            b.withUnsafeBufferPointer { buf -> Int? in
                var i = buf.count - 2
                while i >= max(from, 0) {
                    if buf[i + 1] == eoi, buf[i] == 0xFF { return i }
                    i -= 1
                }
                return nil
            }
        }
    }
}

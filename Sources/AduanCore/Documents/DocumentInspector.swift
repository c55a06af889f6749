import Foundation

/// Recognises uploaded files by their content and strips location metadata from photos.
///
/// Pure and synchronous; safe to call from any concurrency domain.
public enum DocumentInspector {
    /// Recognise by content (magic bytes / structure), never by name or declared MIME type.
    /// Returns `nil` for anything that is not JPEG, PNG, HEIC/HEIF (AVIF excluded) or PDF.
    public static func detectType(_ bytes: [UInt8]) -> DocumentType? {
        if JPEG.hasSignature(bytes) { return .jpeg }
        if PNG.hasSignature(bytes) { return .png }
        if HEIF.hasSignature(bytes) { return .heic }
        if PDF.hasSignature(bytes) { return .pdf }
        return nil
    }

    /// Validates and returns the bytes to store: for photos, location metadata removed; PDFs unchanged.
    ///
    /// - Throws: `.empty` for no bytes, `.unsupportedType` when the content is not an accepted type,
    ///   `.damaged` when it looks like an accepted type but is truncated or corrupt.
    public static func prepare(_ bytes: [UInt8]) throws(DocumentError) -> PreparedDocument {
        guard !bytes.isEmpty else { throw .empty }
        guard let type = detectType(bytes) else { throw .unsupportedType }
        switch type {
        case .jpeg: return try JPEG.prepare(bytes)
        case .png: return try PNG.prepare(bytes)
        case .heic: return try HEIF.prepare(bytes)
        case .pdf: return try PDF.prepare(bytes)
        }
    }
}

// MARK: - PDF

extension DocumentInspector {
    enum PDF {
        static let headers: [[UInt8]] = [Array("%PDF-1.".utf8), Array("%PDF-2.".utf8)]
        static let eof: [UInt8] = Array("%%EOF".utf8)
        /// `%%EOF` must appear within this many bytes of the end.
        static let trailerWindow = 1024

        static func hasSignature(_ b: [UInt8]) -> Bool {
            headers.contains { Bytes.matches(b, at: 0, $0) }
        }

        static func prepare(_ b: [UInt8]) throws(DocumentError) -> PreparedDocument {
            let from = max(0, b.count - trailerWindow)
            guard Bytes.find(eof, in: b, from: from, to: b.count) != nil else { throw .damaged }
            return PreparedDocument(type: .pdf, bytes: b, removedLocation: false)
        }
    }
}

// MARK: - Byte helpers

extension DocumentInspector {
    /// Bounds-checked big-endian readers and fast searches over byte arrays.
    enum Bytes {
        static func matches(_ b: [UInt8], at i: Int, _ pattern: [UInt8]) -> Bool {
            guard i >= 0, i <= b.count - pattern.count else { return false }
            for k in 0..<pattern.count where b[i + k] != pattern[k] { return false }
            return true
        }

        static func be16(_ b: [UInt8], _ i: Int) -> Int? {
            guard i >= 0, i <= b.count - 2 else { return nil }
            return Int(b[i]) << 8 | Int(b[i + 1])
        }

        static func be32(_ b: [UInt8], _ i: Int) -> Int? {
            guard i >= 0, i <= b.count - 4 else { return nil }
            return Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
        }

        static func be64(_ b: [UInt8], _ i: Int) -> Int? {
            guard i >= 0, i <= b.count - 8 else { return nil }
            var v: UInt64 = 0
            for k in 0..<8 { v = v << 8 | UInt64(b[i + k]) }
            return v > UInt64(Int.max) ? nil : Int(v)
        }

        /// Reads an unsigned big-endian integer of `size` bytes (0, 1, 2, 4 or 8).
        static func beN(_ b: [UInt8], _ i: Int, size: Int) -> Int? {
            switch size {
            case 0: 0
            case 1: (i >= 0 && i < b.count) ? Int(b[i]) : nil
            case 2: be16(b, i)
            case 4: be32(b, i)
            case 8: be64(b, i)
            default: nil
            }
        }

        /// First index of `pattern` in `b[from..<to]` (the whole match inside the range), using memchr.
        static func find(_ pattern: [UInt8], in b: [UInt8], from: Int, to: Int) -> Int? {
            let lo = max(0, from), hi = min(b.count, to)
            guard let first = pattern.first, hi - lo >= pattern.count else { return nil }
            return b.withUnsafeBufferPointer { buf -> Int? in
                pattern.withUnsafeBufferPointer { pat -> Int? in
                    guard let base = buf.baseAddress, let pbase = pat.baseAddress else { return nil }
                    var pos = lo
                    let last = hi - pattern.count // last possible start
                    while pos <= last {
                        guard let hit = memchr(base + pos, Int32(first), last - pos + 1) else { return nil }
                        let idx = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                        if memcmp(base + idx, pbase, pattern.count) == 0 { return idx }
                        pos = idx + 1
                    }
                    return nil
                }
            }
        }

        /// Overwrites `b[range]` with `value` (range must be valid).
        static func fill(_ b: inout [UInt8], _ range: Range<Int>, with value: UInt8) {
            guard !range.isEmpty else { return }
            b.withUnsafeMutableBufferPointer { buf in
                if let base = buf.baseAddress {
                    _ = memset(base + range.lowerBound, Int32(value), range.count)
                }
            }
        }

        /// Copies `b` without the (ascending, non-overlapping) `drops` ranges.
        static func removing(_ drops: [Range<Int>], from b: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var cursor = 0
            for d in drops {
                out.append(contentsOf: b[cursor..<d.lowerBound])
                cursor = d.upperBound
            }
            out.append(contentsOf: b[cursor...])
            return out
        }

        static func fourCC(_ s: StaticString) -> UInt32 {
            precondition(s.utf8CodeUnitCount == 4)
            let p = s.utf8Start
            return UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
        }
    }
}

// libFuzzer entry, linked against Sources/AduanCore/Mail/IMAP*.swift built as AduanIMAP (see scripts/fuzz.sh).
// Whatever a server sends must give responses or a typed refusal: a trap, an ASan report or a leak is a finding.
@testable import AduanIMAP

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The first byte chooses where the stream is cut in two, as the network may cut it.
    let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var framer = IMAPResponseFramer(maxLineBytes: 4096, maxLiteralBytes: 8192)
    for chunk in [bytes[..<cut], bytes[cut...]] {
        framer.append(chunk)
        do {
            while let frame = try framer.next() {
                if case .untagged(.fetch(_, let attributes))? = try? IMAPResponse(frame: frame) {
                    for section in attributes.sections.values { _ = IMAPHeaderFields.messageID(in: section) }
                }
            }
        } catch {
            return 0
        }
    }
    return 0
}

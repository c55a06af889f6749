// libFuzzer entry, linked against Sources/AduanCore/Documents built as AduanDocuments (see scripts/fuzz.sh).
// Any input must give a value or a typed refusal: a trap, an ASan report or a leak is a finding.
@testable import AduanDocuments

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? DocumentInspector.JPEG.prepare(bytes)
    return 0
}

// libFuzzer entry, linked against Sources/AduanCore/Mail/Inbound*.swift built as AduanMail (see scripts/fuzz.sh).
// Any input must give a mail or a typed refusal: a trap, an ASan report, a leak or a timeout is a finding.
// The text rules are also fed the raw input, since a MIME path reaches them only with decoded text.
@testable import AduanMail

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let mail = try? InboundMail.parse(bytes) {
        precondition(mail.attachments.count <= MailLimits.default.maxParts)
        _ = mail.threadIDs
    }
    let text = String(decoding: bytes, as: UTF8.self)
    _ = HTMLText.render(text, removingQuotes: size % 2 == 0)
    _ = PlainText.visible(text)
    _ = PlainText.unflow(text, delSp: size % 3 == 0)
    _ = EncodedWords.decode(text)
    _ = InboundAddress.list(text)
    _ = MailDate.parse(text)
    _ = HeaderValueWithParameters(text)
    return 0
}

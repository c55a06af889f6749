// libFuzzer entry, linked against the chat webhook parsers built as AduanChat (see scripts/fuzz.sh).
// Any body must give a webhook within the limits or a typed refusal: a trap, an ASan report, a leak or a
// timeout is a finding. Both parsers read every input, with the default limits and with tiny ones.
@testable import AduanChat

let tiny = ChatWebhookLimits(maxBytes: 8192, maxDepth: 12, maxEntries: 3, maxEvents: 4, maxTextCharacters: 7, maxIDCharacters: 24, maxURLCharacters: 40)

func check(_ webhook: ChatWebhook, _ limits: ChatWebhookLimits) {
    // Each item comes from a counted event (a Messenger message's attachments count as events too).
    precondition(webhook.messages.count + webhook.statuses.count + webhook.watermarks.count <= limits.maxEvents)
    for message in webhook.messages {
        precondition(message.from.unicodeScalars.count <= limits.maxIDCharacters)
        // A derived id is the mid and "#n", or for a postback without a mid "postback:<sender>:<ms>".
        precondition(message.externalID.unicodeScalars.count <= limits.maxIDCharacters + 32)
        switch message.content {
        case .text(let text): precondition(text.unicodeScalars.count <= limits.maxTextCharacters && !text.unicodeScalars.contains("\u{0}"))
        case .choice(let id, let title): precondition(id.unicodeScalars.count <= limits.maxIDCharacters && title.unicodeScalars.count <= limits.maxTextCharacters)
        case .media(let media):
            if case .url(let url) = media.source { precondition(url.unicodeScalars.count <= limits.maxURLCharacters) }
            precondition((media.caption?.unicodeScalars.count ?? 0) <= limits.maxTextCharacters)
        case .location(let place): precondition((-90...90).contains(place.latitude) && (-180...180).contains(place.longitude))
        case .reaction, .unsupported: break
        }
        precondition(message.sentAt.timeIntervalSince1970 >= 0)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for limits in [ChatWebhookLimits(), tiny] {
        do { check(try WhatsAppWebhook.parse(bytes, limits: limits), limits) } catch { _ = error.description }
        do { check(try MessengerWebhook.parse(bytes, limits: limits), limits) } catch { _ = error.description }
    }
    return 0
}

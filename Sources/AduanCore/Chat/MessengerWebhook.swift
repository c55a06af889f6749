import Foundation

/// Reads a post of the Messenger Platform's webhook: `object: "page"` (a Facebook Page's Messenger) or
/// `"instagram"` (Instagram direct messages), `entry[]{id, time, messaging[]}`.
///
/// - A message gives one `InboundChatMessage` per thing to act on: its text (or its quick reply) under
///   the message's `mid`, and each attachment under `mid#1`, `mid#2`… in the order sent — so that a
///   photo sent with words is both read and kept, and each part is handled once however often the post
///   comes. A message with neither (a deleted or unsupported one) is one `.unsupported` under its `mid`.
/// - A postback (the "Get Started" button, a template's buttons) is a `.choice`.
/// - Echoes of what the Page itself sent (`is_echo`, or a sender that is the Page) are skipped
///   (PITFALLS #33), as are events Aduan does not act on (reactions, opt-ins, referrals, handover).
/// - `delivery` and `read` give a `ChatWatermark` for the citizen (`sender.id`).
///
/// A post is read whole or refused whole (`ChatWebhookError`), as for `WhatsAppWebhook`.
public enum MessengerWebhook {
    public static func parse(_ body: [UInt8], limits: ChatWebhookLimits = .init()) throws(ChatWebhookError) -> ChatWebhook {
        var json = WebhookJSON(limits: limits)
        let root = try json.object(from: body)
        let platform: ChatPlatform
        switch root["object"] as? String {
        case "page": platform = .messenger
        case "instagram": platform = .instagram
        default: throw .unexpectedObject(root["object"].flatMap { $0 as? String })
        }
        var webhook = ChatWebhook()
        for (e, entry) in try json.objects(root["entry"], path: "entry", required: true, limit: limits.maxEntries).enumerated() {
            let pageID = json.optionalID(entry["id"])
            let events = try json.objects(entry["messaging"], path: "entry[\(e)].messaging")
            try json.count(events.count)
            for (m, event) in events.enumerated() {
                try read(event, path: "entry[\(e)].messaging[\(m)]", entryTime: entry["time"], pageID: pageID,
                         platform: platform, into: &webhook, json: &json)
            }
        }
        return webhook
    }

    private static func read(
        _ event: [String: Any], path: String, entryTime: Any?, pageID: String?, platform: ChatPlatform,
        into webhook: inout ChatWebhook, json: inout WebhookJSON
    ) throws(ChatWebhookError) {
        let sender = try json.id(try json.object(event["sender"], path: "\(path).sender")["id"], path: "\(path).sender.id")
        let recipient = json.optionalID((event["recipient"] as? [String: Any])?["id"])
        // The event's own time; the entry's when an event lacks it.
        let timestamp = event["timestamp"] ?? entryTime
        if let message = event["message"] as? [String: Any] {
            if json.bool(message["is_echo"]) == true || sender == pageID { return }
            let at = try json.date(timestamp, path: "\(path).timestamp", milliseconds: true)
            try messages(message, path: "\(path).message", from: sender, to: recipient, at: at, platform: platform, into: &webhook, json: &json)
        } else if let postback = event["postback"] as? [String: Any] {
            if sender == pageID { return }
            let at = try json.date(timestamp, path: "\(path).timestamp", milliseconds: true)
            guard let payload = json.optionalID(postback["payload"]) else { return }
            // Older postbacks have no mid: the sender and the time make the id (Meta sends it again with the same).
            let id = json.optionalID(postback["mid"]) ?? "postback:\(sender):\(Int64((at.timeIntervalSince1970 * 1000).rounded()))"
            webhook.messages.append(InboundChatMessage(
                platform: platform, externalID: id, from: sender, profileName: nil, sentAt: at,
                content: .choice(id: payload, title: json.text(postback["title"]) ?? ""), businessID: recipient))
        } else if let delivery = event["delivery"] as? [String: Any] {
            let ids = try self.ids(delivery["mids"], path: "\(path).delivery.mids", json: &json)
            let watermark = try json.date(delivery["watermark"] ?? timestamp, path: "\(path).delivery.watermark", milliseconds: true)
            webhook.watermarks.append(ChatWatermark(platform: platform, citizen: sender, status: .delivered, watermark: watermark, messageIDs: ids))
        } else if let read = event["read"] as? [String: Any] {
            // Messenger gives a watermark; Instagram names the message read (`read.mid`) instead.
            let ids = json.optionalID(read["mid"]).map { [$0] } ?? []
            let watermark = try json.date(read["watermark"] ?? timestamp, path: "\(path).read.watermark", milliseconds: true)
            webhook.watermarks.append(ChatWatermark(platform: platform, citizen: sender, status: .read, watermark: watermark, messageIDs: ids))
        }
    }

    private static func messages(
        _ message: [String: Any], path: String, from sender: String, to recipient: String?, at: Date, platform: ChatPlatform,
        into webhook: inout ChatWebhook, json: inout WebhookJSON
    ) throws(ChatWebhookError) {
        let mid = try json.id(message["mid"], path: "\(path).mid")
        let replyTo = json.optionalID((message["reply_to"] as? [String: Any])?["mid"])
        func add(_ id: String, _ content: InboundChatMessage.Content) {
            webhook.messages.append(InboundChatMessage(
                platform: platform, externalID: id, from: sender, profileName: nil, sentAt: at,
                content: content, replyTo: replyTo, businessID: recipient))
        }
        let text = json.text(message["text"])
        let attachments = try json.objects(message["attachments"], path: "\(path).attachments")
        try json.count(attachments.count)
        if let payload = json.optionalID((message["quick_reply"] as? [String: Any])?["payload"]) {
            add(mid, .choice(id: payload, title: text ?? ""))
        } else if let text, !text.isEmpty {
            add(mid, .text(text))
        } else if attachments.isEmpty {
            add(mid, .unsupported(type: json.bool(message["is_deleted"]) == true ? "deleted" : "message"))
        }
        for (index, attachment) in attachments.enumerated() {
            add("\(mid)#\(index + 1)", try content(of: attachment, path: "\(path).attachments[\(index)]", json: json))
        }
    }

    private static func content(of attachment: [String: Any], path: String, json: WebhookJSON) throws(ChatWebhookError) -> InboundChatMessage.Content {
        guard let type = json.label(attachment["type"]) else { return .unsupported(type: "") }
        let payload = attachment["payload"] as? [String: Any]
        let kind: ChatMedia.Kind
        switch type {
        case "image": kind = payload?["sticker_id"] != nil ? .sticker : .image
        case "video": kind = .video
        case "audio": kind = .audio
        case "file": kind = .document
        case "location":
            let coordinates = payload?["coordinates"] as? [String: Any]
            guard let latitude = json.double(coordinates?["lat"], in: -90...90),
                  let longitude = json.double(coordinates?["long"], in: -180...180) else { return .unsupported(type: type) }
            return .location(ChatLocation(latitude: latitude, longitude: longitude, name: json.text(attachment["title"])))
        default:
            // fallback, template, share, story_mention, reel, ig_reel… (PITFALLS #29: a placeholder).
            return .unsupported(type: type)
        }
        guard let url = try json.url(payload?["url"], path: "\(path).payload.url") else { return .unsupported(type: type) }
        return .media(ChatMedia(kind: kind, source: .url(url), filename: json.text(payload?["name"] ?? attachment["name"])))
    }

    private static func ids(_ value: Any?, path: String, json: inout WebhookJSON) throws(ChatWebhookError) -> [String] {
        guard let value, !(value is NSNull) else { return [] }
        guard let array = value as? [Any] else { throw .invalid(path: path) }
        try json.count(array.count)
        var ids: [String] = []
        for (index, item) in array.enumerated() { ids.append(try json.id(item, path: "\(path)[\(index)]")) }
        return ids
    }
}

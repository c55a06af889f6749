import Foundation

/// Reads a post of the WhatsApp Business Cloud API's webhook (`object: "whatsapp_business_account"`,
/// Meta's OpenAPI schemas `WebhookPayload` … `IncomingMessage`, `Statuses`): the citizens' messages and
/// the status callbacks of the office's messages. Changes of another `field` than `messages` (template
/// reviews, account updates) are ignored.
///
/// A post is read whole or refused whole (`ChatWebhookError`): each message needs its id, its sender
/// and its time, each status its id and time. A message whose content Aduan cannot use (an unknown or
/// future type, a media object without its id) is kept as `.unsupported`, so that the citizen is told
/// what can be sent; a status Aduan does not know (`deleted`, `warning`…) is skipped.
public enum WhatsAppWebhook {
    public static func parse(_ body: [UInt8], limits: ChatWebhookLimits = .init()) throws(ChatWebhookError) -> ChatWebhook {
        var json = WebhookJSON(limits: limits)
        let root = try json.object(from: body)
        guard let object = root["object"] as? String, object == "whatsapp_business_account" else {
            throw .unexpectedObject(root["object"].flatMap { $0 as? String })
        }
        var webhook = ChatWebhook()
        for (e, entry) in try json.objects(root["entry"], path: "entry", required: true, limit: limits.maxEntries).enumerated() {
            for (c, change) in try json.objects(entry["changes"], path: "entry[\(e)].changes", limit: limits.maxEntries).enumerated() {
                guard change["field"] as? String == "messages" else { continue }
                let path = "entry[\(e)].changes[\(c)].value"
                try read(try json.object(change["value"], path: path), path: path, into: &webhook, json: &json)
            }
        }
        return webhook
    }

    private static func read(_ value: [String: Any], path: String, into webhook: inout ChatWebhook, json: inout WebhookJSON) throws(ChatWebhookError) {
        let metadata = value["metadata"] as? [String: Any]
        let phoneNumberID = json.optionalID(metadata?["phone_number_id"])
        let contacts = try json.objects(value["contacts"], path: "\(path).contacts")
        // The profile name, by phone (`wa_id`) and by business-scoped user id (`user_id`, PITFALLS #25).
        var names: [String: String] = [:]
        for contact in contacts {
            guard let name = json.text((contact["profile"] as? [String: Any])?["name"]) else { continue }
            for key in ["wa_id", "user_id"] {
                if let id = json.optionalID(contact[key]) { names[id] = name }
            }
        }
        let messages = try json.objects(value["messages"], path: "\(path).messages")
        try json.count(messages.count)
        for (m, message) in messages.enumerated() {
            let at = "\(path).messages[\(m)]"
            let from = try sender(of: message, contacts: contacts, path: at, json: json)
            let content = self.content(of: message, json: json)
            var replyTo = json.optionalID((message["context"] as? [String: Any])?["id"])
            if case .reaction = content { replyTo = json.optionalID((message["reaction"] as? [String: Any])?["message_id"]) }
            webhook.messages.append(InboundChatMessage(
                platform: .whatsapp,
                externalID: try json.id(message["id"], path: "\(at).id"),
                from: from,
                profileName: names[from],
                sentAt: try json.date(message["timestamp"], path: "\(at).timestamp", milliseconds: false),
                content: content,
                replyTo: replyTo,
                businessID: phoneNumberID))
        }
        let statuses = try json.objects(value["statuses"], path: "\(path).statuses")
        try json.count(statuses.count)
        for (s, status) in statuses.enumerated() {
            let at = "\(path).statuses[\(s)]"
            let id = try json.id(status["id"], path: "\(at).id")
            let time = try json.date(status["timestamp"], path: "\(at).timestamp", milliseconds: false)
            guard let state = (status["status"] as? String).flatMap(deliveryStatus) else { continue }
            let errors = try json.objects(status["errors"], path: "\(at).errors")
            webhook.statuses.append(ChatStatusUpdate(
                platform: .whatsapp, externalID: id, status: state, at: time,
                recipient: json.optionalID(status["recipient_id"]) ?? json.optionalID(status["recipient_user_id"]),
                errors: errors.compactMap { graphError($0, json: json) }))
        }
    }

    /// The phone number (`from`, the `wa_id`), or where a citizen with a username hides it, the
    /// business-scoped user id (`US.1349…`) the message or its only contact carries (PITFALLS #25).
    private static func sender(of message: [String: Any], contacts: [[String: Any]], path: String, json: WebhookJSON) throws(ChatWebhookError) -> String {
        for key in ["from", "from_user_id", "user_id"] where message[key] != nil && !(message[key] is NSNull) {
            return try json.id(message[key], path: "\(path).\(key)")
        }
        if contacts.count == 1, let contact = contacts.first, let id = json.optionalID(contact["user_id"]) ?? json.optionalID(contact["wa_id"]) {
            return id
        }
        throw .missing(path: "\(path).from")
    }

    private static func content(of message: [String: Any], json: WebhookJSON) -> InboundChatMessage.Content {
        guard let type = json.label(message["type"]) else { return .unsupported(type: "") }
        let body = message[type] as? [String: Any]
        switch type {
        case "text":
            guard let text = json.text(body?["body"]) else { return .unsupported(type: type) }
            return .text(text)
        case "image", "video", "audio", "sticker", "document":
            guard let body, let id = json.optionalID(body["id"]), let kind = ChatMedia.Kind(rawValue: type) else { return .unsupported(type: type) }
            return .media(ChatMedia(
                kind: kind, source: .graphMedia(id: id),
                mimeType: json.label(body["mime_type"]), sha256: json.label(body["sha256"]),
                caption: json.text(body["caption"]), filename: json.text(body["filename"]),
                voice: kind == .audio && json.bool(body["voice"]) == true))
        case "location":
            guard let body,
                  let latitude = json.double(body["latitude"], in: -90...90),
                  let longitude = json.double(body["longitude"], in: -180...180) else { return .unsupported(type: type) }
            return .location(ChatLocation(latitude: latitude, longitude: longitude, name: json.text(body["name"]), address: json.text(body["address"])))
        case "interactive":
            guard let body, let kind = json.label(body["type"]) else { return .unsupported(type: type) }
            guard kind == "button_reply" || kind == "list_reply" else { return .unsupported(type: "interactive.\(kind)") }
            let reply = body[kind] as? [String: Any]
            guard let id = json.optionalID(reply?["id"]) else { return .unsupported(type: "interactive.\(kind)") }
            return .choice(id: id, title: json.text(reply?["title"]) ?? "")
        case "button":
            // A quick-reply button of a template: the payload is the option's id.
            guard let payload = json.optionalID(body?["payload"]) else { return .unsupported(type: type) }
            return .choice(id: payload, title: json.text(body?["text"]) ?? "")
        case "reaction":
            return .reaction
        default:
            // contacts, order, system, unsupported (a view-once photo, with its errors[]), and what
            // Meta adds later (PITFALLS #29: kept as a placeholder, never an error).
            return .unsupported(type: type)
        }
    }

    private static func deliveryStatus(_ text: String) -> ChatDeliveryStatus? {
        switch text {
        case "sent": .sent
        case "delivered": .delivered
        case "read": .read
        case "failed": .failed
        default: nil
        }
    }

    /// An error object `{code, title, message, error_data.details}`; without a numeric code it says
    /// nothing Aduan can act on and is left out.
    static func graphError(_ error: [String: Any], json: WebhookJSON) -> GraphError? {
        guard let raw = error["code"], let code = WebhookJSON.integer(raw), let small = Int(exactly: code),
              abs(small) <= Int(Int32.max) else { return nil }
        return GraphError(
            code: small, title: json.text(error["title"]), message: json.text(error["message"]),
            details: json.text((error["error_data"] as? [String: Any])?["details"]))
    }
}

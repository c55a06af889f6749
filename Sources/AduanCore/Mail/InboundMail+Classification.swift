import Foundation

extension InboundMail {
    /// Why a mail was sent by a machine and must never open a complaint or get a reply (RFC 3834,
    /// PITFALLS 1.15, 1.16). The first reason found, in the order of the cases.
    public enum AutomaticReason: Sendable, Equatable {
        /// `multipart/report`: a delivery status (bounce) or a read receipt (RFC 6522).
        case report(type: String)
        /// `Auto-Submitted` other than `no` (RFC 3834): `auto-replied`, `auto-generated`, …
        case autoSubmitted(String)
        /// `X-Autoreply`, `X-Autorespond`, `X-Autoresponder` (the header name).
        case autoReplyHeader(String)
        /// `Precedence: bulk`, `junk`, `list` or `auto_reply`.
        case precedence(String)
        /// `List-Id` or `List-Unsubscribe` (the header name).
        case mailingList(String)
        /// `Return-Path: <>`: the null sender of bounces and auto-replies (RFC 5321 4.5.5).
        case nullReturnPath
        /// mailer-daemon, postmaster, noreply… (the sender's address).
        case systemSender(String)

        /// A stable snake_case name for storage and logs.
        public var code: String {
            switch self {
            case .report: "report"
            case .autoSubmitted: "auto_submitted"
            case .autoReplyHeader: "auto_reply_header"
            case .precedence: "precedence"
            case .mailingList: "mailing_list"
            case .nullReturnPath: "null_return_path"
            case .systemSender: "system_sender"
            }
        }
    }

    /// A delivery status notification (RFC 3464) about a message we sent.
    public struct Bounce: Sendable, Equatable {
        public struct Recipient: Sendable, Equatable {
            /// From Final-Recipient (else Original-Recipient), without the `rfc822;` type.
            public var address: String
            /// `failed`, `delayed`, `delivered`, `relayed`, `expanded` (lowercased).
            public var action: String?
            /// The enhanced status code (RFC 3463), e.g. `5.1.1`.
            public var status: String?
            /// The remote server's words (Diagnostic-Code without its `smtp;` type).
            public var diagnostic: String?

            /// Whether delivery to this recipient failed for good (a `failed` action or a 5.x.x status).
            public var isPermanentFailure: Bool {
                action == "failed" || (action == nil && status?.hasPrefix("5") == true)
            }
        }

        public var recipients: [Recipient]
        /// The Message-ID (without <>) of the message that could not be delivered: from the returned
        /// message or its headers, else the report's In-Reply-To, else its last References id.
        public var originalMessageID: String?

        /// Whether the outgoing message should be marked failed (some recipient failed for good).
        public var isPermanentFailure: Bool { recipients.contains { $0.isPermanentFailure } }
        /// The first failed recipient's status and diagnostic, for a one-line reason.
        public var status: String? { (recipients.first { $0.isPermanentFailure } ?? recipients.first)?.status }
        public var diagnostic: String? { (recipients.first { $0.isPermanentFailure } ?? recipients.first)?.diagnostic }
    }
}

enum MailClassifier {
    static let systemLocalParts: Set<String> = [
        "mailer-daemon", "postmaster", "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply",
        "do_not_reply", "nobody", "bounce", "bounces", "mail-daemon", "maildaemon",
    ]

    static func automaticReason(_ headers: InboundMail.Headers, top: MIMEEntity, from: InboundAddress?,
                                sender: InboundAddress?) -> InboundMail.AutomaticReason? {
        if top.mediaType == "multipart/report" {
            return .report(type: top.contentType.parameters["report-type"]?.lowercased() ?? "")
        }
        if let value = headers["Auto-Submitted"].map(token), !value.isEmpty, value != "no" {
            return .autoSubmitted(value)
        }
        for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply"] {
            if let value = headers[name].map(token), value != "no", value != "false" { return .autoReplyHeader(name) }
        }
        if let value = headers["Precedence"].map(token), ["bulk", "junk", "list", "auto_reply"].contains(value) {
            return .precedence(value)
        }
        for name in ["List-Id", "List-Unsubscribe"] where headers.contains(name) { return .mailingList(name) }
        if let returnPath = headers["Return-Path"],
           returnPath.filter({ !$0.isWhitespace }) == "<>" {
            return .nullReturnPath
        }
        for address in [from, sender].compactMap({ $0 }) {
            let local = address.localPart
            if systemLocalParts.contains(local) || local.hasPrefix("noreply") || local.hasPrefix("no-reply")
                || local.hasPrefix("mailer-daemon") || local.hasPrefix("donotreply") {
                return .systemSender(address.address)
            }
        }
        return nil
    }

    /// The first word of a header value, lowercased, comments dropped (`auto-replied (vacation)`).
    private static func token(_ value: String) -> String {
        let plain = HeaderValueWithParameters.stripComments(value).mailTrimmed.lowercased()
        return plain.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\t" }).first.map(String.init) ?? ""
    }

    /// The bounce a `multipart/report; report-type=delivery-status` carries; nil for any other mail.
    static func bounce(_ top: MIMEEntity, headers: InboundMail.Headers, limits: MailLimits) -> InboundMail.Bounce? {
        guard top.mediaType == "multipart/report",
              top.contentType.parameters["report-type"]?.lowercased() == "delivery-status"
        else { return nil }
        var recipients: [InboundMail.Bounce.Recipient] = []
        var originalID: String?
        for part in top.children {
            switch part.mediaType {
            case "message/delivery-status", "message/global-delivery-status":
                recipients += statusRecipients(part.decodedBody, limits: limits)
            case "message/rfc822", "message/global":
                originalID = originalID ?? part.message.first.flatMap { MessageIDs.first($0.headers["Message-ID"]) }
            case "text/rfc822-headers", "message/global-headers":
                let body = part.decodedBody
                if let (inner, _) = try? HeaderReader.read(body, in: 0..<body.count, limits: limits) {
                    originalID = originalID ?? MessageIDs.first(inner["Message-ID"])
                }
            default: break
            }
        }
        originalID = originalID ?? MessageIDs.first(headers["In-Reply-To"]) ?? MessageIDs.all(headers["References"]).last
        return InboundMail.Bounce(recipients: recipients, originalMessageID: originalID)
    }

    /// The per-recipient blocks of a message/delivery-status body: header-like fields in groups
    /// separated by blank lines, the first group being about the message.
    private static func statusRecipients(_ body: [UInt8], limits: MailLimits) -> [InboundMail.Bounce.Recipient] {
        var recipients: [InboundMail.Bounce.Recipient] = []
        var cursor = 0
        var groups = 0
        while cursor < body.count, groups < limits.maxParts {
            // Blank lines between groups.
            while cursor < body.count, body[cursor] == 0x0A || body[cursor] == 0x0D { cursor += 1 }
            guard cursor < body.count,
                  let (fields, next) = try? HeaderReader.read(body, in: cursor..<body.count, limits: limits),
                  next > cursor
            else { break }
            groups += 1
            cursor = next
            guard let recipient = fields["Final-Recipient"] ?? fields["Original-Recipient"] else { continue }
            recipients.append(InboundMail.Bounce.Recipient(
                address: typed(recipient).filter { $0 != "<" && $0 != ">" && $0 != " " },
                action: fields["Action"].map { token($0) },
                status: fields["Status"].flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "(" }).first.map(String.init) },
                diagnostic: fields["Diagnostic-Code"].map { collapsed(typed($0)) }))
        }
        return recipients
    }

    /// Runs of blanks (left by unfolding) made one space.
    private static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// `rfc822; a@b` → `a@b`, `smtp; 550 …` → `550 …`.
    private static func typed(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.mailTrimmed }
        return value[value.index(after: semicolon)...].mailTrimmed
    }
}

/// Message-IDs in `Message-ID`, `In-Reply-To` and `References`: without the angle brackets, trimmed
/// (PITFALLS 1.4), in order, duplicates dropped.
enum MessageIDs {
    static func all(_ raw: String?) -> [String] {
        guard let raw else { return [] }
        let text = HeaderValueWithParameters.stripComments(raw)
        var ids: [String] = []
        var seen: Set<String> = []
        func add<S: StringProtocol>(_ candidate: S) {
            let id = String(candidate.filter { !$0.isWhitespace })
            if !id.isEmpty, seen.insert(id).inserted { ids.append(id) }
        }
        if text.contains("<") {
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "<") {
                guard let close = rest[open...].firstIndex(of: ">") else { break }
                add(rest[rest.index(after: open)..<close])
                rest = rest[rest.index(after: close)...]
            }
        } else {
            for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "," }) { add(word) }
        }
        return ids
    }

    static func first(_ raw: String?) -> String? { all(raw).first }
}

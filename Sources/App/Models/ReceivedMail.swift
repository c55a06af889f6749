import Fluent
import Foundation

/// Every mail the office's mailbox delivered to Aduan (or `aduan mail-ingest` read), once: its
/// Message-ID (or the hash of its bytes when it has none) is the key that keeps a mail fetched twice
/// from counting twice. The raw message is kept for the officer and for reprocessing.
final class ReceivedMail: Model, @unchecked Sendable {
    static let schema = "received_mails"

    enum Outcome: String, Codable, Sendable, CaseIterable {
        /// Opened a new complaint on the e-mail channel.
        case complaint
        /// Joined its complaint as the citizen's message.
        case reply
        /// Named a complaint but came from another address: kept as an internal note for the officer.
        case unverified
        /// An auto-reply, list mail, report: never a complaint or a reply.
        case automatic
        /// A delivery failure report about one of our messages.
        case bounce
        /// Our own message, come back.
        case own
        /// Too many new complaints from one sender in an hour.
        case throttled
        /// Could not be read within the limits; kept for the admin.
        case quarantined
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "message_id") var messageID: String
    @OptionalField(key: "complaint_id") var complaintID: UUID?
    @OptionalField(key: "from_address") var fromAddress: String?
    @OptionalField(key: "subject") var subject: String?
    @Field(key: "outcome") var outcome: Outcome
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "size") var size: Int
    @Field(key: "raw") var raw: Data
    @Field(key: "received_at") var receivedAt: Date

    init() {}

    init(messageID: String, complaintID: UUID?, from: String?, subject: String?, outcome: Outcome, reason: String?, raw: [UInt8], at: Date) {
        self.messageID = messageID
        self.complaintID = complaintID
        self.fromAddress = from
        self.subject = subject.map { String($0.prefix(500)) }
        self.outcome = outcome
        self.reason = reason.map { String($0.prefix(1000)) }
        self.size = raw.count
        self.raw = Data(raw)
        self.receivedAt = at
    }
}

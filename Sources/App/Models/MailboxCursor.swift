import Fluent
import Foundation

/// How far the poller has read one mailbox: the last UID stored under the mailbox's UIDVALIDITY
/// (PITFALLS.md §1.2: a UID cursor per folder, not a "since yesterday" window).
final class MailboxCursor: Model, @unchecked Sendable {
    static let schema = "mailbox_cursors"

    @ID(key: .id) var id: UUID?
    /// `user@host:port/mailbox` (`IMAPSettings.mailboxKey`).
    @Field(key: "mailbox_key") var mailboxKey: String
    @Field(key: "uid_validity") var uidValidity: Int64
    @Field(key: "last_uid") var lastUID: Int64
    @Field(key: "updated_at") var updatedAt: Date
    /// The reason the last poll stopped or a message was left aside; nil after a clean poll.
    @OptionalField(key: "last_error") var lastError: String?

    init() {}

    init(mailboxKey: String, uidValidity: Int64, lastUID: Int64, at: Date) {
        self.mailboxKey = mailboxKey
        self.uidValidity = uidValidity
        self.lastUID = lastUID
        self.updatedAt = at
    }
}

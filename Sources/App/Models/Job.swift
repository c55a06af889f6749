import Fluent
import Foundation

/// One piece of work for the job runner: an outgoing message to deliver, a mailbox to poll, the sweep.
///
/// A job is written in the same transaction as the event that causes it, so nothing acknowledged can
/// be forgotten. A worker claims it with a lease (`JobQueue.claim`); a job whose lease ran out (its
/// worker died) is claimed again. Periodic jobs carry a unique `key` and are put back in the queue
/// after each run.
final class Job: Model, @unchecked Sendable {
    static let schema = "jobs"

    enum Kind: String, Codable, Sendable, CaseIterable {
        /// Deliver the `OutgoingMessage` named by `reference`.
        case deliver
        /// Fetch new mail from the office's mailbox (`ADUAN_IMAP_URL`).
        case pollMailbox = "poll_mailbox"
        /// The automatic steps of the clock and the clean-up (`SLASweep`).
        case sweep
        /// Act on the webhook post (`ReceivedWebhook`) named by `reference`.
        case chatWebhook = "chat_webhook"
        /// Take the pending messages of the chat (`ChatConversation`) named by `reference`, one at a time
        /// and in order (key `chat:<id>`: one job per chat).
        case chatTurn = "chat_turn"
        /// Send the queued messages of the chat (`ChatConversation`) named by `reference`, in order (key
        /// `chat-out:<id>`: one job per chat).
        case deliverChat = "deliver_chat"
    }

    enum State: String, Codable, Sendable, CaseIterable {
        case queued
        case running
        case done
        /// Given up after `ADUAN_OUTBOX_MAX_ATTEMPTS`, or refused for good; kept with its last error.
        case failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: Kind
    @OptionalField(key: "reference") var reference: UUID?
    /// Unique among jobs when set: the periodic jobs, one row each.
    @OptionalField(key: "key") var key: String?
    @Field(key: "state") var state: State
    @Field(key: "attempts") var attempts: Int
    @Field(key: "run_at") var runAt: Date
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "leased_by") var leasedBy: String?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(kind: Kind, reference: UUID? = nil, key: String? = nil, runAt: Date, at: Date) {
        self.kind = kind
        self.reference = reference
        self.key = key
        self.state = .queued
        self.attempts = 0
        self.runAt = runAt
        self.createdAt = at
        self.updatedAt = at
    }
}

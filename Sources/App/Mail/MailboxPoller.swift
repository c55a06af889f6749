import Fluent
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Thrown by the ingest for a message that will never be taken however often it is fetched (it was
/// quarantined, or cannot be read at all): the poller marks it `\Seen` and goes on with the next one
/// (PITFALLS.md §1.5: one bad mail must not block the others). Any other error from the ingest is taken
/// as passing (the database is away…): the poll stops and the message is fetched again next time.
struct MailIngestRejection: Error, Sendable, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

/// One poll of the mailbox: fetch by UID what came after the cursor, hand each message to the ingest,
/// and only when it is stored mark it `\Seen` and move the cursor past it.
///
/// - Only UIDs, sizes and Message-IDs are fetched first (PITFALLS.md §1.2); a body is downloaded only
///   for a Message-ID the ingest does not know, so a re-read after a crash or a UIDVALIDITY change costs
///   no bodies and makes no duplicates (§1.1).
/// - The cursor is stored after every message: a crash re-fetches at most the one message in hand,
///   which `isKnown` then skips.
/// - When UIDVALIDITY changed, every UID is new: the poll starts again from the first message and
///   relies on `isKnown` to skip what was stored. A message without a Message-ID cannot be recognised
///   that way; the ingest must recognise it by its content if it cares.
/// - A message larger than `maxMessageBytes` is not downloaded: it stays unread in the mailbox for a
///   person to see, the cursor goes past it and `last_error` names it (§1.8: never skipped silently).
///
/// Two pollers must not read the same mailbox at once (the job runner's lease sees to that).
struct MailboxPoller: Sendable {
    struct Outcome: Sendable, Equatable {
        /// Messages handed to the ingest and stored.
        var fetched = 0
        /// Messages whose Message-ID the ingest knew: marked `\Seen`, body not fetched.
        var skippedKnown = 0
        /// Messages left aside: refused by the ingest (`MailIngestRejection`) or too large.
        var failed = 0
        /// Messages that disappeared between the search and the fetch.
        var vanished = 0
        /// The mailbox's UIDVALIDITY differed from the cursor's: it was read again from the start.
        var uidValidityChanged = false
    }

    let settings: IMAPSettings
    let db: any Database
    let clock: any AppClock
    let logger: Logger
    var eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    /// Whether a message with this Message-ID (as written in the header, e.g. `<abc@host>`) is stored.
    let isKnown: @Sendable (String) async throws -> Bool
    /// Stores one message (the raw RFC 5322 bytes); returns only once it is durably stored.
    let ingest: @Sendable ([UInt8]) async throws -> Void

    /// Summaries are fetched this many messages at a time.
    static let batchSize = 100

    func poll() async throws -> Outcome {
        let cursor = try await loadCursor()
        var logger = logger
        logger[metadataKey: "mailbox"] = .string(settings.mailboxKey)
        var outcome = Outcome()
        var problem: String?
        let client: IMAPClient
        do {
            client = try await IMAPClient.connect(settings, eventLoopGroup: eventLoopGroup, logger: logger)
        } catch {
            try await record(error, on: cursor)
            throw error
        }
        do {
            try await client.authenticate()
            let status = try await client.select(settings.mailbox)
            if cursor.uidValidity != Int64(status.uidValidity) {
                if cursor.uidValidity != 0 || cursor.lastUID != 0 {
                    logger.notice("UIDVALIDITY changed: reading the mailbox again from its first message", metadata: [
                        "old": .stringConvertible(cursor.uidValidity), "new": .stringConvertible(status.uidValidity),
                    ])
                    outcome.uidValidityChanged = true
                }
                cursor.uidValidity = Int64(status.uidValidity)
                cursor.lastUID = 0
                try await save(cursor)
            }
            let after = UInt32(clamping: cursor.lastUID)
            // UIDNEXT tells without a search when nothing came (the usual poll).
            let mayHaveNew = status.uidNext.map { UInt64($0) > UInt64(after) + 1 } ?? true
            let uids = mayHaveNew ? try await client.searchUIDs(after: after) : []

            for start in stride(from: 0, to: uids.count, by: Self.batchSize) {
                let batch = Array(uids[start..<min(start + Self.batchSize, uids.count)])
                let summaries = try await client.fetchSummaries(batch)
                for summary in summaries {
                    var messageLogger = logger
                    messageLogger[metadataKey: "uid"] = .stringConvertible(summary.uid)
                    if summary.size > settings.maxMessageBytes {
                        problem = "UID \(summary.uid): \(summary.size) bytes, more than the \(settings.maxMessageBytes) allowed; left unread in the mailbox"
                        messageLogger.warning("Mail too large, not fetched", metadata: ["bytes": .stringConvertible(summary.size)])
                        outcome.failed += 1
                    } else if let id = summary.messageID, try await isKnown(id) {
                        try await client.markSeen(uid: summary.uid)
                        outcome.skippedKnown += 1
                    } else {
                        let body: [UInt8]?
                        do {
                            body = try await client.fetchBody(uid: summary.uid)
                        } catch let error as IMAPError where error.kind == .messageTooLarge {
                            // The server said less than it sends: the connection is lost, go past it.
                            problem = "UID \(summary.uid): \(error.reason)"
                            messageLogger.warning("Mail larger than announced, not fetched", metadata: ["error": .string(error.reason)])
                            outcome.failed += 1
                            try await advance(cursor, to: summary.uid, problem: problem)
                            return outcome
                        }
                        guard let body else {
                            outcome.vanished += 1
                            try await advance(cursor, to: summary.uid, problem: problem)
                            continue
                        }
                        do {
                            try await ingest(body)
                            outcome.fetched += 1
                        } catch let rejection as MailIngestRejection {
                            problem = "UID \(summary.uid): \(rejection.reason)"
                            messageLogger.warning("Mail refused by the ingest", metadata: ["reason": .string(rejection.reason)])
                            outcome.failed += 1
                        }
                        try await client.markSeen(uid: summary.uid)
                    }
                    try await advance(cursor, to: summary.uid, problem: problem)
                }
                // Expunged between the search and the fetch: nothing to read there any more.
                outcome.vanished += batch.count - summaries.count
                if let last = batch.last, Int64(last) > cursor.lastUID {
                    try await advance(cursor, to: last, problem: problem)
                }
            }
            cursor.lastError = problem
            try await save(cursor)
            await client.logout()
            return outcome
        } catch {
            await client.close()
            try? await record(error, on: cursor)
            throw error
        }
    }

    // MARK: The cursor

    private func loadCursor() async throws -> MailboxCursor {
        if let cursor = try await MailboxCursor.query(on: db).filter(\.$mailboxKey == settings.mailboxKey).first() {
            return cursor
        }
        let cursor = MailboxCursor(mailboxKey: settings.mailboxKey, uidValidity: 0, lastUID: 0, at: clock.now())
        try await cursor.create(on: db)
        return cursor
    }

    private func advance(_ cursor: MailboxCursor, to uid: UInt32, problem: String?) async throws {
        cursor.lastUID = max(cursor.lastUID, Int64(uid))
        cursor.lastError = problem
        try await save(cursor)
    }

    private func save(_ cursor: MailboxCursor) async throws {
        cursor.updatedAt = clock.now()
        try await cursor.save(on: db)
    }

    private func record(_ error: any Error, on cursor: MailboxCursor) async throws {
        cursor.lastError = (error as? IMAPError)?.reason ?? String(describing: error)
        try await save(cursor)
    }
}

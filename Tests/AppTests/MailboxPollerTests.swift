import Fluent
import Foundation
import Logging
import Testing
@testable import App

/// The poller against a real Dovecot, each test on a mailbox of its own, on every test database.
@Suite("Mailbox poller")
struct MailboxPollerTests {
    /// What the ingest received, and the Message-IDs it therefore knows (as the real ingest remembers them).
    actor Ingested {
        var messages: [[UInt8]] = []
        var subjects: [String] {
            messages.map { message in
                let text = String(decoding: message, as: UTF8.self)
                return text.firstMatch(of: /Subject: ([^\r\n]*)/).map { String($0.1) } ?? "?"
            }
        }
        private var ids: Set<String> = []
        /// Subjects whose ingest fails once with a passing error, or always with a rejection.
        private var failOnce: Set<String>
        private let reject: Set<String>

        init(failOnce: Set<String> = [], reject: Set<String> = []) {
            self.failOnce = failOnce
            self.reject = reject
        }

        func knows(_ id: String) -> Bool { ids.contains(id) }
        func remember(_ id: String) { ids.insert(id) }

        func ingest(_ message: [UInt8]) throws {
            let text = String(decoding: message, as: UTF8.self)
            let subject = text.firstMatch(of: /Subject: ([^\r\n]*)/).map { String($0.1) } ?? ""
            if failOnce.remove(subject) != nil { throw PassingTrouble() }
            if reject.contains(subject) { throw MailIngestRejection(reason: "quarantined: \(subject)") }
            messages.append(message)
            if let id = text.firstMatch(of: /Message-ID: ([^\r\n]*)/) { ids.insert(String(id.1)) }
        }
    }

    struct PassingTrouble: Error {}

    private func poller(_ aduan: TestAduan, _ settings: IMAPSettings, _ ingested: Ingested) -> MailboxPoller {
        MailboxPoller(
            settings: settings, db: aduan.app.db, clock: aduan.clock, logger: aduan.app.logger,
            isKnown: { id in await ingested.knows(id) },
            ingest: { message in try await ingested.ingest(message) })
    }

    private func cursor(_ aduan: TestAduan, _ settings: IMAPSettings) async throws -> MailboxCursor {
        try #require(try await MailboxCursor.query(on: aduan.app.db).filter(\.$mailboxKey == settings.mailboxKey).first())
    }

    private func append(_ subjects: [String], to mailbox: String, with client: IMAPClient) async throws -> [UInt32] {
        var uids: [UInt32] = []
        for subject in subjects {
            let id = "<\(subject.lowercased().replacingOccurrences(of: " ", with: "-"))-\(mailbox)@example.com>"
            uids.append(try #require(try await client.append(testMail(messageID: id, subject: subject), to: mailbox)))
        }
        return uids
    }

    private func seen(_ uids: [UInt32], in mailbox: String, with client: IMAPClient) async throws -> [Bool] {
        _ = try await client.select(mailbox)
        var result: [Bool] = []
        for uid in uids { result.append(try await client.flags(uid: uid)?.contains("\\Seen") == true) }
        return result
    }

    @Test(arguments: TestDatabase.available)
    func fetchesNewMailInOrderOnceAndMarksItSeen(_ database: TestDatabase) async throws {
        let server = try await TestIMAPServer.shared()
        try await server.withMailbox { client, mailbox in
            try await withAduan(database) { aduan in
                let uids = try await append(["Satu", "Dua", "Tiga"], to: mailbox, with: client)
                let settings = server.settings(mailbox: mailbox)
                let ingested = Ingested()

                let first = try await poller(aduan, settings, ingested).poll()
                #expect(first == MailboxPoller.Outcome(fetched: 3))
                #expect(await ingested.subjects == ["Satu", "Dua", "Tiga"])
                #expect(try await seen(uids, in: mailbox, with: client) == [true, true, true])
                let stored = try await cursor(aduan, settings)
                #expect(stored.lastUID == Int64(uids[2]))
                #expect(stored.lastError == nil)

                let second = try await poller(aduan, settings, ingested).poll()
                #expect(second == MailboxPoller.Outcome())
                #expect(await ingested.messages.count == 3)

                let more = try await append(["Empat"], to: mailbox, with: client)
                #expect(try await poller(aduan, settings, ingested).poll() == MailboxPoller.Outcome(fetched: 1))
                #expect(await ingested.subjects.last == "Empat")
                #expect(try await cursor(aduan, settings).lastUID == Int64(more[0]))
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aPassingIngestErrorStopsThePollAndTheMessageComesAgain(_ database: TestDatabase) async throws {
        let server = try await TestIMAPServer.shared()
        try await server.withMailbox { client, mailbox in
            try await withAduan(database) { aduan in
                let uids = try await append(["Satu", "Dua", "Tiga"], to: mailbox, with: client)
                let settings = server.settings(mailbox: mailbox)
                let ingested = Ingested(failOnce: ["Dua"])

                await #expect(throws: PassingTrouble.self) { try await poller(aduan, settings, ingested).poll() }
                #expect(await ingested.subjects == ["Satu"])
                #expect(try await seen(uids, in: mailbox, with: client) == [true, false, false])
                let stopped = try await cursor(aduan, settings)
                #expect(stopped.lastUID == Int64(uids[0]))
                #expect(stopped.lastError != nil)

                #expect(try await poller(aduan, settings, ingested).poll() == MailboxPoller.Outcome(fetched: 2))
                #expect(await ingested.subjects == ["Satu", "Dua", "Tiga"])
                #expect(try await cursor(aduan, settings).lastError == nil)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRejectedMessageDoesNotBlockTheOthers(_ database: TestDatabase) async throws {
        let server = try await TestIMAPServer.shared()
        try await server.withMailbox { client, mailbox in
            try await withAduan(database) { aduan in
                let uids = try await append(["Satu", "Rusak", "Tiga"], to: mailbox, with: client)
                let settings = server.settings(mailbox: mailbox)
                let ingested = Ingested(reject: ["Rusak"])

                #expect(try await poller(aduan, settings, ingested).poll() == MailboxPoller.Outcome(fetched: 2, failed: 1))
                #expect(await ingested.subjects == ["Satu", "Tiga"])
                #expect(try await seen(uids, in: mailbox, with: client) == [true, true, true])
                let stored = try await cursor(aduan, settings)
                #expect(stored.lastUID == Int64(uids[2]))
                #expect(stored.lastError?.contains("quarantined: Rusak") == true)
                // Not fetched again.
                #expect(try await poller(aduan, settings, ingested).poll() == MailboxPoller.Outcome())
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aKnownMessageIDIsMarkedSeenWithoutFetchingItsBody(_ database: TestDatabase) async throws {
        let server = try await TestIMAPServer.shared()
        try await server.withMailbox { client, mailbox in
            try await withAduan(database) { aduan in
                let uids = try await append(["Satu", "Dua", "Tiga"], to: mailbox, with: client)
                let settings = server.settings(mailbox: mailbox)
                let ingested = Ingested()
                await ingested.remember("<dua-\(mailbox)@example.com>")

                #expect(try await poller(aduan, settings, ingested).poll() == MailboxPoller.Outcome(fetched: 2, skippedKnown: 1))
                #expect(await ingested.subjects == ["Satu", "Tiga"])
                #expect(try await seen(uids, in: mailbox, with: client) == [true, true, true])
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTooLargeMessageIsLeftUnreadAndNamedButDoesNotBlock(_ database: TestDatabase) async throws {
        let server = try await TestIMAPServer.shared()
        try await server.withMailbox { client, mailbox in
            try await withAduan(database) { aduan in
                let small = try await append(["Satu"], to: mailbox, with: client)
                let big = try #require(try await client.append(
                    testMail(messageID: "<besar@example.com>", subject: "Besar", body: String(repeating: "x", count: 4000)), to: mailbox))
                let last = try await append(["Tiga"], to: mailbox, with: client)
                let settings = server.settings(mailbox: mailbox, maxMessageBytes: 2000)
                let ingested = Ingested()

                #expect(try await poller(aduan, settings, ingested).poll() == MailboxPoller.Outcome(fetched: 2, failed: 1))
                #expect(await ingested.subjects == ["Satu", "Tiga"])
                #expect(try await seen(small + [big] + last, in: mailbox, with: client) == [true, false, true])
                #expect(try await cursor(aduan, settings).lastError?.contains("UID \(big)") == true)
            }
        }
    }

    /// The mailbox is deleted and made again (new UIDVALIDITY, UIDs from 1): the poller reads it from
    /// the start and the ingest's memory of Message-IDs keeps what was stored from coming twice.
    @Test(arguments: TestDatabase.available)
    func aChangedUIDValidityReadsAgainWithoutDuplicates(_ database: TestDatabase) async throws {
        let server = try await TestIMAPServer.shared()
        try await server.withMailbox { client, mailbox in
            try await withAduan(database) { aduan in
                _ = try await append(["Satu", "Dua", "Tiga"], to: mailbox, with: client)
                let settings = server.settings(mailbox: mailbox)
                let ingested = Ingested()
                #expect(try await poller(aduan, settings, ingested).poll() == MailboxPoller.Outcome(fetched: 3))
                let before = try await cursor(aduan, settings).uidValidity

                try await client.delete(mailbox)
                try await client.create(mailbox)
                let uids = try await append(["Satu", "Dua", "Tiga", "Empat"], to: mailbox, with: client)
                let status = try await client.select(mailbox)
                try #require(Int64(status.uidValidity) != before, "Dovecot gave the new mailbox the old UIDVALIDITY")

                let outcome = try await poller(aduan, settings, ingested).poll()
                #expect(outcome == MailboxPoller.Outcome(fetched: 1, skippedKnown: 3, uidValidityChanged: true))
                #expect(await ingested.subjects == ["Satu", "Dua", "Tiga", "Empat"])
                let stored = try await cursor(aduan, settings)
                #expect(stored.uidValidity == Int64(status.uidValidity))
                #expect(stored.lastUID == Int64(uids[3]))
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aFailedLoginIsRecordedOnTheCursor(_ database: TestDatabase) async throws {
        let server = try await TestIMAPServer.shared()
        try await withAduan(database) { aduan in
            let settings = server.settings(password: "salah")
            let error = await #expect(throws: IMAPError.self) { try await poller(aduan, settings, Ingested()).poll() }
            #expect(error?.kind == .authenticationFailed)
            let stored = try await cursor(aduan, settings)
            #expect(stored.lastError == error?.reason)
        }
    }
}

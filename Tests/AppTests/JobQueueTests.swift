import AduanCore
import Fluent
import Foundation
import Testing
@testable import App

/// The jobs table: claims with leases, settling by the worker that holds a job, backoff, giving up, and
/// several workers (instances) never holding the same job at once.
@Suite("Job queue: leases, retries and exclusive claims")
struct JobQueueTests {
    static let schedule = RetrySchedule(firstDelay: 30, maximumDelay: 120, maximumAttempts: 3)

    private func enqueue(_ count: Int, _ aduan: TestAduan) async throws -> [UUID] {
        var ids: [UUID] = []
        for _ in 0..<count {
            ids.append(try await JobQueue.enqueue(.deliver, reference: UUID(), now: aduan.clock.now(), on: aduan.app.db).requireID())
        }
        return ids
    }

    @Test("a due job is claimed by one worker; a job not due yet is not claimed", arguments: TestDatabase.available)
    func claims(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let db = aduan.app.db
            let ids = try await enqueue(3, aduan)
            try await JobQueue.enqueue(.deliver, reference: UUID(), runAt: aduan.clock.now().addingTimeInterval(60), now: aduan.clock.now(), on: db)
            let queue = JobQueue(db: db, now: aduan.clock.now())
            let first = try await queue.claim(limit: 2, worker: "a", lease: 300)
            let second = try await queue.claim(limit: 5, worker: "b", lease: 300)
            let third = try await queue.claim(limit: 5, worker: "c", lease: 300)
            #expect(first.count == 2)
            #expect(second.count == 1)
            #expect(third.isEmpty)
            #expect(Set((first + second).map(\.id)) == Set(ids))
            #expect((first + second).allSatisfy { $0.attempts == 1 && $0.kind == .deliver })
            let running = try await Job.query(on: db).filter(\.$state == .running).all()
            #expect(running.count == 3)
            #expect(Set(running.compactMap(\.leasedBy)) == ["a", "b"])
        }
    }

    @Test("a job whose worker died is claimed again after its lease; the late worker cannot settle it", arguments: TestDatabase.available)
    func leaseExpiry(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let db = aduan.app.db
            _ = try await enqueue(1, aduan)
            let claimed = try #require(try await JobQueue(db: db, now: aduan.clock.now()).claim(limit: 1, worker: "dead", lease: 300).first)
            aduan.clock.advance(by: 299)
            #expect(try await JobQueue(db: db, now: aduan.clock.now()).claim(limit: 1, worker: "other", lease: 300).isEmpty)
            aduan.clock.advance(by: 2)
            let again = try #require(try await JobQueue(db: db, now: aduan.clock.now()).claim(limit: 1, worker: "other", lease: 300).first)
            #expect(again.id == claimed.id)
            #expect(again.attempts == 2)
            #expect(try await JobQueue(db: db, now: aduan.clock.now()).complete(claimed, worker: "dead") == false)
            #expect(try await JobQueue(db: db, now: aduan.clock.now()).complete(again, worker: "other") == true)
            #expect(try await Job.find(claimed.id, on: db)?.state == .done)
        }
    }

    @Test("a failed attempt waits 30 s, then 60 s; after the last attempt the job is kept as failed with its error", arguments: TestDatabase.available)
    func backoff(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let db = aduan.app.db
            let id = try #require(try await enqueue(1, aduan).first)
            var waits: [TimeInterval] = []
            for attempt in 1...3 {
                let queue = JobQueue(db: db, now: aduan.clock.now())
                let job = try #require(try await queue.claim(limit: 1, worker: "w", lease: 300).first, "attempt \(attempt)")
                let retried = try await queue.fail(job, worker: "w", error: "451 mailbox busy (\(attempt))", permanent: false, schedule: Self.schedule)
                #expect(retried == (attempt < 3))
                let row = try #require(try await Job.find(id, on: db))
                #expect(row.lastError == "451 mailbox busy (\(attempt))")
                if retried {
                    waits.append(row.runAt.timeIntervalSince(aduan.clock.now()))
                    #expect(try await queue.claim(limit: 1, worker: "w", lease: 300).isEmpty, "not due before its wait")
                    aduan.clock.set(row.runAt.addingTimeInterval(1))
                }
            }
            #expect(waits.count == 2)
            #expect(waits[0] >= 30 && waits[0] <= 33)
            #expect(waits[1] >= 60 && waits[1] <= 66)
            let row = try #require(try await Job.find(id, on: db))
            #expect(row.state == .failed)
            #expect(row.attempts == 3)
            aduan.clock.advance(by: 86_400)
            #expect(try await JobQueue(db: db, now: aduan.clock.now()).claim(limit: 1, worker: "w", lease: 300).isEmpty)
            // "Kirim ulang": back in the queue with a fresh count.
            try await JobQueue.retry(reference: row.reference!, now: aduan.clock.now(), on: db)
            let resent = try #require(try await JobQueue(db: db, now: aduan.clock.now()).claim(limit: 1, worker: "w", lease: 300).first)
            #expect(resent.attempts == 1)
        }
    }

    @Test("a permanent failure is not retried", arguments: TestDatabase.available)
    func permanent(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let db = aduan.app.db
            let id = try #require(try await enqueue(1, aduan).first)
            let queue = JobQueue(db: db, now: aduan.clock.now())
            let job = try #require(try await queue.claim(limit: 1, worker: "w", lease: 300).first)
            #expect(try await queue.fail(job, worker: "w", error: "550 5.1.1 no such user", permanent: true, schedule: Self.schedule) == false)
            #expect(try await Job.find(id, on: db)?.state == .failed)
        }
    }

    @Test("eight workers claiming 300 jobs at once: each job held by exactly one of them", arguments: TestDatabase.available)
    func exclusiveClaims(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let db = aduan.app.db
            let ids = try await enqueue(300, aduan)
            let now = aduan.clock.now()
            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let batch = try await JobQueue(db: db, now: now).claim(limit: 7, worker: "w\(worker)", lease: 300)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                var all: [[UUID]] = []
                for try await claimed in group { all.append(claimed) }
                return all
            }
            let flat = claims.flatMap { $0 }
            #expect(flat.count == 300, "every job claimed once, none twice")
            #expect(Set(flat) == Set(ids))
            #expect(claims.filter { !$0.isEmpty }.count > 1, "the work was shared")
        }
    }

    @Test("a periodic job exists once however many instances schedule it, and is put back after each run", arguments: TestDatabase.available)
    func periodic(database: TestDatabase) async throws {
        try await withAduan(database, environment: ["ADUAN_SWEEP_SECONDS": "60"]) { aduan in
            let db = aduan.app.db
            try await aduan.app.jobRunner.schedulePeriodic()
            try await aduan.app.jobRunner.schedulePeriodic()
            #expect(try await Job.query(on: db).filter(\.$key == JobRunner.sweepKey).count() == 1)
            #expect(try await aduan.app.jobRunner.runDue() == 1)
            let sweep = try #require(try await Job.query(on: db).filter(\.$key == JobRunner.sweepKey).first())
            #expect(sweep.state == .queued)
            #expect(sweep.attempts == 0)
            #expect(sweep.runAt == aduan.clock.now().addingTimeInterval(60))
            #expect(try await aduan.app.jobRunner.runDue() == 0)
            aduan.clock.advance(by: 60)
            #expect(try await aduan.app.jobRunner.runDue() == 1)
        }
    }
}

@Suite("Retry schedule")
struct RetryScheduleTests {
    @Test func doublesUpToTheCeilingAndStops() {
        let schedule = RetrySchedule(firstDelay: 30, maximumDelay: 3600, maximumAttempts: 10)
        let waits = (1...10).map { schedule.delay(afterAttempt: $0) }
        #expect(waits.prefix(8).map { $0! } == [30, 60, 120, 240, 480, 960, 1920, 3600])
        #expect(waits[8] == 3600)
        #expect(waits[9] == nil)
        #expect(schedule.delay(afterAttempt: 1, jitter: 1) == 33)
        #expect(RetrySchedule(firstDelay: 30, maximumDelay: 3600, maximumAttempts: 10).delay(afterAttempt: 9, jitter: 1) == 3600)
    }
}

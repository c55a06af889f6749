import AduanCore
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Wakes this process's workers when work was queued here; other instances find it at their next look.
final class JobSignal: Sendable {
    private struct State {
        var pending = false
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    func wake() {
        let waiting = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiting { waiter.resume() }
    }

    /// Returns when woken, or after `timeout`.
    func wait(timeout: Duration) async {
        let id = UUID()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLockedValue { state -> Bool in
                if state.pending {
                    state.pending = false
                    return true
                }
                state.waiters[id] = continuation
                return false
            }
            if now {
                continuation.resume()
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                self.state.withLockedValue { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }
}

/// Runs the jobs of the `jobs` table: inside `aduan serve` (unless `ADUAN_JOBS=off`) or apart in
/// `aduan jobs`. Each round claims up to `concurrency` due jobs with a lease and runs them side by
/// side; a job whose worker died is claimed again when its lease runs out.
struct JobRunner: Sendable {
    let db: any Database
    let context: AduanContext
    let logger: Logger
    /// This worker's name in the `leased_by` column (host, process and a random part).
    let worker: String
    /// Fetches the office's mailbox once (nil while `ADUAN_IMAP_URL` is unset).
    var pollMailbox: (@Sendable () async throws -> Void)?

    init(db: any Database, context: AduanContext, logger: Logger, pollMailbox: (@Sendable () async throws -> Void)? = nil) {
        self.db = db
        self.context = context
        self.logger = logger
        self.pollMailbox = pollMailbox
        self.worker = "\(ProcessInfo.processInfo.hostName.prefix(40))/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8))"
    }

    static let sweepKey = "sweep"
    static let mailboxKey = "poll_mailbox"

    var settings: JobSettings { context.config.jobs }

    /// Makes sure the periodic jobs exist: the sweep and, when a mailbox is configured, its poll.
    func schedulePeriodic() async throws {
        let queue = JobQueue(db: db, now: context.clock.now())
        if context.config.sweepInterval > 0 {
            try await queue.ensurePeriodic(.sweep, key: Self.sweepKey, firstRunAt: context.clock.now())
        }
        if pollMailbox != nil {
            try await queue.ensurePeriodic(.pollMailbox, key: Self.mailboxKey, firstRunAt: context.clock.now())
        }
    }

    /// Claims and runs one round of due jobs; returns how many ran.
    @discardableResult
    func runDue() async throws -> Int {
        let claimed = try await JobQueue(db: db, now: context.clock.now())
            .claim(limit: settings.concurrency, worker: worker, lease: settings.lease)
        await withTaskGroup(of: Void.self) { group in
            for job in claimed {
                group.addTask { await self.run(job) }
            }
        }
        return claimed.count
    }

    /// Runs rounds until none is due (tests, `aduan jobs --once`); stops after `maxRounds`.
    @discardableResult
    func runUntilIdle(maxRounds: Int = 1_000) async throws -> Int {
        var total = 0
        for _ in 0..<maxRounds {
            let ran = try await runDue()
            if ran == 0 { break }
            total += ran
        }
        return total
    }

    /// The worker's loop, until its task is cancelled.
    func loop() async {
        do {
            try await schedulePeriodic()
        } catch {
            logger.error("jobs: the periodic jobs could not be scheduled", metadata: ["error": .string(String(describing: error))])
        }
        while !Task.isCancelled {
            var ran = 0
            do {
                ran = try await runDue()
            } catch {
                logger.warning("jobs: claiming failed", metadata: ["error": .string(String(describing: error))])
            }
            if ran == 0 {
                await context.jobs.wait(timeout: .milliseconds(Int(settings.pollInterval * 1000)))
            }
        }
    }

    private func run(_ job: JobQueue.Claimed) async {
        let queue = { JobQueue(db: self.db, now: self.context.clock.now()) }
        do {
            switch job.kind {
            case .deliver:
                try await OutboxDelivery(db: db, context: context, logger: logger).deliver(job, worker: worker)
            case .sweep:
                try await periodic(job, every: context.config.sweepInterval) {
                    try await SLASweep(db: self.db, context: self.context, logger: self.logger).run()
                }
            case .pollMailbox:
                try await periodic(job, every: context.config.mailboxPollInterval) {
                    guard let poll = self.pollMailbox else { return }
                    try await poll()
                }
            case .chatWebhook, .chatTurn, .deliverChat:
                try await ChatJobs(db: db, context: context, logger: logger).run(job, worker: worker)
            }
        } catch {
            // The job's own handling failed (the database went away, say): try again later.
            logger.error("jobs: job failed", metadata: [
                "job": .string(job.id.uuidString), "kind": .string(job.kind.rawValue), "error": .string(String(reflecting: error)),
            ])
            _ = try? await queue().fail(job, worker: worker, error: String(describing: error), permanent: false, schedule: settings.retry)
        }
    }

    /// Runs a periodic job's body and puts it back for its next turn, whatever the body did.
    private func periodic(_ job: JobQueue.Claimed, every interval: TimeInterval, _ body: @Sendable () async throws -> Void) async throws {
        var failure: String?
        do {
            try await body()
        } catch {
            failure = String(describing: error)
            logger.error("jobs: periodic job failed", metadata: ["kind": .string(job.kind.rawValue), "error": .string(String(reflecting: error))])
        }
        let next = context.clock.now().addingTimeInterval(max(interval, 1))
        try await JobQueue(db: db, now: context.clock.now()).reschedule(job, worker: worker, at: next, error: failure)
    }
}

/// Starts the worker loop with the server (`ADUAN_JOBS`, on by default) and stops it with the server.
struct JobRunnerLifecycle: LifecycleHandler {
    final class Box: @unchecked Sendable { var task: Task<Void, Never>? }
    let box = Box()

    func didBootAsync(_ app: Application) async throws {
        guard app.aduan.config.jobs.enabled else {
            app.logger.notice("jobs: this instance runs no workers (ADUAN_JOBS=off); run `aduan jobs` beside it")
            return
        }
        let runner = app.jobRunner
        box.task = Task { await runner.loop() }
    }

    func shutdownAsync(_ app: Application) async {
        box.task?.cancel()
        app.aduan.jobs.wake()
        _ = await box.task?.value
    }
}

extension Application {
    private struct PollerKey: StorageKey {
        typealias Value = @Sendable () async throws -> Void
    }

    /// The mailbox poll the job runner calls (set by `configure` when `ADUAN_IMAP_URL` is set).
    var mailboxPoll: (@Sendable () async throws -> Void)? {
        get { storage[PollerKey.self] }
        set { storage[PollerKey.self] = newValue }
    }

    var jobRunner: JobRunner {
        JobRunner(db: db, context: aduan, logger: logger, pollMailbox: mailboxPoll)
    }
}

import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Where SQLite and PostgreSQL differ, in one place: how each is opened, how its writers take turns, how
/// much it logs, and which of its errors mean "try again" or "the database is away".
///
/// SQLite (the embedded default) is one file shared by one pooled connection per event loop. Left as the
/// driver opens it — rollback journal, deferred `BEGIN` — two filings that read and then write deadlock and
/// one of them gets `database is locked`. So here:
/// - every connection, before its first use, is set to WAL (readers never block the writer),
///   `synchronous=FULL` (a committed complaint survives power loss, not just a crash), a busy timeout
///   and foreign keys;
/// - writers queue in the process (`SQLiteWriteQueue`, first come first served) and every transaction
///   starts with `BEGIN IMMEDIATE`, so it holds the write lock before it reads anything and can never be
///   refused half-way; another process (a CLI command, a backup) is waited for by the busy timeout, and a
///   `BEGIN` still refused after it is tried again a few times.
///
/// PostgreSQL keeps its own locking; its pool size comes from `ADUAN_DB_POOL_SIZE` and transactions that
/// lose a serialization or deadlock race are retried by `Database.writeTransaction`.
///
/// SQL is logged at `.trace`, and in production the database loggers never go below `.debug`, so the
/// statements and their bound values (NIKs, phone numbers) cannot reach a production log whatever
/// `LOG_LEVEL` says. In development `LOG_LEVEL=trace` shows them.
enum DatabaseSetup {
    /// The level SQL statements (with their binds) are logged at.
    static let sqlLogLevel: Logger.Level = .trace
    /// SQLite waits this long for another process's write lock before `BEGIN IMMEDIATE` gives up once.
    static let sqliteBusyTimeoutMilliseconds = 5_000
    /// How often a `BEGIN IMMEDIATE` refused after the busy timeout is tried again.
    static let sqliteBeginAttempts = 3
    /// How long a writer waits for its turn in the process before the request is answered 503.
    static let writeQueueTimeout: Duration = .seconds(30)
    /// The pragmas every SQLite connection gets before its first statement, in this order (the busy
    /// timeout first, so that switching to WAL waits for a writer in another process).
    static let sqlitePragmas = [
        "PRAGMA busy_timeout = \(sqliteBusyTimeoutMilliseconds)",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
    ]

    static func use(_ config: AppConfig, environment: Environment, on app: Application) throws {
        let clampLogger = environment == .production
        switch config.database {
        case .sqlite(let path):
            let base = DatabaseConfigurationFactory.sqlite(.file(path), sqlLogLevel: sqlLogLevel).make()
            app.databases.use(
                DatabaseConfigurationFactory { GuardedConfiguration(base: base, dialect: .sqlite(SQLiteWriteQueue()), clampLogger: clampLogger) },
                as: .sqlite)
        case .postgres(let url):
            let base = try DatabaseConfigurationFactory.postgres(
                url: url, maxConnectionsPerEventLoop: config.databasePoolSize,
                connectionPoolTimeout: .seconds(Int64(config.databasePoolTimeout)), sqlLogLevel: sqlLogLevel
            ).make()
            app.databases.use(
                DatabaseConfigurationFactory { GuardedConfiguration(base: base, dialect: .postgres, clampLogger: clampLogger) },
                as: .psql)
        }
    }

    /// The logger a database gets: in production never below `.debug`, so `.trace` SQL lines are dropped.
    static func databaseLogger(_ logger: Logger, clamp: Bool) -> Logger {
        guard clamp, logger.logLevel < .debug else { return logger }
        var clamped = logger
        clamped.logLevel = .debug
        return clamped
    }

    // MARK: Errors

    /// A conflict with another writer that a new attempt of the same transaction resolves: SQLite busy or
    /// locked, PostgreSQL serialization failure (40001) or deadlock (40P01).
    /// The one difference between the dialects in claiming jobs (`JobQueue.claim`): PostgreSQL lets
    /// the workers of several instances claim at once, each skipping the rows another is taking;
    /// SQLite has one writer at a time (the write queue and `BEGIN IMMEDIATE`), so its sub-select is
    /// exclusive without a lock clause (which it would not parse).
    static func lockSkippingLocked(_ sql: any SQLDatabase) -> String {
        sql.dialect.name == "sqlite" ? "" : " FOR UPDATE SKIP LOCKED"
    }

    /// Another transaction inserted the same unique key first (two deliveries of one webhook message
    /// taken at once): done again, the work finds the row and skips it.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError { return sqlite.reason == .constraintUniqueFailed || sqlite.reason == .constraintPrimaryKeyFailed }
        if let psql = error as? PSQLError, psql.code == .server, let state = psql.serverInfo?[.sqlState] { return state == "23505" }
        return false
    }

    static func isTransientConflict(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout, .lockedBySharedCache: return true
            default: return false
            }
        }
        if let psql = error as? PSQLError, psql.code == .server, let state = psql.serverInfo?[.sqlState] {
            return state == "40001" || state == "40P01"
        }
        return false
    }

    /// The database cannot be reached or cannot write just now: PostgreSQL down, restarting or refusing
    /// connections, SQLite's disk full or failing, a pool with no free connection in time, a writer that
    /// waited too long for its turn. Requests meeting one get a 503 with `Retry-After`; the pools open new
    /// connections by themselves once the database is back.
    static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case is DatabaseUnavailable, is ConnectionPoolTimeoutError, is ConnectionPoolError:
            return true
        case let sqlite as SQLiteError:
            switch sqlite.reason {
            case .full, .ioError, .cantOpen, .cantOpenDirectory, .readOnly, .readonlyCantLock, .readonlyDirectory,
                 .ioErrorFailedRead, .ioErrorIncompleteRead, .ioErrorFailedWrite, .ioErrorFailedSync,
                 .ioErrorFailedDirSync, .ioErrorFailedTruncate, .ioErrorFailedStat, .ioErrorFailedUnlock,
                 .ioErrorFailedReadLock, .ioErrorFailedDelete, .ioErrorNoMemory, .ioErrorFailedAccess,
                 .ioErrorFailedLockCheck, .ioErrorFailedAdvisoryLock, .ioErrorFailedClose, .ioErrorFailedSharedMemOpen,
                 .ioErrorFailedSharedMemSize, .ioErrorFailedSharedMemMap, .ioErrorFailedMemoryMap, .ioErrorCantFindTempdir:
                return true
            default:
                return isTransientConflict(sqlite)  // still busy after every retry
            }
        case let psql as PSQLError:
            switch psql.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                let state = psql.serverInfo?[.sqlState] ?? ""
                // 08: connection exception; 57P01–57P03: shutting down or starting; 53: out of resources.
                return state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53") || isTransientConflict(psql)
            default:
                return false
            }
        case let io as IOError:
            return [ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EPIPE].contains(io.errnoCode)
        case is ChannelError:
            return true
        default:
            return false
        }
    }
}

/// Raised when the database cannot take a request now (see `DatabaseSetup.isUnavailable`).
struct DatabaseUnavailable: Error, CustomStringConvertible {
    var description: String
}

extension Database {
    /// A transaction that is tried again (up to `attempts` times, with a short growing pause) when it
    /// loses a race with another writer (`DatabaseSetup.isTransientConflict`).
    ///
    /// The body may run more than once, so it must build inside it every model it creates: a Fluent model
    /// that was created once cannot be created again.
    func writeTransaction<T: Sendable>(attempts: Int = 4, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await transaction(body)
            } catch where attempt < attempts && DatabaseSetup.isTransientConflict(error) {
                logger.notice("transaction conflict, trying again", metadata: ["attempt": .stringConvertible(attempt), "error": .string(String(describing: error))])
                try await Task.sleep(for: .milliseconds(10 * attempt * attempt))
                attempt += 1
            }
        }
    }
}

// MARK: - The driver around Fluent's

/// Fluent's SQLite or PostgreSQL configuration, with the logger clamp and, for SQLite, the write queue.
private struct GuardedConfiguration: DatabaseConfiguration {
    enum Dialect: Sendable {
        case sqlite(SQLiteWriteQueue)
        case postgres
    }

    var base: any DatabaseConfiguration
    let dialect: Dialect
    let clampLogger: Bool

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        GuardedDriver(base: base.makeDriver(for: databases), dialect: dialect, clampLogger: clampLogger)
    }
}

private struct GuardedDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let dialect: GuardedConfiguration.Dialect
    let clampLogger: Bool

    func makeDatabase(with context: DatabaseContext) -> any Database {
        let context = DatabaseContext(
            configuration: context.configuration, logger: DatabaseSetup.databaseLogger(context.logger, clamp: clampLogger),
            eventLoop: context.eventLoop, history: context.history, pageSizeLimit: context.pageSizeLimit,
            shouldTrace: context.shouldTrace)
        let database = base.makeDatabase(with: context)
        switch dialect {
        case .postgres:
            return database
        case .sqlite(let queue):
            return QueuedSQLiteDatabase(base: database, queue: queue, pinned: false, inTransaction: false)
        }
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// Takes writers one at a time, in the order they came, for the whole process. Waiting is asynchronous
/// (no thread sleeps in SQLite's busy handler); a writer that waits longer than `timeout` gets
/// `DatabaseUnavailable`, which the client sees as a 503.
final class SQLiteWriteQueue: Sendable {
    private struct State {
        var busy = false
        var nextTicket: UInt64 = 0
        var waiting: [(ticket: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        /// Connections already given the pragmas (kept alive here, so an identity is never reused).
        var prepared: [SQLiteConnection] = []
    }

    private let state = NIOLockedValueBox(State())

    func acquire(timeout: Duration = DatabaseSetup.writeQueueTimeout) async throws {
        let ticket: UInt64? = state.withLockedValue { state in
            if !state.busy {
                state.busy = true
                return nil
            }
            state.nextTicket += 1
            return state.nextTicket
        }
        guard let ticket else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            state.withLockedValue { $0.waiting.append((ticket, continuation)) }
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                self?.expire(ticket)
            }
        }
    }

    func release() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiting.isEmpty else {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume()
    }

    func withTurn<T>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func expire(_ ticket: UInt64) {
        let expired = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            guard let index = state.waiting.firstIndex(where: { $0.ticket == ticket }) else { return nil }
            return state.waiting.remove(at: index).continuation
        }
        expired?.resume(throwing: DatabaseUnavailable(description: "waited too long for the SQLite write lock"))
    }

    /// True once per connection: the first caller runs the pragmas.
    func needsPragmas(_ connection: SQLiteConnection) -> Bool {
        state.withLockedValue { state in
            state.prepared.removeAll { $0.isClosed }
            return !state.prepared.contains { $0 === connection }
        }
    }

    func markPrepared(_ connection: SQLiteConnection) {
        state.withLockedValue { $0.prepared.append(connection) }
    }
}

/// Fluent's SQLite database with the pragmas applied to each connection, writers queued and
/// transactions started with `BEGIN IMMEDIATE`.
private struct QueuedSQLiteDatabase: Database, SQLDatabase {
    let base: any Database
    let queue: SQLiteWriteQueue
    /// True when `base` is bound to one connection (inside `withConnection` or a transaction).
    let pinned: Bool
    let inTransaction: Bool

    var context: DatabaseContext { base.context }
    var logger: Logger { base.context.logger }
    var eventLoop: any EventLoop { base.context.eventLoop }
    private var sql: any SQLDatabase { base as! any SQLDatabase }
    var dialect: any SQLDialect { sql.dialect }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    // MARK: Connections

    /// Runs `body` on one connection that has had its pragmas.
    private func onConnection<T: Sendable>(_ body: @escaping @Sendable (QueuedSQLiteDatabase) async throws -> T) async throws -> T {
        if pinned { return try await body(self) }
        return try await base.withConnection { connectionDB in
            let database = QueuedSQLiteDatabase(base: connectionDB, queue: queue, pinned: true, inTransaction: false)
            try await database.preparePragmas()
            return try await body(database)
        }
    }

    private func preparePragmas() async throws {
        guard let sqlite = base as? any SQLiteDatabase else { return }
        let connection = try await sqlite.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
        guard queue.needsPragmas(connection) else { return }
        for pragma in DatabaseSetup.sqlitePragmas {
            let rows = try await connection.query(pragma)
            if pragma.contains("journal_mode"), let mode = rows.first?.column("journal_mode")?.string, mode != "wal" {
                logger.warning("SQLite did not switch to WAL", metadata: ["journal_mode": .string(mode)])
            }
        }
        queue.markPrepared(connection)
    }

    private func isWrite(_ query: DatabaseQuery) -> Bool {
        switch query.action {
        case .read, .aggregate: false
        default: true
        }
    }

    // MARK: Database

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        if inTransaction { return base.execute(query: query, onOutput: onOutput) }
        let write = isWrite(query)
        return eventLoop.makeFutureWithTask {
            try await onConnection { db in
                if write {
                    try await queue.withTurn { try await db.base.execute(query: query, onOutput: onOutput).get() }
                } else {
                    try await db.base.execute(query: query, onOutput: onOutput).get()
                }
            }
        }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        if inTransaction { return base.execute(schema: schema) }
        return eventLoop.makeFutureWithTask {
            try await onConnection { db in try await queue.withTurn { try await db.base.execute(schema: schema).get() } }
        }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        base.execute(enum: `enum`)
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if pinned { return closure(self) }
        return eventLoop.makeFutureWithTask {
            try await onConnection { db in try await closure(db).get() }
        }
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if inTransaction { return closure(self) }
        return eventLoop.makeFutureWithTask {
            try await onConnection { db in
                // Connection first, then the turn: whoever holds the turn never waits for a connection.
                try await queue.withTurn {
                    try await db.begin()
                    let inner = QueuedSQLiteDatabase(base: db.base, queue: queue, pinned: true, inTransaction: true)
                    do {
                        let result = try await closure(inner).get()
                        try await db.sql.raw("COMMIT").run()
                        return result
                    } catch {
                        try? await db.sql.raw("ROLLBACK").run()
                        throw error
                    }
                }
            }
        }
    }

    /// `BEGIN IMMEDIATE`, waiting for another process's writer (busy timeout) and trying again a few times.
    private func begin() async throws {
        var attempt = 1
        while true {
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                return
            } catch where attempt < DatabaseSetup.sqliteBeginAttempts && DatabaseSetup.isTransientConflict(error) {
                logger.notice("SQLite busy at BEGIN, trying again", metadata: ["attempt": .stringConvertible(attempt)])
                attempt += 1
            }
        }
    }

    // MARK: SQLDatabase

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if inTransaction { return try await sql.execute(sql: query, onRow) }
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let statement = serializer.sql.drop { $0 == " " || $0 == "(" }.prefix(7).uppercased()
        let read = statement.hasPrefix("SELECT") || statement.hasPrefix("PRAGMA") || statement.hasPrefix("EXPLAIN")
        try await onConnection { db in
            if read {
                try await db.sql.execute(sql: query, onRow)
            } else {
                try await queue.withTurn { try await db.sql.execute(sql: query, onRow) }
            }
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await onConnection { db in Unchecked(value: try await closure(db)) }.value
    }
}

/// Carries a result the SQLKit API does not require to be `Sendable` out of a connection's closure.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
}

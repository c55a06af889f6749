import AduanCore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import Vapor

/// Configures Aduan from the process environment (and `.env`, which Vapor has loaded by now).
public func configure(_ app: Application) async throws {
    try await configure(app, environment: ProcessInfo.processInfo.environment, clock: SystemClock())
}

/// Configures Aduan from `environment`, telling time by `clock`. Tests call this with their own values.
func configure(_ app: Application, environment: [String: String], clock: any AppClock) async throws {
    let config = try AppConfig(environment: environment)
    let command = app.environment.arguments.dropFirst().first
    let serving = command == nil || command == "serve" || (command!.hasPrefix("-") && !["-h", "--help"].contains(command!))
    // `aduan --help` and the like must not create folders or databases.
    let touchesData = serving || ["migrate", "user", "sweep", "backup", "restore", "jobs", "mail-ingest"].contains(command)

    let resources = ResourceLocator.locate()
    if touchesData {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
    }
    app.aduan = AduanContext(
        config: config,
        clock: clock,
        store: try AttachmentStore(root: config.attachmentsDirectory, clock: clock, create: touchesData),
        catalogue: try MessageCatalogue(directory: resources.locales),
        resources: resources,
        senders: MessageSenders(email: config.mail.map {
            EmailSender(settings: $0, timeZone: config.timeZone, clock: clock, eventLoopGroup: app.eventLoopGroup)
        }))

    if config.chat.enabled {
        let graph = app.graphClient(logger: app.logger)
        app.aduan.graph = graph
        app.aduan.senders.chat = ChatSender(graph: graph)
    }

    // MARK: Database
    try DatabaseSetup.use(config, environment: app.environment, on: app)
    app.migrations.add(CreateInitialSchema())
    app.migrations.add(SeedReferenceData(resources: resources))
    app.migrations.add(CreateStaffSchema())
    app.migrations.add(UpdateComplaintAddQueueDueAt())
    app.migrations.add(CreateRequestCount())
    app.migrations.add(UpdateAPITokenAddExpiresAt(lifetime: config.tokenLifetime))
    app.migrations.add(CreateOutbox())
    app.migrations.add(UpdateComplaintAddLanguage())
    app.migrations.add(CreateMailboxCursor())
    app.migrations.add(CreateReceivedMail())
    app.migrations.add(CreateChat())
    app.migrations.add(CreateWhatsAppTemplate())
    app.databases.middleware.use(ComplaintQueueKeyMiddleware())

    // MARK: Pages and content
    app.directory.viewsDirectory = resources.views
    app.directory.publicDirectory = resources.publicFiles
    app.views.use(.leaf)
    // The bundle sits under `.build` in development, a hidden folder that Leaf's default limits refuse;
    // the sandbox to the views folder is what matters.
    app.leaf.sources = .singleSource(NIOLeafFiles(
        fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
        sandboxDirectory: resources.views, viewDirectory: resources.views))
    app.leaf.cache.isEnabled = app.environment.isRelease

    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys]
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    app.routes.defaultMaxBodySize = "64kb"

    // MARK: Middleware (outermost first)
    app.middleware = Middlewares()
    app.middleware.use(HeaderGuardMiddleware())
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(AppErrorMiddleware())
    app.middleware.use(StaffSessionMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: resources.publicFiles, defaultFile: nil))

    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(SweepCommand(), as: "sweep")
    app.asyncCommands.use(JobsCommand(), as: "jobs")
    app.asyncCommands.use(MailIngestCommand(), as: "mail-ingest")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")

    try routes(app)

    // MARK: The office's mailbox, fetched by the job runner
    if let imap = config.imap {
        app.mailboxPoll = { [unowned app] in
            let ingest = MailIngest(db: app.db, context: app.aduan, logger: app.logger, threadPool: app.threadPool)
            let outcome = try await MailboxPoller(
                settings: imap, db: app.db, clock: app.aduan.clock, logger: app.logger, eventLoopGroup: app.eventLoopGroup,
                isKnown: { try await ingest.isKnown($0) },
                ingest: { raw in _ = try await ingest.ingest(raw) }
            ).poll()
            if outcome.fetched > 0 { app.aduan.jobs.wake() }
        }
    }

    if (serving || ["user", "sweep", "jobs", "mail-ingest"].contains(command)) && config.autoMigrate {
        do {
            try await app.autoMigrate()
        } catch where DatabaseSetup.isUnavailable(error) {
            // Without its migrations the schema may be behind the code: say so plainly instead of the
            // driver's generic error, and how to serve (503 until the database is back) regardless.
            throw AppConfig.Error(
                variable: config.database.variableName,
                problem: "the database cannot be reached, so its migrations cannot be applied; start again when it is back, or set ADUAN_AUTO_MIGRATE=false to serve (503 until it is back) and run `aduan migrate` later")
        }
    }
    if serving {
        app.lifecycle.use(JobRunnerLifecycle())
    }
    // A database that is away at start does not stop the server: requests get 503 until it is back.
    if serving, (try? await User.query(on: app.db).count()) == 0 {
        app.logger.notice("No officer account exists yet. Create the first admin with: aduan user create --username admin --role admin --name \"Nama Admin\" (the password is read from standard input; the admin sets up two-factor authentication at first sign-in)")
    }
}

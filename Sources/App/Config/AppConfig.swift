import AduanCore
import Foundation

/// Every setting of Aduan, read once from the environment (and the `.env` file Vapor loads at start).
///
/// Nothing else in the code reads environment variables. A missing setting takes its default for the
/// embedded setup; a malformed one stops the start with a message naming the variable.
struct AppConfig: Sendable {
    enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)

        /// The setting that chose this database, for messages.
        var variableName: String {
            switch self {
            case .sqlite: "ADUAN_DATA_DIR"
            case .postgres: "DATABASE_URL"
            }
        }
    }

    var dataDirectory: String
    var database: Database
    /// PostgreSQL connections per event loop (the process has one event loop per CPU core).
    var databasePoolSize: Int
    /// Seconds a request waits for a free database connection before it is answered 503.
    var databasePoolTimeout: Int
    var autoMigrate: Bool
    var timeZone: TimeZone
    var maxFileBytes: Int
    var maxComplaintBytes: Int
    /// Parts (fields and files) read from one multipart body; more is refused with 413.
    var maxParts: Int
    var retentionYears: Int
    var accessTokenLifetime: TimeInterval
    /// Cookies always `Secure` (and HSTS sent), even on a request that is not known to be HTTPS.
    var secureCookies: Bool
    /// The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    var trustedProxies: [IPAddressRange]
    var proofThrottle: ProofThrottlePolicy
    /// Wrong passwords (and, apart, wrong authenticator codes) per account and address.
    var loginThrottle: ProofThrottlePolicy
    /// The same per account from every address together, and per address over every account: ten times
    /// the free attempts, so that nobody elsewhere can lock an officer out with a few tries, while
    /// guessing from many addresses is still slowed down.
    var loginGlobalThrottle: ProofThrottlePolicy
    /// Complaints filed anonymously (web form and API) per client address and hour; nil is no limit.
    var filingRate: RateLimitPolicy?
    /// Citizens' replies (follow page and API) per client address and hour; nil is no limit.
    var replyRate: RateLimitPolicy?
    var passwordCost: Int
    var sessionLifetime: TimeInterval
    var sessionIdleTimeout: TimeInterval
    var sweepInterval: TimeInterval
    /// Stored files no row refers to are removed by the sweep once this old (see `OrphanFileCollector`).
    var orphanMinimumAge: TimeInterval
    /// How long a personal API token works after it was made (`ADUAN_TOKEN_DAYS`).
    var tokenLifetime: TimeInterval
    /// The roles that must use two-factor authentication (`ADUAN_REQUIRE_2FA_ROLES`).
    var twoFactorRoles: Set<StaffRole>
    /// The address citizens reach this server at, for the links in messages (`ADUAN_PUBLIC_URL`).
    var publicURL: String
    var jobs: JobSettings
    /// The office's documents of a step go attached to the e-mail up to this size together; beyond it,
    /// by the one-time link (`ADUAN_MAIL_ATTACH_MAX_MB`).
    var mailAttachmentMaxBytes: Int
    var office: OfficeProfile
    /// Outgoing e-mail; nil when `ADUAN_SMTP_URL` is not set (nothing is sent by e-mail).
    var mail: MailSettings?
    /// The mailbox citizens' mail is fetched from (`ADUAN_IMAP_URL`); nil when mail is not read.
    var imap: IMAPSettings?
    /// Whether the citizen's web form (and the citizen API, the same intake) requires an e-mail address,
    /// as the service standard lists it (`ADUAN_EMAIL_REQUIRED`). Officers' entries never need one.
    var emailRequired: Bool
    /// WhatsApp, Messenger and Instagram (`ADUAN_WHATSAPP_*`, `ADUAN_META_*`, `ADUAN_GRAPH_API_URL`).
    var chat: ChatSettings

    var attachmentsDirectory: String { dataDirectory + "/files" }
    /// The largest request body of an upload route: every file together, and room for the form fields.
    var maxUploadRequestBytes: Int { maxComplaintBytes + 1_048_576 }

    struct Error: Swift.Error, CustomStringConvertible {
        let variable: String
        let problem: String
        var description: String { "Configuration error in \(variable): \(problem)" }
    }

    /// Reads the configuration from a dictionary of environment variables.
    init(environment env: [String: String], workingDirectory: String = FileManager.default.currentDirectoryPath) throws {
        var reader = Reader(env: env)

        let dataDir = reader.string("ADUAN_DATA_DIR") ?? "./data"
        dataDirectory = Self.absolute(dataDir, relativeTo: workingDirectory)

        if let url = reader.string("DATABASE_URL") {
            guard let components = URLComponents(string: url),
                  ["postgres", "postgresql"].contains(components.scheme ?? ""),
                  components.host?.isEmpty == false
            else {
                throw Error(variable: "DATABASE_URL", problem: "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: dataDirectory + "/aduan.sqlite")
        }

        databasePoolSize = try reader.int("ADUAN_DB_POOL_SIZE", default: 4, range: 1...64)
        databasePoolTimeout = try reader.int("ADUAN_DB_TIMEOUT_SECONDS", default: 10, range: 1...120)

        autoMigrate = try reader.bool("ADUAN_AUTO_MIGRATE", default: true)

        let zoneName = reader.string("ADUAN_TIMEZONE") ?? "Asia/Jakarta"
        guard let zone = WorkingCalendar.officeTimeZone(identifier: zoneName) else {
            throw Error(variable: "ADUAN_TIMEZONE", problem: "unknown time zone \(zoneName); use e.g. Asia/Jakarta, Asia/Makassar or Asia/Jayapura")
        }
        timeZone = zone

        maxFileBytes = try reader.int("ADUAN_MAX_FILE_MB", default: 10, range: 1...200) * 1_048_576
        maxComplaintBytes = try reader.int("ADUAN_MAX_COMPLAINT_MB", default: 25, range: 1...1000) * 1_048_576
        maxParts = try reader.int("ADUAN_MAX_PARTS", default: 40, range: 20...1000)
        guard maxComplaintBytes >= maxFileBytes else {
            throw Error(variable: "ADUAN_MAX_COMPLAINT_MB", problem: "must be at least ADUAN_MAX_FILE_MB")
        }
        retentionYears = try reader.int("ADUAN_RETENTION_YEARS", default: 2, range: 1...30)
        accessTokenLifetime = TimeInterval(try reader.int("ADUAN_ACCESS_MINUTES", default: 30, range: 5...24 * 60) * 60)
        secureCookies = try reader.bool("ADUAN_SECURE_COOKIES", default: false)
        do {
            trustedProxies = try IPAddressRange.list(reader.string("ADUAN_TRUSTED_PROXIES") ?? "")
        } catch let error as IPAddressRange.ParseError {
            throw Error(variable: "ADUAN_TRUSTED_PROXIES", problem: "\(error.description); list addresses or ranges separated by commas, e.g. 127.0.0.1,10.0.0.0/8")
        }
        proofThrottle = ProofThrottlePolicy(
            freeAttempts: try reader.int("ADUAN_PROOF_FREE_ATTEMPTS", default: 5, range: 1...100),
            baseDelay: 30,
            maxDelay: 3600
        )

        loginThrottle = ProofThrottlePolicy(
            freeAttempts: try reader.int("ADUAN_LOGIN_FREE_ATTEMPTS", default: 5, range: 1...100),
            baseDelay: 30,
            maxDelay: 3600
        )
        loginGlobalThrottle = ProofThrottlePolicy(freeAttempts: loginThrottle.freeAttempts * 10, baseDelay: 30, maxDelay: 3600)
        filingRate = RateLimitPolicy(perHour: try reader.int("ADUAN_FILING_RATE_PER_HOUR", default: 30, range: 0...100_000))
        replyRate = RateLimitPolicy(perHour: try reader.int("ADUAN_REPLY_RATE_PER_HOUR", default: 60, range: 0...100_000))
        passwordCost = try reader.int("ADUAN_PASSWORD_COST", default: 12, range: 4...16)
        sessionLifetime = TimeInterval(try reader.int("ADUAN_SESSION_HOURS", default: 12, range: 1...24 * 30) * 3600)
        sessionIdleTimeout = TimeInterval(try reader.int("ADUAN_SESSION_IDLE_MINUTES", default: 120, range: 5...24 * 60) * 60)
        sweepInterval = TimeInterval(try reader.int("ADUAN_SWEEP_SECONDS", default: 60, range: 0...86_400))
        // Below 60 only while nothing is being filed (the crash test): younger files may belong to a
        // filing whose row is not committed yet.
        orphanMinimumAge = TimeInterval(try reader.int("ADUAN_ORPHAN_AGE_MINUTES", default: 60, range: 0...10_080) * 60)
        tokenLifetime = TimeInterval(try reader.int("ADUAN_TOKEN_DAYS", default: 90, range: 1...3650) * 86_400)
        twoFactorRoles = try reader.roles("ADUAN_REQUIRE_2FA_ROLES", default: StaffRole.identityRoles)

        let publicURL = (reader.string("ADUAN_PUBLIC_URL") ?? "http://localhost:8080").trimmingCharacters(in: CharacterSet(charactersIn: "/ "))
        guard let components = URLComponents(string: publicURL), ["http", "https"].contains(components.scheme ?? ""),
              components.host?.isEmpty == false, components.query == nil
        else {
            throw Error(variable: "ADUAN_PUBLIC_URL", problem: "expected the address citizens open, e.g. https://pengaduan.dharmasrayakab.go.id")
        }
        self.publicURL = publicURL
        mailAttachmentMaxBytes = try reader.int("ADUAN_MAIL_ATTACH_MAX_MB", default: 10, range: 0...50) * 1_048_576
        jobs = JobSettings(
            enabled: try reader.bool("ADUAN_JOBS", default: true),
            concurrency: try reader.int("ADUAN_JOBS_CONCURRENCY", default: 4, range: 1...64),
            retry: RetrySchedule(
                firstDelay: 30,
                maximumDelay: TimeInterval(try reader.int("ADUAN_OUTBOX_MAX_BACKOFF_SECONDS", default: 3600, range: 30...604_800)),
                maximumAttempts: try reader.int("ADUAN_OUTBOX_MAX_ATTEMPTS", default: 10, range: 1...100)),
            linkLifetime: TimeInterval(try reader.int("ADUAN_LINK_DAYS", default: 14, range: 1...90) * 86_400))

        office = OfficeProfile(
            name: reader.string("ADUAN_OFFICE_NAME") ?? "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Dharmasraya",
            shortName: reader.string("ADUAN_OFFICE_SHORT_NAME") ?? "Disdukcapil Dharmasraya",
            regionName: reader.string("ADUAN_OFFICE_REGION") ?? "Kabupaten Dharmasraya",
            regencyCode: reader.string("ADUAN_OFFICE_REGENCY_CODE") ?? "13.10",
            address: reader.string("ADUAN_OFFICE_ADDRESS") ?? "Kompleks Perkantoran Pemerintah Kabupaten Dharmasraya, Pulau Punjung, Sumatera Barat",
            phone: reader.string("ADUAN_OFFICE_PHONE"),
            whatsapp: try reader.phone("ADUAN_OFFICE_WHATSAPP"),
            email: reader.string("ADUAN_OFFICE_EMAIL") ?? "disdukcapil@dharmasrayakab.go.id",
            website: reader.string("ADUAN_OFFICE_WEBSITE") ?? "https://disdukcapil.dharmasrayakab.go.id",
            facebook: reader.string("ADUAN_OFFICE_FACEBOOK"),
            instagram: reader.string("ADUAN_OFFICE_INSTAGRAM"),
            twitter: reader.string("ADUAN_OFFICE_X"),
            tiktok: reader.string("ADUAN_OFFICE_TIKTOK"),
            laporURL: reader.string("ADUAN_OFFICE_LAPOR_URL") ?? "https://www.lapor.go.id",
            openingHours: reader.string("ADUAN_OFFICE_HOURS") ?? "Senin–Kamis 07.30–16.00 WIB, Jumat 07.30–16.30 WIB",
            decree: reader.string("ADUAN_OFFICE_DECREE") ?? "SK Bupati Dharmasraya Nomor 188.45/162/KPTS-BUP/2023"
        )

        mail = try MailSettings.make(
            url: reader.string("ADUAN_SMTP_URL"),
            from: reader.string("ADUAN_MAIL_FROM"),
            timeoutSeconds: try reader.int("ADUAN_SMTP_TIMEOUT_SECONDS", default: 30, range: 1...600),
            caFile: reader.string("ADUAN_SMTP_CA_FILE"),
            heloName: reader.string("ADUAN_SMTP_HELO"),
            officeName: office.shortName
        )
        // MARK: E-mail in
        if let url = reader.string("ADUAN_IMAP_URL") {
            var settings: IMAPSettings
            do { settings = try IMAPSettings(url: url) } catch {
                throw Error(variable: "ADUAN_IMAP_URL", problem: error.description)
            }
            if let caFile = reader.string("ADUAN_IMAP_CA_FILE") {
                guard FileManager.default.isReadableFile(atPath: caFile) else {
                    throw Error(variable: "ADUAN_IMAP_CA_FILE", problem: "cannot read \(caFile); give a PEM file of the certificate authorities to trust")
                }
                settings.caFile = caFile
            }
            settings.pollInterval = TimeInterval(try reader.int("ADUAN_IMAP_POLL_SECONDS", default: 60, range: 5...86_400))
            settings.timeout = TimeInterval(try reader.int("ADUAN_IMAP_TIMEOUT_SECONDS", default: 30, range: 1...600))
            settings.maxMessageBytes = try reader.int("ADUAN_IMAP_MAX_MESSAGE_MB", default: 25, range: 1...200) * 1_048_576
            imap = settings
        } else {
            imap = nil
        }
        emailRequired = try reader.bool("ADUAN_EMAIL_REQUIRED", default: true)
        chat = try Self.chatSettings(reader)
    }

    private static func chatSettings(_ reader: Reader) throws -> ChatSettings {
        let graph = (reader.string("ADUAN_GRAPH_API_URL") ?? ChatSettings.defaultGraphURL)
        guard let components = URLComponents(string: graph), ["http", "https"].contains(components.scheme ?? ""), components.host?.isEmpty == false else {
            throw Error(variable: "ADUAN_GRAPH_API_URL", problem: "expected an http(s) URL such as \(ChatSettings.defaultGraphURL), got \(graph)")
        }
        var settings = ChatSettings(graphURL: graph.hasSuffix("/") ? String(graph.dropLast()) : graph)
        let whatsapp = ["ADUAN_WHATSAPP_TOKEN", "ADUAN_WHATSAPP_PHONE_NUMBER_ID", "ADUAN_WHATSAPP_APP_SECRET", "ADUAN_WHATSAPP_VERIFY_TOKEN"]
        let given = whatsapp.map { reader.string($0) }
        if given.allSatisfy({ $0 != nil }) {
            settings.whatsapp = WhatsAppSettings(token: given[0]!, phoneNumberID: given[1]!, appSecret: given[2]!, verifyToken: given[3]!)
        } else if let missing = zip(whatsapp, given).first(where: { $0.1 == nil }), given.contains(where: { $0 != nil }) {
            throw Error(variable: missing.0, problem: "the WhatsApp channel needs all of \(whatsapp.joined(separator: ", ")); set it, or unset the others")
        }
        let meta = ["ADUAN_META_PAGE_TOKEN", "ADUAN_META_APP_SECRET", "ADUAN_META_VERIFY_TOKEN"]
        let metaGiven = meta.map { reader.string($0) }
        if metaGiven.allSatisfy({ $0 != nil }) {
            settings.meta = MetaSettings(pageToken: metaGiven[0]!, appSecret: metaGiven[1]!, verifyToken: metaGiven[2]!)
        } else if let missing = zip(meta, metaGiven).first(where: { $0.1 == nil }), metaGiven.contains(where: { $0 != nil }) {
            throw Error(variable: missing.0, problem: "Facebook and Instagram messages need all of \(meta.joined(separator: ", ")); set it, or unset the others")
        }
        settings.timeout = TimeInterval(try reader.int("ADUAN_GRAPH_TIMEOUT_SECONDS", default: 30, range: 1...300))
        return settings
    }

    private static func absolute(_ path: String, relativeTo base: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// Typed access to the variables, naming the variable in every error.
    private struct Reader {
        let env: [String: String]

        func string(_ name: String) -> String? {
            guard let value = env[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }

        func bool(_ name: String, default fallback: Bool) throws -> Bool {
            guard let value = string(name)?.lowercased() else { return fallback }
            switch value {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw Error(variable: name, problem: "expected true or false, got \(value)")
            }
        }

        func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let value = string(name) else { return fallback }
            guard let number = Int(value), range.contains(number) else {
                throw Error(variable: name, problem: "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)")
            }
            return number
        }

        /// Comma-separated role names; `none` for no role at all.
        func roles(_ name: String, default fallback: Set<StaffRole>) throws -> Set<StaffRole> {
            guard let value = string(name)?.lowercased() else { return fallback }
            if value == "none" { return [] }
            var roles: Set<StaffRole> = []
            for part in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                guard let role = StaffRole(rawValue: part) else {
                    let known = StaffRole.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Error(variable: name, problem: "unknown role \(part); use a comma-separated list of \(known), or none")
                }
                roles.insert(role)
            }
            return roles
        }

        func phone(_ name: String) throws -> PhoneNumber? {
            guard let value = string(name) else { return nil }
            do { return try PhoneNumber(value) } catch {
                throw Error(variable: name, problem: "expected an Indonesian mobile number such as 0812-3456-7890, got \(value)")
            }
        }
    }
}

/// The office as the public pages present it. Defaults are Disdukcapil Dharmasraya's.
/// How the job runner works (`JobRunner`).
struct JobSettings: Sendable {
    /// Whether this process runs the workers (`ADUAN_JOBS`; `off` on web instances beside `aduan jobs`).
    var enabled: Bool
    /// Jobs run at the same time by one process.
    var concurrency: Int
    var retry: RetrySchedule
    /// How long a one-time link in a message opens the follow page (`ADUAN_LINK_DAYS`).
    var linkLifetime: TimeInterval
    /// How long a worker holds a job it claimed; a job whose worker died is claimed again after it.
    var lease: TimeInterval = 300
    /// How often an idle worker looks for due jobs (a job queued in this process wakes it at once).
    var pollInterval: TimeInterval = 2
}

struct OfficeProfile: Sendable {
    var name: String
    var shortName: String
    var regionName: String
    var regencyCode: String
    var address: String
    var phone: String?
    var whatsapp: PhoneNumber?
    var email: String?
    var website: String?
    var facebook: String?
    var instagram: String?
    var twitter: String?
    var tiktok: String?
    var laporURL: String
    var openingHours: String
    var decree: String
}

/// How repeated wrong second proofs are slowed down: after `freeAttempts` failures, each further try must
/// wait `baseDelay` seconds, doubling with every failure, up to `maxDelay`.
struct ProofThrottlePolicy: Sendable {
    var freeAttempts: Int
    var baseDelay: TimeInterval
    var maxDelay: TimeInterval

    func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeAttempts else { return 0 }
        let exponent = min(failures - freeAttempts, 16)
        return min(baseDelay * pow(2, Double(exponent)), maxDelay)
    }
}

/// A fixed window of one hour per client address: at most `perHour` requests from the start of each
/// clock hour to its end. Simple to count atomically in the database; at a window's edge up to twice the
/// number may pass within a few minutes, which is fine for a limit meant to stop floods, not people.
struct RateLimitPolicy: Sendable, Equatable {
    var limit: Int
    var window: TimeInterval = 3600

    /// Nil for 0: no limit.
    init?(perHour: Int) {
        guard perHour > 0 else { return nil }
        limit = perHour
    }
}

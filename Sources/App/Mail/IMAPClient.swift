import AduanCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// What SELECT says about a mailbox.
struct MailboxStatus: Sendable, Equatable {
    /// Changes when the server renumbered the mailbox: UIDs of before mean nothing then (RFC 3501 §2.3.1.1).
    var uidValidity: UInt32
    var uidNext: UInt32?
    var exists: Int
}

/// A message's UID, size and Message-ID, fetched before its body.
struct IMAPMessageSummary: Sendable, Equatable {
    var uid: UInt32
    var size: Int
    /// The header's value as written, e.g. `<abc@mail.gmail.com>`; nil when the mail has none.
    var messageID: String?
}

/// A small IMAP4rev1 client (RFC 3501) on SwiftNIO: just what fetching citizens' mail needs.
///
/// One client is one connection, used by one task at a time: commands run one after the other. Every
/// wait for the server has the settings' timeout of silence. With `imap+starttls://` the password never
/// goes out before TLS: a server without STARTTLS is refused, and plaintext that arrives together with
/// STARTTLS's OK (an injection, CVE-2011-0411 style) ends the connection.
final class IMAPClient {
    let settings: IMAPSettings
    private let channel: any Channel
    private let inbox: IMAPInbox
    private let tlsContext: NIOSSLContext?
    private let logger: Logger
    private var tagNumber = 0
    /// Capability names, upper-cased; re-read after STARTTLS and after login.
    private(set) var capabilities: Set<String> = []

    private init(settings: IMAPSettings, channel: any Channel, inbox: IMAPInbox, tlsContext: NIOSSLContext?, logger: Logger) {
        self.settings = settings
        self.channel = channel
        self.inbox = inbox
        self.tlsContext = tlsContext
        self.logger = logger
    }

    deinit {
        channel.close(promise: nil)
    }

    // MARK: Connecting

    /// Connects, reads the greeting and the capabilities, and with `imap+starttls://` upgrades to TLS.
    /// Does not log in: see `authenticate()`.
    static func connect(
        _ settings: IMAPSettings,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) async throws -> IMAPClient {
        let loop = eventLoopGroup.next()
        let timeout = TimeAmount.milliseconds(Int64(settings.timeout * 1000))
        let inbox = IMAPInbox(eventLoop: loop, timeout: timeout)
        let tlsContext: NIOSSLContext?
        do {
            tlsContext = settings.security == .plain ? nil : try makeTLSContext(settings)
        } catch {
            throw IMAPError(kind: .tls, stage: .connect, detail: "TLS configuration: \(error)")
        }
        let serverName = Self.serverName(settings.host)
        let implicitTLS = settings.security == .implicitTLS ? tlsContext : nil
        let maxLiteral = settings.maxMessageBytes
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(IMAPResponseHandler(inbox: inbox, maxLiteralBytes: maxLiteral))
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw IMAPError(kind: .connection, stage: .connect, detail: "\(settings.host):\(settings.port): \(error)")
        }
        inbox.attach(channel)
        let client = IMAPClient(settings: settings, channel: channel, inbox: inbox, tlsContext: tlsContext, logger: logger)
        do {
            try await client.readGreeting()
            if settings.security == .startTLS {
                try await client.startTLS()
            }
        } catch {
            await client.close()
            throw error
        }
        return client
    }

    private static func makeTLSContext(_ settings: IMAPSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile = settings.caFile {
            configuration.trustRoots = .file(caFile)
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The name for SNI and the certificate check; nil for an IP address, which NIOSSL then checks
    /// against the certificate's IP addresses.
    private static func serverName(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    private func readGreeting() async throws {
        inbox.stage = .greeting
        let greeting = try await inbox.next()
        guard case .untagged(.status(let status)) = greeting else {
            throw IMAPError(kind: .protocolViolation, stage: .greeting, detail: "no greeting")
        }
        switch status.status {
        case .ok, .preauth:
            if case .capability(let names)? = status.code {
                capabilities = Set(names)
            } else {
                try await capability()
            }
        case .bye:
            throw IMAPError(kind: .closedByServer, stage: .greeting, detail: status.displayText)
        default:
            throw IMAPError(kind: .protocolViolation, stage: .greeting, detail: "greeting \(status.status.rawValue)")
        }
    }

    @discardableResult
    func capability() async throws -> Set<String> {
        let (responses, _) = try await run(IMAPCommandText("CAPABILITY"), stage: .capability)
        var names: Set<String> = []
        for case .capability(let list) in responses { names.formUnion(list) }
        capabilities = names
        return names
    }

    private func startTLS() async throws {
        guard capabilities.contains("STARTTLS") else {
            throw IMAPError(kind: .startTLSUnavailable, stage: .startTLS, detail: "\(settings.host) does not offer STARTTLS")
        }
        guard let tlsContext else { throw IMAPError(kind: .tls, stage: .startTLS, detail: "no TLS context") }
        try await run(IMAPCommandText("STARTTLS"), stage: .startTLS)
        let serverName = Self.serverName(settings.host)
        let channel = channel
        let nothingQueued = inbox.queuedCount == 0
        do {
            try await channel.eventLoop.submit {
                // Anything already read now came before the handshake, unprotected: a man in the
                // middle's injection. Refuse it rather than treat it as the server's answer.
                let handler = try channel.pipeline.syncOperations.handler(type: IMAPResponseHandler.self)
                guard nothingQueued, handler.isIdle else { throw StartTLSInjection() }
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName), position: .first)
            }.get()
        } catch is StartTLSInjection {
            let error = IMAPError(kind: .tls, stage: .startTLS, detail: "plaintext received after STARTTLS before the handshake")
            inbox.fail(error)
            throw error
        } catch let error as IMAPError {
            throw error
        } catch {
            throw IMAPError(kind: .tls, stage: .startTLS, detail: String(describing: error))
        }
        try await capability()
    }

    private struct StartTLSInjection: Error {}

    // MARK: Logging in

    /// Logs in with the settings' user and password: AUTHENTICATE PLAIN when offered, else LOGIN.
    func authenticate() async throws {
        if capabilities.contains("AUTH=PLAIN") {
            try await authenticatePlain(username: settings.username, password: settings.password)
        } else {
            try await login(username: settings.username, password: settings.password)
        }
    }

    func login(username: String, password: String) async throws {
        guard !capabilities.contains("LOGINDISABLED") else {
            throw IMAPError(kind: .authenticationFailed, stage: .login, detail: "the server refuses LOGIN on this connection (LOGINDISABLED)")
        }
        var command = IMAPCommandText("LOGIN ")
        command.appendString(username)
        command.append(" ")
        command.appendString(password)
        try await run(command, stage: .login)
        try await capability()
    }

    /// SASL PLAIN (RFC 4616), in the command itself when the server has SASL-IR (RFC 4959).
    func authenticatePlain(username: String, password: String) async throws {
        let credentials = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
        inbox.stage = .login
        let tag = nextTag()
        if capabilities.contains("SASL-IR") {
            try await write("\(tag) AUTHENTICATE PLAIN \(credentials)\r\n")
        } else {
            try await write("\(tag) AUTHENTICATE PLAIN\r\n")
            _ = try await awaitContinuation(tag: tag, stage: .login)
            try await write(credentials + "\r\n")
        }
        _ = try await awaitTagged(tag, stage: .login, answeringContinuation: true)
        try await capability()
    }

    // MARK: Mailboxes and messages

    func select(_ mailbox: String) async throws -> MailboxStatus {
        var command = IMAPCommandText("SELECT ")
        command.appendString(try Self.checked(mailbox, stage: .select))
        let (responses, status) = try await run(command, stage: .select)
        var uidValidity: UInt32?
        var uidNext: UInt32?
        var exists = 0
        for response in responses {
            switch response {
            case .exists(let count): exists = count
            case .status(let status):
                switch status.code {
                case .uidValidity(let value)?: uidValidity = value
                case .uidNext(let value)?: uidNext = value
                default: break
                }
            default: break
            }
        }
        if case .uidValidity(let value)? = status.code { uidValidity = value }
        guard let uidValidity else {
            throw IMAPError(kind: .protocolViolation, stage: .select, detail: "SELECT gave no UIDVALIDITY")
        }
        return MailboxStatus(uidValidity: uidValidity, uidNext: uidNext, exists: exists)
    }

    /// The UIDs above `uid`, ascending. `UID n:*` always matches the last message, even when its UID is
    /// below n (RFC 3501 §6.4.8): those are filtered out here.
    func searchUIDs(after uid: UInt32) async throws -> [UInt32] {
        guard uid < UInt32.max else { return [] }
        let (responses, _) = try await run(IMAPCommandText("UID SEARCH UID \(uid + 1):*"), stage: .search)
        var found: Set<UInt32> = []
        for case .search(let uids) in responses { found.formUnion(uids.filter { $0 > uid }) }
        return found.sorted()
    }

    /// UID, size and Message-ID of each of `uids` that still exists, in UID order; no body is read.
    func fetchSummaries(_ uids: [UInt32]) async throws -> [IMAPMessageSummary] {
        guard !uids.isEmpty else { return [] }
        let wanted = Set(uids)
        let command = "UID FETCH \(IMAPCommandText.uidSet(uids)) (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"
        let (responses, _) = try await run(IMAPCommandText(command), stage: .fetch)
        var summaries: [UInt32: IMAPMessageSummary] = [:]
        for case .fetch(_, let attributes) in responses {
            guard let uid = attributes.uid, wanted.contains(uid), let size = attributes.size else { continue }
            let header = attributes.sections["HEADER.FIELDS (MESSAGE-ID)"] ?? []
            summaries[uid] = IMAPMessageSummary(uid: uid, size: size, messageID: IMAPHeaderFields.messageID(in: header))
        }
        return summaries.values.sorted { $0.uid < $1.uid }
    }

    /// The whole message, byte for byte, without setting `\Seen`; nil when it no longer exists. A
    /// literal larger than the settings' maximum is refused as it is announced (`.messageTooLarge`),
    /// which ends the connection.
    func fetchBody(uid: UInt32) async throws -> [UInt8]? {
        let (responses, _) = try await run(IMAPCommandText("UID FETCH \(uid) (BODY.PEEK[])"), stage: .fetch)
        for case .fetch(_, let attributes) in responses where attributes.uid == uid {
            if let body = attributes.sections[""] { return body }
        }
        return nil
    }

    func flags(uid: UInt32) async throws -> [String]? {
        let (responses, _) = try await run(IMAPCommandText("UID FETCH \(uid) (FLAGS)"), stage: .fetch)
        for case .fetch(_, let attributes) in responses where attributes.uid == uid {
            if let flags = attributes.flags { return flags }
        }
        return nil
    }

    func markSeen(uid: UInt32) async throws {
        try await run(IMAPCommandText("UID STORE \(uid) +FLAGS.SILENT (\\Seen)"), stage: .store)
    }

    /// Puts a message into `mailbox` (the tests fill Dovecot this way); the new UID when the server
    /// says it (UIDPLUS).
    @discardableResult
    func append(_ message: [UInt8], to mailbox: String, flags: [String] = []) async throws -> UInt32? {
        var command = IMAPCommandText("APPEND ")
        command.appendString(try Self.checked(mailbox, stage: .append))
        command.append(" (\(flags.joined(separator: " "))) ")
        command.appendLiteral(message)
        let (_, status) = try await run(command, stage: .append)
        if case .appendUID(_, let uid)? = status.code { return uid }
        return nil
    }

    func create(_ mailbox: String) async throws {
        var command = IMAPCommandText("CREATE ")
        command.appendString(try Self.checked(mailbox, stage: .create))
        try await run(command, stage: .create)
    }

    func delete(_ mailbox: String) async throws {
        var command = IMAPCommandText("DELETE ")
        command.appendString(try Self.checked(mailbox, stage: .delete))
        try await run(command, stage: .delete)
    }

    /// Says goodbye and closes; never fails (the session's work is done either way).
    func logout() async {
        _ = try? await run(IMAPCommandText("LOGOUT"), stage: .logout)
        await close()
    }

    func close() async {
        inbox.fail(IMAPError(kind: .connection, stage: inbox.stage, detail: "closed by the client"))
        try? await channel.close()
    }

    private static func checked(_ mailbox: String, stage: IMAPError.Stage) throws -> String {
        guard IMAPMailboxName.isSupported(mailbox) else {
            throw IMAPError(kind: .refused, stage: stage, detail: "mailbox name \(mailbox): only printable ASCII without & is supported")
        }
        return mailbox
    }

    // MARK: Commands

    private func nextTag() -> String {
        tagNumber += 1
        return "A" + String(tagNumber).leftPadded(to: 4)
    }

    /// Sends `command` (waiting for `+` before each literal) and collects the untagged responses until
    /// its tagged OK; NO and BAD become `IMAPError`.
    @discardableResult
    private func run(_ command: IMAPCommandText, stage: IMAPError.Stage) async throws -> ([IMAPUntaggedResponse], IMAPStatusResponse) {
        inbox.stage = stage
        let tag = nextTag()
        var collected: [IMAPUntaggedResponse] = []
        var pending = Array("\(tag) ".utf8)
        for part in command.parts {
            pending += IMAPCommandText.wire(part)
            if case .literal(let bytes) = part {
                try await write(pending)
                collected += try await awaitContinuation(tag: tag, stage: stage)
                pending = bytes
            }
        }
        try await write(pending + [0x0D, 0x0A])
        let (untagged, status) = try await awaitTagged(tag, stage: stage, answeringContinuation: false)
        return (collected + untagged, status)
    }

    private func awaitContinuation(tag: String, stage: IMAPError.Stage) async throws -> [IMAPUntaggedResponse] {
        var collected: [IMAPUntaggedResponse] = []
        while true {
            switch try await inbox.next() {
            case .continuation: return collected
            case .untagged(let response): collected.append(response)
            case .tagged(let other, let status):
                guard other == tag, status.status != .ok else {
                    throw IMAPError(kind: .protocolViolation, stage: stage, detail: "unexpected tagged response \(other) while waiting for +")
                }
                throw IMAPError.status(status, at: stage)
            }
        }
    }

    private func awaitTagged(_ tag: String, stage: IMAPError.Stage, answeringContinuation: Bool) async throws -> ([IMAPUntaggedResponse], IMAPStatusResponse) {
        var collected: [IMAPUntaggedResponse] = []
        while true {
            switch try await inbox.next() {
            case .untagged(let response):
                collected.append(response)
            case .continuation:
                // Only a SASL exchange asks again; an empty answer cancels it (RFC 3501 §6.2.2).
                guard answeringContinuation else {
                    throw IMAPError(kind: .protocolViolation, stage: stage, detail: "unexpected continuation request")
                }
                try await write("*\r\n")
            case .tagged(let other, let status):
                guard other == tag else {
                    throw IMAPError(kind: .protocolViolation, stage: stage, detail: "tagged response \(other) for no command of ours")
                }
                guard status.status == .ok else { throw IMAPError.status(status, at: stage) }
                return (collected, status)
            }
        }
    }

    private func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    /// Queues bytes for the server without waiting for them to leave: a write can stall for good (TLS
    /// waiting for a handshake the server never answers), so only the wait for the answer, which has
    /// the timeout, decides. A failed write closes the channel, and that wait then says why.
    private func write(_ bytes: [UInt8]) async throws {
        if let failure = inbox.failure { throw failure }
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

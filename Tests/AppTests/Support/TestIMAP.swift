#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
@testable import App

/// The Dovecot the IMAP tests talk to: the one `scripts/test.sh` started (ADUAN_TEST_IMAP_PORT,
/// ADUAN_TEST_IMAPS_PORT, ADUAN_TEST_IMAP_USER, ADUAN_TEST_IMAP_PASSWORD, ADUAN_TEST_IMAP_CA), or else one
/// this test process starts once through `scripts/mail/dovecot.sh` and that stops when the process ends.
struct TestIMAPServer: Sendable {
    let port: Int
    let tlsPort: Int
    let user: String
    let password: String
    let caFile: String

    static func shared() async throws -> TestIMAPServer {
        try await Launcher.shared.server()
    }

    func settings(_ security: IMAPSettings.Security = .plain, mailbox: String = "INBOX", password: String? = nil,
                  timeout: TimeInterval = 30, maxMessageBytes: Int = 25 * 1_048_576) -> IMAPSettings {
        IMAPSettings(
            security: security, host: "127.0.0.1", port: security == .implicitTLS ? tlsPort : port,
            username: user, password: password ?? self.password, mailbox: mailbox, caFile: caFile,
            timeout: timeout, maxMessageBytes: maxMessageBytes)
    }

    /// A logged-in client on a new, empty mailbox of its own (so tests run in parallel), deleted after.
    func withMailbox(_ body: (IMAPClient, String) async throws -> Void) async throws {
        let mailbox = "t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let client = try await IMAPClient.connect(settings(), logger: Logger(label: "test.imap"))
        do {
            try await client.authenticate()
            try await client.create(mailbox)
            try await body(client, mailbox)
            try? await client.delete(mailbox)
            await client.logout()
        } catch {
            await client.close()
            throw error
        }
    }

    private actor Launcher {
        static let shared = Launcher()
        private var running: Task<TestIMAPServer, any Error>?

        func server() async throws -> TestIMAPServer {
            if let running { return try await running.value }
            let task = Task { try await Self.locate() }
            running = task
            return try await task.value
        }

        private static func locate() async throws -> TestIMAPServer {
            let env = ProcessInfo.processInfo.environment
            if let port = env["ADUAN_TEST_IMAP_PORT"].flatMap(Int.init) {
                let tlsPort = try #require(env["ADUAN_TEST_IMAPS_PORT"].flatMap(Int.init), "ADUAN_TEST_IMAPS_PORT is not set")
                return TestIMAPServer(
                    port: port, tlsPort: tlsPort,
                    user: try #require(env["ADUAN_TEST_IMAP_USER"], "ADUAN_TEST_IMAP_USER is not set"),
                    password: try #require(env["ADUAN_TEST_IMAP_PASSWORD"], "ADUAN_TEST_IMAP_PASSWORD is not set"),
                    caFile: try #require(env["ADUAN_TEST_IMAP_CA"], "ADUAN_TEST_IMAP_CA is not set"))
            }
            return try await start()
        }

        /// Starts Dovecot on two free-looking ports; tries other ports if those were taken.
        private static func start() async throws -> TestIMAPServer {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            let script = root.appendingPathComponent("scripts/mail/dovecot.sh").path
            let user = "aduan"
            let password = "uji \"rahasia\" \\ 2026"
            var lastError = ""
            for _ in 0..<3 {
                let port = Int.random(in: 20_000..<40_000)
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-dovecot-\(UUID().uuidString)").path
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                var environment = ProcessInfo.processInfo.environment
                environment["DOVECOT_TEST_USER"] = user
                environment["DOVECOT_TEST_PASSWORD"] = password
                let log = directory + "/start.log"
                let variables = environment
                let arguments = ["/bin/bash", script, "start", directory, String(port), String(port + 20_000), String(getpid())]
                let status = await withCheckedContinuation { continuation in
                    Thread { continuation.resume(returning: TestIMAPServer.run(arguments, environment: variables, output: log)) }.start()
                }
                if status == 0 {
                    return TestIMAPServer(port: port, tlsPort: port + 20_000, user: user, password: password, caFile: directory + "/ca.pem")
                }
                lastError = (try? String(contentsOfFile: log, encoding: .utf8)) ?? "exit status \(status)"
            }
            throw DovecotUnavailable(log: lastError)
        }
    }

    /// Runs a program to its end with every signal unblocked and at its default (Foundation's Process
    /// passes this process's blocked signals on, and Dovecot would then never stop); its exit status.
    private static func run(_ arguments: [String], environment: [String: String], output: String) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    struct DovecotUnavailable: Error, CustomStringConvertible {
        let log: String
        var description: String {
            "Dovecot could not be started by scripts/mail/dovecot.sh (apt-get install -y dovecot-imapd, or set ADUAN_TEST_IMAP_PORT and its companions): \(log)"
        }
    }
}

/// A message as a mail program would put it into the mailbox.
func testMail(messageID: String?, subject: String, body: String = "Isi pesan.\r\nBaris kedua.\r\n") -> [UInt8] {
    var header = "From: Warga <warga@example.com>\r\nTo: disdukcapil@example.go.id\r\nSubject: \(subject)\r\n"
        + "Date: Mon, 30 Nov 2026 10:00:00 +0700\r\n"
    if let messageID { header += "Message-ID: \(messageID)\r\n" }
    return Array((header + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body).utf8)
}

/// A server on loopback that answers each command line through `reply` (the tag is the line's first
/// word); for what Dovecot will not do: stay silent, inject after STARTTLS, lack STARTTLS.
final class ScriptedIMAPServer: Sendable {
    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// `greeting` nil: the server accepts and never says a word.
    static func start(greeting: String?, reply: @escaping @Sendable (_ tag: String, _ command: String) -> String?) async throws -> ScriptedIMAPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptHandler(greeting: greeting, reply: reply))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedIMAPServer(port: try #require(channel.localAddress?.port), channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    private final class ScriptHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let greeting: String?
        let reply: @Sendable (String, String) -> String?
        var pending = ""

        init(greeting: String?, reply: @escaping @Sendable (String, String) -> String?) {
            self.greeting = greeting
            self.reply = reply
        }

        func channelActive(context: ChannelHandlerContext) {
            if let greeting { context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: greeting)), promise: nil) }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            pending += String(buffer: unwrapInboundIn(data))
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let tag = parts.first, let answer = reply(String(tag), parts.count > 1 ? String(parts[1]) : "") else { continue }
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer)), promise: nil)
            }
        }
    }
}

import Foundation
import NIOCore
import NIOPosix
import Testing

/// The real SMTP server of the tests: `scripts/mail/smtp-server.py` (aiosmtpd).
///
/// `ADUAN_TEST_SMTP` names the ready file of a server that scripts/test.sh started (or holds that JSON
/// itself). Without it the first test that needs the server starts one for the whole test process, with
/// the Python of `ADUAN_TEST_PYTHON` (default `.venv-e2e/bin/python`, else `python3`), which needs
/// aiosmtpd (`pip install -r scripts/mail/requirements.txt`); if that cannot be done, the tests fail and
/// say why, rather than pass without having sent anything. The server ends with this process: it stops
/// when its standard input, held here, closes.
struct TestSMTPServer: Sendable, Decodable {
    let host: String
    let plain: Int
    let starttls: Int
    let starttlsLogin: Int
    let smtps: Int
    let maildir: String
    let ca: String
    let user: String
    let password: String
    let reject: [String]
    let deferred: [String]

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// One message as the server stored it.
    struct Stored: Sendable {
        let bytes: [UInt8]
        let envelope: Envelope
    }

    struct Envelope: Sendable, Decodable {
        let file: String
        let mailFrom: String
        let rcptTos: [String]
        let mailOptions: [String]
        let listener: String
        let tls: Bool
        let authUser: String?
        let authMechanism: String?
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    static func shared() async throws -> TestSMTPServer {
        try await started.value
    }

    private static let started = Task<TestSMTPServer, any Error> {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["ADUAN_TEST_SMTP"], !given.isEmpty {
            let json = given.hasPrefix("{") ? Data(given.utf8) : try Data(contentsOf: URL(fileURLWithPath: given))
            return try decoder.decode(TestSMTPServer.self, from: json)
        }
        return try await launch(environment: environment)
    }

    /// The messages stored with `recipient` among their envelope recipients.
    func messages(to recipient: String) throws -> [Stored] {
        let folder = URL(fileURLWithPath: maildir).appendingPathComponent("envelope")
        var found: [Stored] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".json") {
            let envelope = try Self.decoder.decode(Envelope.self, from: Data(contentsOf: folder.appendingPathComponent(file)))
            guard envelope.rcptTos.contains(recipient) else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: maildir).appendingPathComponent(envelope.file))
            found.append(Stored(bytes: [UInt8](bytes), envelope: envelope))
        }
        return found
    }

    // MARK: Starting one

    private final class Launched: @unchecked Sendable {
        // Held for the life of the test process: when the pipe closes, the server stops.
        var process: Process?
        var input: Pipe?
    }

    private static let launched = Launched()

    private static func launch(environment: [String: String]) async throws -> TestSMTPServer {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/mail/smtp-server.py").path
        let candidates = environment["ADUAN_TEST_PYTHON"].map { [$0] }
            ?? [root.appendingPathComponent(".venv-e2e/bin/python").path, "/usr/bin/python3"]
        guard let python = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Unavailable(description: "no Python for the test SMTP server (tried \(candidates)); set ADUAN_TEST_PYTHON or ADUAN_TEST_SMTP")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aduan-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let readyFile = folder.appendingPathComponent("ready.json").path
        let errors = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            script, "--plain-port", "0", "--starttls-port", "0", "--starttls-login-port", "0", "--smtps-port", "0",
            "--maildir", folder.appendingPathComponent("maildir").path, "--cert-dir", folder.appendingPathComponent("tls").path,
            "--reject-recipient", "tidak-dikenal@example.test", "--defer-recipient", "kotak-penuh@example.test",
            "--ready-file", readyFile, "--exit-on-stdin-eof", "--remove-on-exit", folder.path,
        ]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        launched.process = process
        launched.input = input

        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: readyFile) {
                return try decoder.decode(TestSMTPServer.self, from: data)
            }
            if !process.isRunning {
                let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                throw Unavailable(description: """
                    the test SMTP server did not start with \(python) (needs aiosmtpd: \
                    \(python) -m pip install -r scripts/mail/requirements.txt, or set ADUAN_TEST_PYTHON / ADUAN_TEST_SMTP): \(log.suffix(800))
                    """)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Unavailable(description: "the test SMTP server wrote no ready file within 30 s")
    }
}

/// A TCP server on 127.0.0.1 that plays a scripted SMTP server (or says nothing at all), for what a
/// real server does not do.
struct FakeSMTPServer {
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    /// `greeting` on connect; then each line received gets the answer of the first rule whose prefix it
    /// starts with, written in one piece. With no greeting the server is silent.
    static func start(greeting: String?, rules: [(prefix: String, answer: String)] = []) async throws -> FakeSMTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ScriptedHandler(greeting: greeting, rules: rules))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeSMTPServer(channel: channel)
    }

    func stop() async throws {
        try await channel.close()
    }

    private final class ScriptedHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let greeting: String?
        let rules: [(prefix: String, answer: String)]
        var received = ""

        init(greeting: String?, rules: [(prefix: String, answer: String)]) {
            self.greeting = greeting
            self.rules = rules
        }

        func channelActive(context: ChannelHandlerContext) {
            if let greeting { write(greeting, context: context) }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard greeting != nil else { return }
            received += String(buffer: unwrapInboundIn(data))
            while let end = received.range(of: "\r\n") {
                let line = String(received[..<end.lowerBound])
                received = String(received[end.upperBound...])
                let answer = rules.first { line.uppercased().hasPrefix($0.prefix) }?.answer ?? "250 OK\r\n"
                write(answer, context: context)
            }
        }

        private func write(_ text: String, context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
        }
    }
}

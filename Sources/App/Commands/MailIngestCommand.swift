import Vapor

/// `aduan mail-ingest`: reads one message on standard input and takes it in as if the mailbox had
/// delivered it — for a mail server that pipes mail to a program (Postfix `pipe`, procmail).
/// Exit status 0 when the message was kept (whatever it caused), so the mail server does not bounce it.
struct MailIngestCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Takes in one e-mail read on standard input (for a mail server that pipes)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let limit = app.aduan.config.maxComplaintBytes + 10 * 1_048_576
        let input = FileHandle.standardInput
        var raw: [UInt8] = []
        while let chunk = try input.read(upToCount: 1 << 16), !chunk.isEmpty {
            raw += chunk
            guard raw.count <= limit else {
                context.console.error("the message is larger than \(limit) bytes")
                throw ExitCode(75)
            }
        }
        let outcome = try await MailIngest(db: app.db, context: app.aduan, logger: app.logger, threadPool: app.threadPool).ingest(raw)
        switch outcome {
        case .duplicate:
            context.console.print("already received")
        case .recorded(let kind, let code):
            context.console.print([kind.rawValue, code].compactMap { $0 }.joined(separator: " "))
        }
        app.aduan.jobs.wake()
    }
}

struct ExitCode: Error, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { "exit \(code)" }
}

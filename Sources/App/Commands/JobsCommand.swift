import Vapor

/// `aduan jobs`: runs the job workers (delivering messages, polling the mailbox, the sweep) without
/// serving HTTP — beside web instances that run with `ADUAN_JOBS=off`. `--once` runs what is due now
/// and exits.
struct JobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "once", help: "run the jobs that are due now, then exit")
        var once: Bool
    }

    var help: String { "Runs the job workers: outgoing messages, the mailbox poll and the sweep." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let runner = app.jobRunner
        if signature.once {
            try await runner.schedulePeriodic()
            let ran = try await runner.runUntilIdle()
            context.console.print("jobs run: \(ran)")
            return
        }
        context.console.print("Running the job workers (Ctrl-C stops them; a job in hand is taken over by another worker once its lease ends).")
        let task = Task { await runner.loop() }
        let (signals, continuation) = AsyncStream<Int32>.makeStream()
        // Kept for the life of the command; the process ends after it.
        let sources = [SIGINT, SIGTERM].map { signal in
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal)
            source.setEventHandler { continuation.yield(signal) }
            source.resume()
            return source
        }
        for await _ in signals { break }
        sources.forEach { $0.cancel() }
        task.cancel()
        app.aduan.jobs.wake()
        await task.value
        context.console.print("Job workers stopped.")
    }
}

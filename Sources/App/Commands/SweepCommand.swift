import Vapor

/// `aduan sweep --once`: runs the sweep (deadlines, withdrawals, closings, retention, expired drafts,
/// orphan files) once and prints what it did — for cron, or after a crash test with the server stopped.
struct SweepCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "once", help: "run one sweep and exit (the only mode)")
        var once: Bool
    }

    var help: String { "Runs the sweep once: deadlines, retention, expired drafts and orphan files." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let outcome = try await SLASweep(db: app.db, context: app.aduan, logger: app.logger).run()
        context.console.print("""
            warnings \(outcome.warnings), breaches \(outcome.breaches), withdrawn \(outcome.withdrawn), \
            closed \(outcome.closed), anonymised \(outcome.anonymised), expired draft files \(outcome.draftFilesExpired), stale counters \(outcome.staleCounters), \
            orphan files removed \(outcome.files.removed), tmp files removed \(outcome.files.temporaryRemoved)
            """)
    }
}

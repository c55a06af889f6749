import Fluent
import SQLKit
import Vapor

/// `aduan restore DIR [--force]`: puts a backup made by `aduan backup` back. Stop the server first.
///
/// It refuses an installation that already holds complaints or documents unless `--force` is given; with
/// it, the database is replaced and the backup's documents are added (files the restored database does
/// not name are left to the orphan collector).
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "directory", help: "a folder written by aduan backup")
        var directory: String
        @Flag(name: "force", help: "replace an installation that is not empty")
        var force: Bool
    }

    var help: String { "Restores a backup made by aduan backup (database and documents). Stop the server first." }

    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.print(try await Self.restore(context.application, from: signature.directory, force: signature.force))
    }

    /// Restores the backup and returns what was done, in a sentence.
    static func restore(_ app: Application, from directory: String, force: Bool) async throws -> String {
        let config = app.aduan.config
        let source = BackupLayout(directory)
        let manifest = try BackupLayout.Manifest.read(from: source.manifest)
        let manager = FileManager.default

        let existingDocuments = app.aduan.store.files(modifiedBefore: .distantFuture).count
        switch config.database {
        case .sqlite(let path):
            guard manifest.database == BackupLayout.sqlite else {
                throw BackupLayout.Failure(description: "the backup holds a \(manifest.database) database; this installation uses SQLite")
            }
            let hasDatabase = ((try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) > 0
            if (hasDatabase || existingDocuments > 0) && !force {
                throw BackupLayout.Failure(description: "\(config.dataDirectory) already holds a database or documents; add --force to replace it")
            }
            // A WAL left beside the old file would be replayed into the new one: it goes first.
            for suffix in ["-wal", "-shm", "-journal"] { try? manager.removeItem(atPath: path + suffix) }
            let incoming = path + ".restoring"
            try? manager.removeItem(atPath: incoming)
            try manager.copyItem(atPath: source.sqliteFile, toPath: incoming)
            guard rename(incoming, path) == 0 else {
                throw BackupLayout.Failure(description: "could not move the restored database into \(path)")
            }
        case .postgres(let url):
            guard manifest.database == BackupLayout.postgres else {
                throw BackupLayout.Failure(description: "the backup holds a \(manifest.database) database; this installation uses PostgreSQL")
            }
            let sql = app.db as! any SQLDatabase
            let tables = try await sql.raw("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'")
                .first(decoding: Count.self)?.n ?? 0
            if (tables > 0 || existingDocuments > 0) && !force {
                throw BackupLayout.Failure(description: "the database already has tables or \(config.dataDirectory) holds documents; add --force to replace them")
            }
            var arguments = ["--no-owner", "--exit-on-error", "--dbname", url]
            if tables > 0 { arguments += ["--clean", "--if-exists"] }
            try BackupLayout.runTool("pg_restore", arguments + [source.postgresFile])
        }

        let copied = try BackupLayout.copyDocuments(from: source.files, to: config.attachmentsDirectory)
        return "Restored the \(manifest.database) database of \(manifest.createdAt) and \(copied.count) documents (\(copied.bytes) bytes) from \(source.root)."
    }

    private struct Count: Decodable { var n: Int }
}

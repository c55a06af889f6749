import Fluent
import SQLKit
import Vapor

/// `aduan backup DIR`: a consistent copy of the database and the documents, taken while the server runs.
///
/// The database comes first — SQLite by `VACUUM INTO` (a snapshot; writers carry on), PostgreSQL by
/// `pg_dump` — then the files. Files are only ever added while the server runs (the orphan collector
/// removes only files no row has referred to for an hour), so every file the snapshot names is there to
/// be copied after it.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "directory", help: "where the backup goes (must be empty or not exist)")
        var directory: String
    }

    var help: String { "Copies the database and the documents into DIR, with a manifest, while the server runs." }

    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.print(try await Self.backup(context.application, into: signature.directory))
    }

    /// Writes the backup and returns what was done, in a sentence.
    static func backup(_ app: Application, into directory: String) async throws -> String {
        let config = app.aduan.config
        let target = BackupLayout(directory)
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: target.root), !existing.isEmpty {
            throw BackupLayout.Failure(description: "\(target.root) is not empty; choose a new folder")
        }
        try manager.createDirectory(atPath: target.files, withIntermediateDirectories: true)

        let kind: String
        switch config.database {
        case .sqlite:
            kind = BackupLayout.sqlite
            guard let sql = app.db as? any SQLDatabase else { throw BackupLayout.Failure(description: "no SQL database") }
            let quoted = target.sqliteFile.replacingOccurrences(of: "'", with: "''")
            try await sql.raw(SQLQueryString("VACUUM INTO '\(unsafeRaw: quoted)'")).run()
        case .postgres(let url):
            kind = BackupLayout.postgres
            try BackupLayout.runTool("pg_dump", ["--format=custom", "--no-owner", "--file", target.postgresFile, "--dbname", url])
        }

        let copied = try BackupLayout.copyDocuments(from: config.attachmentsDirectory, to: target.files)
        let manifest = BackupLayout.Manifest(
            format: 1, database: kind, createdAt: app.aduan.clock.now(), documents: copied.count, documentBytes: copied.bytes)
        try manifest.write(to: target.manifest)
        return "Backed up the \(kind) database and \(copied.count) documents (\(copied.bytes) bytes) into \(target.root)."
    }
}

/// The layout of a backup folder and the helpers backup and restore share.
struct BackupLayout {
    static let sqlite = "sqlite"
    static let postgres = "postgresql"

    let root: String
    var manifest: String { root + "/manifest.json" }
    var sqliteFile: String { root + "/aduan.sqlite" }
    var postgresFile: String { root + "/aduan.pgdump" }
    var files: String { root + "/files" }

    init(_ path: String) {
        root = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Manifest: Codable {
        var format: Int
        var database: String
        var createdAt: Date
        var documents: Int
        var documentBytes: Int

        func write(to path: String) throws {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        }

        static func read(from path: String) throws -> Manifest {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Failure(description: "no manifest.json in the backup folder")
            }
            return try decoder.decode(Manifest.self, from: data)
        }
    }

    /// Copies the stored documents (the two-letter folders, not `tmp`) that `to` does not hold yet.
    static func copyDocuments(from source: String, to destination: String) throws -> (count: Int, bytes: Int) {
        let manager = FileManager.default
        var count = 0
        var bytes = 0
        for folder in (try? manager.contentsOfDirectory(atPath: source)) ?? [] where folder.count == 2 {
            try manager.createDirectory(atPath: "\(destination)/\(folder)", withIntermediateDirectories: true)
            for name in try manager.contentsOfDirectory(atPath: "\(source)/\(folder)") where name.count == 64 {
                let from = "\(source)/\(folder)/\(name)"
                let to = "\(destination)/\(folder)/\(name)"
                let size = (try? manager.attributesOfItem(atPath: from)[.size] as? Int) ?? 0
                count += 1
                bytes += size
                if !manager.fileExists(atPath: to) { try manager.copyItem(atPath: from, toPath: to) }
            }
        }
        return (count, bytes)
    }

    /// Runs a PostgreSQL client tool: the newest /usr/lib/postgresql/*/bin has it on Debian (and matches
    /// the server best); otherwise it is looked up on the PATH.
    static func runTool(_ name: String, _ arguments: [String]) throws {
        let process = Process()
        if let path = debianToolPath(name) {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [name] + arguments
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(name) failed (\(process.terminationStatus)): \(String(decoding: message, as: UTF8.self))")
        }
    }

    static func debianToolPath(_ name: String) -> String? {
        let manager = FileManager.default
        let versions = ((try? manager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }
        return versions.map { "/usr/lib/postgresql/\($0)/bin/\(name)" }.first { manager.isExecutableFile(atPath: $0) }
    }
}

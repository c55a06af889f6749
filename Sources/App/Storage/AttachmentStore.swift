import AduanCore
import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stored file's identity: its content hash and what it is.
struct StoredFile: Sendable, Equatable {
    var sha256: String
    var type: DocumentType
    var size: Int
    /// False when the same bytes were already stored (content addressing deduplicates).
    var isNew: Bool
}

/// Files on disk, outside any public folder, named by the SHA-256 of their content.
///
/// A file is written to a temporary name, flushed to disk (`fsync`), renamed into place and its folder
/// flushed too, so that once `store` returns the file survives a crash; only then is the complaint
/// acknowledged.
///
/// Identical uploads share one file, so no request ever deletes a file: a failed filing, an expired
/// draft or an anonymised complaint only drops its row, and `OrphanFileCollector` (in the sweep) removes
/// files no row refers to once they are an hour old. Storing bytes that are already there refreshes the
/// file's modification time, which is what keeps the collector off a file whose row is about to be
/// committed.
struct AttachmentStore: Sendable {
    let root: String
    /// Gives each file its modification time, so that the collector's "an hour old" is told by the same
    /// clock as everything else (and the tests can travel in time).
    let clock: any AppClock

    struct Failure: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32
        var description: String { "\(operation) \(path) failed: \(String(cString: strerror(code)))" }
    }

    init(root: String, clock: any AppClock, create: Bool = true) throws {
        self.root = root
        self.clock = clock
        if create {
            try FileManager.default.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        }
    }

    func path(for sha256: String) -> String {
        "\(root)/\(sha256.prefix(2))/\(sha256)"
    }

    func exists(_ sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: path(for: sha256))
    }

    /// Writes the prepared document durably and returns its identity.
    func store(_ document: PreparedDocument) throws -> StoredFile {
        let digest = SecretToken.sha256Hex(document.bytes)
        let target = path(for: digest)
        // Already stored: touched, so the collector sees it as fresh until our row is committed. If the
        // collector has just taken it aside, the touch fails and the bytes are written again.
        var times = Self.timestamps(clock.now())
        if utimensat(AT_FDCWD, target, &times, 0) == 0 {
            return StoredFile(sha256: digest, type: document.type, size: document.bytes.count, isNew: false)
        }
        let stored = StoredFile(sha256: digest, type: document.type, size: document.bytes.count, isNew: true)

        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(root)/tmp/\(UUID().uuidString)"
        try writeDurably(document.bytes, to: temporary)
        _ = utimensat(AT_FDCWD, temporary, &times, 0)
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(operation: "rename", path: target, code: code)
        }
        try syncDirectory(folder)
        return stored
    }

    func read(_ sha256: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(for: sha256)))
    }

    // MARK: For the orphan collector only

    var temporaryFolder: String { root + "/tmp" }

    /// A stored file the collector looks at: its hash and when it was last written or touched.
    struct Entry: Sendable, Equatable {
        var sha256: String
        var modified: Date
    }

    /// Every stored file (not the temporary folder) last written or touched before `cutoff`.
    func files(modifiedBefore cutoff: Date) -> [Entry] {
        let manager = FileManager.default
        var entries: [Entry] = []
        for folder in (try? manager.contentsOfDirectory(atPath: root)) ?? [] where folder.count == 2 {
            for name in (try? manager.contentsOfDirectory(atPath: "\(root)/\(folder)")) ?? []
            where name.count == 64 && name.hasPrefix(folder) {
                if let modified = Self.modificationDate("\(root)/\(folder)/\(name)"), modified < cutoff {
                    entries.append(Entry(sha256: name, modified: modified))
                }
            }
        }
        return entries
    }

    /// Files in the temporary folder last modified before `cutoff`: writes a crash interrupted, and files
    /// the collector had taken aside.
    func temporaryFiles(modifiedBefore cutoff: Date) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: temporaryFolder)) ?? []).filter { name in
            Self.modificationDate("\(temporaryFolder)/\(name)").map { $0 < cutoff } ?? false
        }
    }

    /// The name a file taken aside by the collector has in the temporary folder.
    static func asideName(_ sha256: String) -> String { "collect-\(sha256)" }

    /// The hash of a file taken aside, from its name in the temporary folder.
    static func asideHash(_ name: String) -> String? {
        guard name.hasPrefix("collect-") else { return nil }
        let hash = String(name.dropFirst("collect-".count))
        return hash.count == 64 ? hash : nil
    }

    /// Moves a stored file into the temporary folder (atomic), so that no reader or writer finds it while
    /// the collector checks once more. Returns the modification time it has there, or nil if it is gone.
    func takeAside(_ sha256: String) -> Date? {
        let aside = "\(temporaryFolder)/\(Self.asideName(sha256))"
        guard rename(path(for: sha256), aside) == 0 else { return nil }
        return Self.modificationDate(aside)
    }

    /// Puts a file taken aside back. If an upload has stored the same bytes meanwhile, that copy stays.
    func putBack(_ sha256: String) {
        let aside = "\(temporaryFolder)/\(Self.asideName(sha256))"
        let target = path(for: sha256)
        try? FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if link(aside, target) == 0 || errno == EEXIST {
            unlink(aside)
        }
    }

    /// Deletes a file in the temporary folder.
    func deleteTemporary(_ name: String) {
        unlink("\(temporaryFolder)/\(name)")
    }

    private static func timestamps(_ date: Date) -> [timespec] {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let time = timespec(tv_sec: Int(seconds), tv_nsec: Int((date.timeIntervalSince1970 - seconds) * 1e9))
        return [time, time]
    }

    static func modificationDate(_ path: String) -> Date? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Date(timeIntervalSince1970: TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1e9)
    }

    private func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(descriptor) }
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    unlink(path)
                    throw Failure(operation: "write", path: path, code: code)
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            unlink(path)
            throw Failure(operation: "fsync", path: path, code: code)
        }
    }

    private func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", path: path, code: errno) }
    }
}

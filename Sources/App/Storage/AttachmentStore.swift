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
struct AttachmentStore: Sendable {
    let root: String

    struct Failure: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32
        var description: String { "\(operation) \(path) failed: \(String(cString: strerror(code)))" }
    }

    init(root: String, create: Bool = true) throws {
        self.root = root
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
        let stored = StoredFile(sha256: digest, type: document.type, size: document.bytes.count, isNew: !exists(digest))
        guard stored.isNew else { return stored }

        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(root)/tmp/\(UUID().uuidString)"
        try writeDurably(document.bytes, to: temporary)
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

    /// Removes files this request wrote before its transaction failed, so nothing is left half-stored.
    func discard(_ files: [StoredFile]) {
        for file in files where file.isNew {
            unlink(path(for: file.sha256))
        }
    }

    /// Removes a file no row refers to any more.
    func remove(_ sha256: String) {
        unlink(path(for: sha256))
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

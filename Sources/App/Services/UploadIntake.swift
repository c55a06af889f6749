import AduanCore
import Vapor

/// A file that passed the checks and is stored durably.
struct AcceptedUpload: Sendable {
    var kind: AttachmentKind
    var stored: StoredFile
    var originalName: String
}

/// Checks uploaded files by their content (never their name), removes location metadata from photos,
/// and stores them durably. Problems are reported per field.
struct UploadIntake {
    static let maxDocuments = 10

    let context: AduanContext
    let threadPool: NIOThreadPool

    struct Outcome: Sendable {
        var accepted: [AcceptedUpload] = []
        var errors = FieldErrors()
        var totalBytes: Int { accepted.reduce(0) { $0 + $1.stored.size } }
    }

    /// Takes the files of one request. `alreadyKept` counts bytes kept from an earlier try.
    func take(_ files: [(SubmissionField, AttachmentKind, File)], alreadyKeptBytes: Int = 0, alreadyKeptDocuments: Int = 0) async throws -> Outcome {
        var outcome = Outcome()
        let documentCount = files.filter { !$0.1.showsIdentity }.count + alreadyKeptDocuments
        if documentCount > Self.maxDocuments {
            outcome.errors.add(.documents, "upload.too_many")
            return outcome
        }
        var total = alreadyKeptBytes
        for (field, kind, file) in files {
            let size = file.data.readableBytes
            if size == 0 { continue }  // an empty file input: nothing chosen
            if size > context.config.maxFileBytes {
                outcome.errors.add(field, "upload.too_large")
                continue
            }
            total += size
            if total > context.config.maxComplaintBytes {
                outcome.errors.add(field, "upload.total_too_large")
                continue
            }
            switch try await inspect(Array(file.data.readableBytesView), named: file.filename, as: kind) {
            case .success(let accepted): outcome.accepted.append(accepted)
            case .failure(let error): outcome.errors.add(field, error.messageKey)
            }
        }
        return outcome
    }

    /// The one step every file from outside takes (a web upload, a mail's attachment, a chat's media):
    /// checked by its content, its location metadata removed, stored durably — or refused with the
    /// inspector's reason.
    func inspect(_ bytes: [UInt8], named name: String, as kind: AttachmentKind) async throws -> Result<AcceptedUpload, DocumentError> {
        let store = context.store
        do {
            let stored = try await threadPool.runIfActive { () throws -> StoredFile in
                try store.store(try DocumentInspector.prepare(bytes))
            }
            return .success(AcceptedUpload(kind: kind, stored: stored, originalName: Self.cleanName(name, type: stored.type)))
        } catch let error as DocumentError {
            return .failure(error)
        }
    }

    /// A file name safe to show and to send back in Content-Disposition.
    ///
    /// Hostile names (`../`, `/`, `\`, control or bidi characters) are neutralised rather than refused:
    /// the name is never used as a path (files are stored under their SHA-256), phones send odd names
    /// that a citizen cannot change, and refusing a good photo for its name would only lose the
    /// complaint. Only the last path component is kept, reduced to letters, digits and `-_. ()`.
    static func cleanName(_ name: String, type: DocumentType) -> String {
        let base = (name as NSString).lastPathComponent
        let allowed = base.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || "-_. ()".unicodeScalars.contains($0) }
        var cleaned = String(String.UnicodeScalarView(allowed)).trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty || cleaned.hasPrefix(".") { cleaned = "berkas.\(type.fileExtension)" }
        return String(cleaned.prefix(120))
    }
}

import Fluent
import Foundation
import Vapor

/// Removes stored files that no row refers to, and what an interrupted write left in `files/tmp`; the
/// only code that ever deletes a stored file (see `AttachmentStore`).
///
/// The race it must not lose: an upload writes (or touches) its file, then commits the row that refers
/// to it. A file younger than `minimumAge` (an hour) is never touched, which covers every upload whose
/// row is not committed yet — a filing's transaction takes milliseconds, not an hour. For an older file
/// with no row, the collector takes it aside (an atomic rename into `files/tmp`), then looks again: if the
/// file was touched meanwhile (an identical upload is storing the same bytes) or a row now refers to it,
/// it goes back; otherwise it is deleted. An upload that finds the file taken aside writes the bytes
/// afresh. So identical uploads never delete each other's bytes.
struct OrphanFileCollector {
    let db: any Database
    let store: AttachmentStore
    let logger: Logger

    static let defaultMinimumAge: TimeInterval = 3600

    struct Outcome: Equatable, Sendable {
        var removed = 0
        var temporaryRemoved = 0
        var putBack = 0
    }

    @discardableResult
    func run(now: Date, minimumAge: TimeInterval = defaultMinimumAge) async throws -> Outcome {
        let cutoff = now.addingTimeInterval(-minimumAge)
        var outcome = Outcome()

        for entry in store.files(modifiedBefore: cutoff) where try await !isReferenced(entry.sha256) {
            guard let modified = store.takeAside(entry.sha256) else { continue }
            if modified < cutoff, try await !isReferenced(entry.sha256) {
                store.deleteTemporary(AttachmentStore.asideName(entry.sha256))
                outcome.removed += 1
            } else {
                store.putBack(entry.sha256)
                outcome.putBack += 1
            }
        }

        for name in store.temporaryFiles(modifiedBefore: cutoff) {
            // A file taken aside by a collector that stopped half-way goes back if a row wants it.
            if let hash = AttachmentStore.asideHash(name), try await isReferenced(hash) {
                store.putBack(hash)
                outcome.putBack += 1
            } else {
                store.deleteTemporary(name)
                outcome.temporaryRemoved += 1
            }
        }

        if outcome != Outcome() {
            logger.info("orphan files collected", metadata: [
                "removed": .stringConvertible(outcome.removed), "tmp_removed": .stringConvertible(outcome.temporaryRemoved),
                "put_back": .stringConvertible(outcome.putBack),
            ])
        }
        return outcome
    }

    private func isReferenced(_ sha256: String) async throws -> Bool {
        try await Attachment.query(on: db).filter(\.$sha256 == sha256).count() > 0
    }
}

import AduanCore
import Vapor

/// The office's files for the citizen, the "produk pelayanan" of the service standard: a corrected KK, a
/// letter, an SKPWNI PDF with its electronic signature, a photo. An officer sends them with a reply, a
/// request for information or the resolution (`ComplaintAction.carriesOfficeDocuments`), from the console
/// or the staff API. They go through the same inspection and limits as the citizen's uploads
/// (`UploadIntake`: `DocumentInspector`, `ADUAN_MAX_FILE_MB`, `ADUAN_MAX_COMPLAINT_MB`, ten files), are
/// stored by SHA-256 like them, and are attached to the event with the officer's role as `uploadedBy`.
/// The citizen downloads them after the second proof; each download is audited (`document_downloaded`).
enum OfficeDocuments {
    /// The file field of the console's action form and of the staff API's multipart body.
    static let field = "documents"

    /// Files sent with an action that does not carry them (a note, a forward, a rejection…).
    struct NotAllowed: ValidationFailure, Equatable {
        var messageKey: String { "action.documents_not_allowed" }
    }

    /// Why the files of a request were refused: the catalogue key of the first problem.
    struct Refusal: Error, Equatable {
        let messageKey: String
    }

    /// The rule `ComplaintActions.perform` keeps, whoever calls it.
    static func check(_ action: OfficerAction) throws {
        if !action.uploads.isEmpty && !action.type.carriesOfficeDocuments { throw NotAllowed() }
    }

    /// Checks and stores the files chosen for an action of `type`. Files for an action that carries none
    /// are refused before a byte of them is inspected. A refusal keeps no row: files stored before a later
    /// one failed are left to `OrphanFileCollector`.
    static func take(_ files: [File], for type: ComplaintAction, on req: Request) async throws -> Result<[AcceptedUpload], Refusal> {
        guard !files.isEmpty else { return .success([]) }
        guard type.carriesOfficeDocuments else { return .failure(Refusal(messageKey: NotAllowed().messageKey)) }
        let outcome = try await UploadIntake(context: req.aduan, threadPool: req.application.threadPool)
            .take(files.map { (.documents, .officeDocument, $0) })
        if let key = outcome.errors[.documents] { return .failure(Refusal(messageKey: key)) }
        return .success(outcome.accepted)
    }
}

import AduanCore
import Fluent
import Foundation

/// A stored file: a photo of the KK or KTP-el, or a supporting document. The bytes live in the
/// attachment store under their SHA-256; this row says whose they are.
///
/// A file accepted while the rest of a form was invalid is kept as a draft (no complaint yet, a
/// `draftToken` instead) so the citizen need not choose it again; it joins the complaint on submission.
final class Attachment: Model, @unchecked Sendable {
    static let schema = "attachments"

    // MARK: Identifier
    @ID(key: .id) var id: UUID?

    // MARK: Relations
    @OptionalParent(key: "complaint_id") var complaint: Complaint?
    @OptionalParent(key: "event_id") var event: ComplaintEvent?

    // MARK: Fields
    @Field(key: "kind") var kind: AttachmentKind
    @Field(key: "sha256") var sha256: String
    @Field(key: "content_type") var contentType: DocumentType
    @Field(key: "size") var size: Int
    @Field(key: "original_name") var originalName: String
    @Field(key: "uploaded_by") var uploadedBy: ActorRole
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "draft_token") var draftToken: String?

    init() {}

    init(kind: AttachmentKind, stored: StoredFile, originalName: String, uploadedBy: ActorRole, at: Date) {
        self.kind = kind
        self.sha256 = stored.sha256
        self.contentType = stored.type
        self.size = stored.size
        self.originalName = originalName
        self.uploadedBy = uploadedBy
        self.createdAt = at
    }
}

import AduanCore
import Fluent
import Foundation

/// The admin's wording of one citizen message in one language, in place of the catalogue's default.
final class MessageTemplate: Model, @unchecked Sendable {
    static let schema = "message_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: CitizenMessageKind
    @Field(key: "language") var language: Language
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "updated_by") var updatedBy: String?

    init() {}

    init(kind: CitizenMessageKind, language: Language, subject: String, body: String, at: Date, by: String?) {
        self.kind = kind
        self.language = language
        self.subject = subject
        self.body = body
        self.updatedAt = at
        self.updatedBy = by
    }
}

import Fluent

/// The citizen's language (the page's when they filed), so that messages to them use it.
struct UpdateComplaintAddLanguage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Complaint.schema).field("language", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Complaint.schema).deleteField("language").update()
    }
}

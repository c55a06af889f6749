import Fluent

/// The approved WhatsApp templates for messages outside the 24-hour window, one per kind of citizen
/// message.
struct CreateWhatsAppTemplate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WhatsAppTemplate.schema)
            .id()
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("language", .string, .required)
            .field("parameters", .string, .required)
            .field("body", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string)
            .unique(on: "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WhatsAppTemplate.schema).delete()
    }
}

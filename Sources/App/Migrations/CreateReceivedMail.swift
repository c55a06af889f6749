import Fluent

/// The mails received (`ReceivedMail`): one row per Message-ID, with the raw message.
struct CreateReceivedMail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReceivedMail.schema)
            .id()
            .field("message_id", .string, .required)
            .field("complaint_id", .uuid, .references(Complaint.schema, .id, onDelete: .setNull))
            .field("from_address", .string)
            .field("subject", .string)
            .field("outcome", .string, .required)
            .field("reason", .string)
            .field("size", .int, .required)
            .field("raw", .data, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "message_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReceivedMail.schema).delete()
    }
}

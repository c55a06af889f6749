import Fluent

/// The mailbox poller's cursors, one per mailbox.
struct CreateMailboxCursor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MailboxCursor.schema)
            .id()
            .field("mailbox_key", .string, .required)
            .field("uid_validity", .int64, .required)
            .field("last_uid", .int64, .required)
            .field("updated_at", .datetime, .required)
            .field("last_error", .string)
            .unique(on: "mailbox_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MailboxCursor.schema).delete()
    }
}

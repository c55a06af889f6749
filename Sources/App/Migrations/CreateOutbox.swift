import Fluent
import SQLKit

/// The job runner's work (`jobs`), the messages to citizens (`outgoing_messages`), the one-time links
/// in them (`access_links`) and the admin's wording of the messages (`message_templates`).
struct CreateOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Job.schema)
            .id()
            .field("kind", .string, .required)
            .field("reference", .uuid)
            .field("key", .string)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("run_at", .datetime, .required)
            .field("lease_until", .datetime)
            .field("leased_by", .string)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "key")
            .create()
        try await database.schema(OutgoingMessage.schema)
            .id()
            .field("complaint_id", .uuid, .required, .references(Complaint.schema, .id, onDelete: .cascade))
            .field("event_id", .uuid)
            .field("kind", .string, .required)
            .field("channel", .string, .required)
            .field("recipient", .string, .required)
            .field("language", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("message_id", .string, .required)
            .field("subject", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "message_id")
            .create()
        try await database.schema(AccessLink.schema)
            .id()
            .field("complaint_id", .uuid, .required, .references(Complaint.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("message_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(MessageTemplate.schema)
            .id()
            .field("kind", .string, .required)
            .field("language", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string)
            .unique(on: "kind", "language")
            .create()
        if let sql = database as? any SQLDatabase {
            // The claim's scan, and the console's list of a complaint's messages.
            try await sql.raw("CREATE INDEX jobs_due ON jobs (state, run_at)").run()
            try await sql.raw("CREATE INDEX outgoing_messages_complaint ON outgoing_messages (complaint_id, created_at)").run()
            try await sql.raw("CREATE INDEX outgoing_messages_state ON outgoing_messages (state, updated_at)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MessageTemplate.schema).delete()
        try await database.schema(AccessLink.schema).delete()
        try await database.schema(OutgoingMessage.schema).delete()
        try await database.schema(Job.schema).delete()
    }
}

import Fluent

/// The chat channels (WhatsApp, Messenger, Instagram): the webhook posts received (`received_webhooks`),
/// one conversation per contact (`chat_conversations`), their messages both ways (`chat_messages`), and
/// the platform's id and delivery state of the outbox's messages sent on a chat.
struct CreateChat: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReceivedWebhook.schema)
            .id()
            .field("source", .string, .required)
            .field("body", .data, .required)
            .field("received_at", .datetime, .required)
            .field("processed_at", .datetime)
            .field("error", .string)
            .create()
        try await database.schema(ChatConversation.schema)
            .id()
            .field("platform", .string, .required)
            .field("citizen", .string, .required)
            .field("profile_name", .string)
            .field("state", .string)
            .field("complaint_id", .uuid, .references(Complaint.schema, .id, onDelete: .setNull))
            .field("waiting_since", .datetime)
            .field("taken_by", .uuid)
            .field("last_inbound_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "platform", "citizen")
            .create()
        try await database.schema(ChatMessage.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(ChatConversation.schema, .id, onDelete: .cascade))
            .field("complaint_id", .uuid, .references(Complaint.schema, .id, onDelete: .setNull))
            .field("direction", .string, .required)
            .field("kind", .string, .required)
            .field("dedupe_key", .string)
            .field("external_id", .string)
            .field("text", .string)
            .field("payload", .string)
            .field("attachment_id", .uuid)
            .field("state", .string, .required)
            .field("error_code", .int)
            .field("error", .string)
            .field("outgoing_message_id", .uuid)
            .field("sent_at", .datetime)
            .field("processed_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "dedupe_key")
            .create()
        // One column per ALTER TABLE: SQLite adds only one at a time.
        try await database.schema(OutgoingMessage.schema).field("external_id", .string).update()
        try await database.schema(OutgoingMessage.schema).field("delivery_status", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutgoingMessage.schema).deleteField("external_id").update()
        try await database.schema(OutgoingMessage.schema).deleteField("delivery_status").update()
        try await database.schema(ChatMessage.schema).delete()
        try await database.schema(ChatConversation.schema).delete()
        try await database.schema(ReceivedWebhook.schema).delete()
    }
}

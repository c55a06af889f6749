import Fluent
import SQLKit

/// The first schema of Aduan. Migrations are append-only: change the schema in a new migration.
struct CreateInitialSchema: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Service.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name_id", .string, .required)
            .field("name_en", .string, .required)
            .field("resolution_days", .int, .required)
            .field("position", .int, .required)
            .field("active", .bool, .required)
            .create()

        try await database.schema(Region.schema)
            .field("code", .string, .identifier(auto: false))
            .field("level", .string, .required)
            .field("name", .string, .required)
            .field("parent_code", .string)
            .create()

        try await database.schema(Holiday.schema)
            .id()
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .unique(on: "date")
            .create()

        try await database.schema(Complaint.schema)
            .id()
            .field("tracking_code", .string, .required)
            .field("status", .string, .required)
            .field("channel", .string, .required)
            .field("service_code", .string, .required, .references(Service.schema, "code"))
            .field("classification", .string, .required)
            .field("description", .string, .required)
            .field("district_code", .string)
            .field("nagari_code", .string)
            .field("reporter_name", .string, .required)
            .field("nik", .string)
            .field("kk_number", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("confidential", .bool, .required)
            .field("consent_at", .datetime)
            .field("consent_version", .string)
            .field("received_at", .datetime, .required)
            .field("first_response_due_at", .datetime, .required)
            .field("first_responded_at", .datetime)
            .field("resolution_days", .int, .required)
            .field("resolution_due_at", .datetime)
            .field("paused_since", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "tracking_code")
            .create()

        try await database.schema(ComplaintEvent.schema)
            .id()
            .field("complaint_id", .uuid, .required, .references(Complaint.schema, "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("actor_role", .string, .required)
            .field("actor_name", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string, .required)
            .field("message", .string)
            .field("visibility", .string, .required)
            .field("created_at", .datetime, .required)
            .create()

        try await database.schema(Attachment.schema)
            .id()
            .field("complaint_id", .uuid, .references(Complaint.schema, "id", onDelete: .cascade))
            .field("event_id", .uuid, .references(ComplaintEvent.schema, "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("sha256", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("original_name", .string, .required)
            .field("uploaded_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("draft_token", .string)
            .create()

        try await database.schema(SLAPause.schema)
            .id()
            .field("complaint_id", .uuid, .required, .references(Complaint.schema, "id", onDelete: .cascade))
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .create()

        try await database.schema(AccessGrant.schema)
            .id()
            .field("complaint_id", .uuid, .required, .references(Complaint.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()

        try await database.schema(ProofFailure.schema)
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("last_failure_at", .datetime, .required)
            .field("blocked_until", .datetime)
            .unique(on: "key")
            .create()

        try await database.schema(AuditEntry.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_role", .string, .required)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("complaint_id", .uuid)
            .field("detail", .string)
            .field("address", .string)
            .create()

        // Plain indexes: the same SQL on SQLite and PostgreSQL.
        guard let sql = database as? any SQLDatabase else { return }
        for (name, table, columns) in Self.indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    static let indexes: [(String, String, [String])] = [
        ("idx_complaints_status_due", Complaint.schema, ["status", "first_response_due_at"]),
        ("idx_complaints_nik", Complaint.schema, ["nik"]),
        ("idx_complaints_phone", Complaint.schema, ["phone"]),
        ("idx_events_complaint", ComplaintEvent.schema, ["complaint_id", "created_at"]),
        ("idx_attachments_complaint", Attachment.schema, ["complaint_id"]),
        ("idx_attachments_draft", Attachment.schema, ["draft_token"]),
        ("idx_attachments_sha", Attachment.schema, ["sha256"]),
        ("idx_pauses_complaint", SLAPause.schema, ["complaint_id"]),
        ("idx_audit_at", AuditEntry.schema, ["at"]),
        ("idx_audit_complaint", AuditEntry.schema, ["complaint_id"]),
    ]

    func revert(on database: any Database) async throws {
        for schema in [AuditEntry.schema, ProofFailure.schema, AccessGrant.schema, SLAPause.schema, Attachment.schema,
                       ComplaintEvent.schema, Complaint.schema, Holiday.schema, Region.schema, Service.schema] {
            try await database.schema(schema).delete()
        }
    }
}

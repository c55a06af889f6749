import Fluent
import SQLKit

/// The office's side: units, users, sessions, API tokens, canned replies, notifications, the marks of
/// the SLA sweep and the admin's settings; and the fields complaints, events and the audit need for it.
struct CreateStaffSchema: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Unit.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("active", .bool, .required)
            .create()

        try await database.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("unit_code", .string, .references(Unit.schema, "code"))
            .field("password_hash", .string, .required)
            .field("totp_secret", .string)
            .field("totp_enabled", .bool, .required)
            .field("totp_last_step", .int)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "username")
            .create()

        try await database.schema(StaffSession.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("csrf_token", .string, .required)
            .field("second_factor_done", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("address", .string)
            .unique(on: "token_hash")
            .create()

        try await database.schema(APIToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()

        try await database.schema(CannedReply.schema)
            .id()
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("active", .bool, .required)
            .create()

        try await database.schema(Notification.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("complaint_id", .uuid)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()

        try await database.schema(SweepMark.schema)
            .id()
            .field("complaint_id", .uuid, .required)
            .field("step", .string, .required)
            .field("deadline", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "complaint_id", "step", "deadline")
            .create()

        try await database.schema(Setting.schema)
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()

        // One column per statement: SQLite adds a single column per ALTER TABLE.
        let additions: [(String, String, DatabaseSchema.DataType)] = [
            (Complaint.schema, "resolved_at", .datetime), (Complaint.schema, "unit_code", .string),
            (Complaint.schema, "assigned_user_id", .uuid), (Complaint.schema, "channel_reference", .string),
            (Complaint.schema, "consent_method", .string), (Complaint.schema, "entered_by_user_id", .uuid),
            (Complaint.schema, "merged_into_id", .uuid),
            (ComplaintEvent.schema, "actor_user_id", .uuid), (ComplaintEvent.schema, "unit_code", .string),
            (AuditEntry.schema, "actor_user_id", .uuid),
        ]
        for (table, column, type) in additions {
            try await database.schema(table).field(.definition(name: .key(.string(column)), dataType: type, constraints: [])).update()
        }

        guard let sql = database as? any SQLDatabase else { return }
        for (name, table, columns) in Self.indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }

        for (code, name) in [("dafduk", "Bidang Pelayanan Pendaftaran Penduduk (Dafduk)"),
                             ("capil", "Bidang Pelayanan Pencatatan Sipil (Capil)"),
                             ("piak", "Bidang Pengelolaan Informasi Administrasi Kependudukan (PIAK)"),
                             ("pdip", "Bidang Pemanfaatan Data dan Inovasi Pelayanan (PDIP)")] {
            try await Unit(code: code, name: name).create(on: database)
        }
    }

    private static func added(_ table: String, _ column: String) -> Bool {
        switch table {
        case AuditEntry.schema: column == "actor_user_id"
        case ComplaintEvent.schema: column == "actor_user_id" || column == "unit_code"
        default: column != "actor_user_id"
        }
    }

    static let indexes: [(String, String, [String])] = [
        ("idx_complaints_unit", Complaint.schema, ["unit_code", "status"]),
        ("idx_complaints_received", Complaint.schema, ["received_at"]),
        ("idx_complaints_resolution_due", Complaint.schema, ["status", "resolution_due_at"]),
        ("idx_complaints_email", Complaint.schema, ["email"]),
        ("idx_sessions_user", StaffSession.schema, ["user_id"]),
        ("idx_notifications_user", Notification.schema, ["user_id", "read_at"]),
        ("idx_audit_actor", AuditEntry.schema, ["actor_user_id", "at"]),
    ]

    func revert(on database: any Database) async throws {
        for table in [AuditEntry.schema, ComplaintEvent.schema, Complaint.schema] {
            let columns = ["resolved_at", "unit_code", "assigned_user_id", "channel_reference", "consent_method",
                           "entered_by_user_id", "merged_into_id", "actor_user_id"]
            for column in columns where Self.added(table, column) {
                try await database.schema(table).deleteField(.key(.string(column))).update()
            }
        }
        for schema in [Setting.schema, SweepMark.schema, Notification.schema, CannedReply.schema, APIToken.schema,
                       StaffSession.schema, User.schema, Unit.schema] {
            try await database.schema(schema).delete()
        }
    }
}

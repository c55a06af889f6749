import Fluent
import SQLKit

/// The queue's sort key (`complaints.queue_due_at`) and the indexes that let the queue page through a
/// million complaints by keyset, for everyone and for one unit.
struct UpdateComplaintAddQueueDueAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Complaint.schema).field("queue_due_at", .datetime).update()
        guard let sql = database as? any SQLDatabase else { return }
        for (name, columns) in Self.indexes {
            var builder = sql.create(index: name).on(Complaint.schema)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        // The complaints already filed: the same rule as `ComplaintQueue.sortKey(for:)`, in portable SQL.
        try await sql.update(Complaint.schema)
            .set("queue_due_at", to: SQLFunction("COALESCE", args: SQLRaw("""
                CASE WHEN status IN ('received', 'in_progress') THEN
                  CASE WHEN first_responded_at IS NULL THEN first_response_due_at ELSE resolution_due_at END
                END
                """), SQLBind(ComplaintQueue.noDeadline)))
            .run()
    }

    static let indexes: [(String, [String])] = [
        ("idx_complaints_queue", ["queue_due_at", "id"]),
        ("idx_complaints_unit_queue", ["unit_code", "queue_due_at", "id"]),
    ]

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for (name, _) in Self.indexes { try await sql.drop(index: name).run() }
        }
        try await database.schema(Complaint.schema).deleteField("queue_due_at").update()
    }
}

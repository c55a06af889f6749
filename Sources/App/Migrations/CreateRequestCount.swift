import Fluent

/// The counters of the rate limits on anonymous filing and citizens' replies; the unique key is what
/// the insert-or-increment of `CounterSQL` conflicts on.
struct CreateRequestCount: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RequestCount.schema)
            .id()
            .field("key", .string, .required)
            .field("window_start", .datetime, .required)
            .field("requests", .int, .required)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RequestCount.schema).delete()
    }
}

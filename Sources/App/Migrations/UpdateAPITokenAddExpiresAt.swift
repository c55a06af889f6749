import Fluent
import Foundation
import SQLKit

/// Personal API tokens expire (`api_tokens.expires_at`); tokens made before get `ADUAN_TOKEN_DAYS` from
/// their creation. An index on the owner serves the account page and revoking all of a user's tokens.
struct UpdateAPITokenAddExpiresAt: AsyncMigration {
    let lifetime: TimeInterval

    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema).field("expires_at", .datetime).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_api_tokens_user").on(APIToken.schema).column("user_id").run()
        }
        // Few rows: a loop keeps the date arithmetic out of two SQL dialects.
        for token in try await APIToken.query(on: database).filter(\.$expiresAt == nil).all() {
            token.expiresAt = token.createdAt.addingTimeInterval(lifetime)
            try await token.save(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "idx_api_tokens_user").run() }
        try await database.schema(APIToken.schema).deleteField("expires_at").update()
    }
}

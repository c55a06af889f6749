import Fluent
import Foundation

/// A day on which the office does not work: a national holiday (LN), a cuti bersama (CB) or a local one.
final class Holiday: Model, @unchecked Sendable {
    static let schema = "holidays"

    enum Kind: String, Codable, Sendable {
        case national = "LN"
        case collectiveLeave = "CB"
        case local = "LOCAL"
    }

    @ID(key: .id) var id: UUID?
    /// The civil date as ISO 8601 (`2026-12-25`): a date, not an instant.
    @Field(key: "date") var date: String
    @Field(key: "kind") var kind: Kind
    @Field(key: "name") var name: String

    init() {}

    init(date: String, kind: Kind, name: String) {
        self.date = date
        self.kind = kind
        self.name = name
    }
}

import Fluent
import Foundation

/// A ready answer the admin maintains, insertable while an officer writes.
final class CannedReply: Model, @unchecked Sendable {
    static let schema = "canned_replies"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "active") var active: Bool

    init() {}

    init(title: String, body: String) {
        self.title = title
        self.body = body
        self.active = true
    }
}

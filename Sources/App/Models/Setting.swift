import Fluent
import Foundation

/// A value the admin changes in the console (office profile, retention, working weekdays), overriding
/// the configuration's default.
final class Setting: Model, @unchecked Sendable {
    static let schema = "settings"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String

    init() {}

    init(key: String, value: String) {
        self.id = key
        self.value = value
    }
}

import Fluent
import Foundation

/// A unit (bidang) of the office to which complaints are forwarded: Dafduk, Capil, PIAK, PDIP by default.
final class Unit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "active") var active: Bool

    init() {}

    init(code: String, name: String) {
        self.id = code
        self.name = name
        self.active = true
    }
}

import Fluent
import Foundation

/// An entry of the service catalogue: what a complaint is about (KK, KTP-el, akta …).
final class Service: Model, @unchecked Sendable {
    static let schema = "services"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name_id") var nameID: String
    @Field(key: "name_en") var nameEN: String
    @Field(key: "resolution_days") var resolutionDays: Int
    @Field(key: "position") var position: Int
    @Field(key: "active") var active: Bool

    init() {}

    init(code: String, nameID: String, nameEN: String, resolutionDays: Int, position: Int) {
        self.id = code
        self.nameID = nameID
        self.nameEN = nameEN
        self.resolutionDays = resolutionDays
        self.position = position
        self.active = true
    }
}

import Fluent
import Foundation

/// A region of Kepmendagri's coding: province, regency, kecamatan (district) or nagari/desa.
final class Region: Model, @unchecked Sendable {
    static let schema = "regions"

    enum Level: String, Codable, Sendable {
        case provinsi, kabupaten, kecamatan, nagari
    }

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "level") var level: Level
    @Field(key: "name") var name: String
    @OptionalField(key: "parent_code") var parentCode: String?

    init() {}

    init(code: String, level: Level, name: String, parentCode: String?) {
        self.id = code
        self.level = level
        self.name = name
        self.parentCode = parentCode
    }
}

import AduanCore
import Fluent
import Foundation

/// A person of the office who signs in to the console or uses the API.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // MARK: Identifier
    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String

    // MARK: Fields
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: StaffRole
    @OptionalField(key: "unit_code") var unitCode: String?
    @Field(key: "password_hash") var passwordHash: String
    /// Base32 secret of the authenticator app (RFC 6238); set during enrolment, trusted once confirmed.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @Field(key: "totp_enabled") var totpEnabled: Bool
    /// The last TOTP time step accepted, so that a code cannot be used twice.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int?
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(username: String, displayName: String, role: StaffRole, unitCode: String?, passwordHash: String, at: Date) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.unitCode = unitCode
        self.passwordHash = passwordHash
        self.totpEnabled = false
        self.active = true
        self.createdAt = at
    }

    var policy: StaffAccessPolicy { StaffAccessPolicy(role: role, unitCode: unitCode) }
}

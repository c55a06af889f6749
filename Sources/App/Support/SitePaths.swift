import Vapor

/// Every path of the site, in one place: routes are registered from these components and links are
/// built from them, so the two cannot drift apart.
enum SitePaths {
    // MARK: Public pages (Bahasa Indonesia)
    static let home: [PathComponent] = []
    static let newComplaint: [PathComponent] = ["pengaduan", "baru"]
    static let submitComplaint: [PathComponent] = ["pengaduan"]
    static let receipt: [PathComponent] = ["pengaduan", ":code", "bukti"]
    static let followLookup: [PathComponent] = ["lacak"]
    static let follow: [PathComponent] = ["lacak", ":code"]
    static let followProof: [PathComponent] = ["lacak", ":code", "akses"]
    static let followSignOut: [PathComponent] = ["lacak", ":code", "keluar"]
    static let followReply: [PathComponent] = ["lacak", ":code", "balas"]
    static let followComplete: [PathComponent] = ["lacak", ":code", "lengkapi"]
    static let followDocument: [PathComponent] = ["lacak", ":code", "dokumen", ":document"]
    static let privacy: [PathComponent] = ["privasi"]
    /// The one-time link in a message to the citizen.
    static let accessLink: [PathComponent] = ["tautan", ":token"]

    // MARK: Officer console
    static let console: [PathComponent] = ["petugas"]
    static let consoleLogin: [PathComponent] = ["petugas", "masuk"]
    static let consoleLoginCode: [PathComponent] = ["petugas", "masuk", "kode"]
    static let consoleSignOut: [PathComponent] = ["petugas", "keluar"]
    static let consoleAccount: [PathComponent] = ["petugas", "akun"]
    static let consoleTwoFactor: [PathComponent] = ["petugas", "akun", "dua-langkah"]
    static let consoleSignOutEverywhere: [PathComponent] = ["petugas", "akun", "keluar-semua"]
    static let consoleTokens: [PathComponent] = ["petugas", "akun", "token"]
    static let consoleTokenRevoke: [PathComponent] = ["petugas", "akun", "token", ":token", "cabut"]
    static func consoleTokenRevoke(_ id: UUID) -> String { link(consoleTokenRevoke, ["token": id.uuidString]) }
    static let consoleQueue: [PathComponent] = ["petugas", "antrean"]
    static let consoleComplaint: [PathComponent] = ["petugas", "pengaduan", ":code"]
    static let consoleNewComplaint: [PathComponent] = ["petugas", "pengaduan-baru"]
    static let consoleNotifications: [PathComponent] = ["petugas", "notifikasi"]
    static let consoleAdmin: [PathComponent] = ["petugas", "admin"]
    static let consoleAudit: [PathComponent] = ["petugas", "audit"]

    static let consoleComplaintAction: [PathComponent] = ["petugas", "pengaduan", ":code", "tindakan"]
    static let consoleComplaintReveal: [PathComponent] = ["petugas", "pengaduan", ":code", "identitas"]
    static let consoleDocument: [PathComponent] = ["petugas", "pengaduan", ":code", "dokumen", ":document"]

    static func consoleComplaint(_ code: String) -> String { link(consoleComplaint, ["code": code]) }
    static func consoleComplaintAction(_ code: String) -> String { link(consoleComplaintAction, ["code": code]) }
    static func consoleComplaintReveal(_ code: String) -> String { link(consoleComplaintReveal, ["code": code]) }
    static func consoleDocument(_ code: String, _ id: UUID) -> String { link(consoleDocument, ["code": code, "document": id.uuidString]) }

    // MARK: API
    static let api: [PathComponent] = ["api", "v1"]
    static let staffAPI: [PathComponent] = api + ["staff"]
    static let health: [PathComponent] = ["healthz"]

    /// Fills `:name` components with values and joins them into a URL path.
    static func link(_ components: [PathComponent], _ values: [String: String] = [:]) -> String {
        "/" + components.map { component -> String in
            switch component {
            case .parameter(let name): return values[name]?.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
            default: return component.description
            }
        }.joined(separator: "/")
    }

    static func receipt(_ code: String) -> String { link(receipt, ["code": code]) }
    static func follow(_ code: String) -> String { link(follow, ["code": code]) }
    static func accessLink(_ token: String) -> String { link(accessLink, ["token": token]) }
    static func followProof(_ code: String) -> String { link(followProof, ["code": code]) }
    static func followSignOut(_ code: String) -> String { link(followSignOut, ["code": code]) }
    static func followReply(_ code: String) -> String { link(followReply, ["code": code]) }
    static func followComplete(_ code: String) -> String { link(followComplete, ["code": code]) }
    static func followDocument(_ code: String, _ id: UUID) -> String { link(followDocument, ["code": code, "document": id.uuidString]) }
    static func apiDocument(_ code: String, _ id: UUID) -> String { link(api + ["complaints", .constant(code), "documents", .constant(id.uuidString)]) }
    static func staffAPIComplaint(_ code: String) -> String { link(staffAPI + ["complaints", .constant(code)]) }
    static func staffAPIDocument(_ code: String, _ id: UUID) -> String { link(staffAPI + ["complaints", .constant(code), "documents", .constant(id.uuidString)]) }
}

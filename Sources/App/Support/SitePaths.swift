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
    static let followDocument: [PathComponent] = ["lacak", ":code", "dokumen", ":document"]
    static let privacy: [PathComponent] = ["privasi"]

    // MARK: API
    static let api: [PathComponent] = ["api", "v1"]
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
    static func followProof(_ code: String) -> String { link(followProof, ["code": code]) }
    static func followSignOut(_ code: String) -> String { link(followSignOut, ["code": code]) }
    static func followReply(_ code: String) -> String { link(followReply, ["code": code]) }
    static func followDocument(_ code: String, _ id: UUID) -> String { link(followDocument, ["code": code, "document": id.uuidString]) }
    static func apiDocument(_ code: String, _ id: UUID) -> String { link(api + ["complaints", .constant(code), "documents", .constant(id.uuidString)]) }
}

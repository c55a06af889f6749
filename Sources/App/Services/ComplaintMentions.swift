import AduanCore
import Fluent
import Foundation

/// The tracking codes written in a complaint's events (the note "Duplikat … digabung" on a merge target,
/// an officer's "lihat …"), looked up once, so that a page or the API names only the complaints the
/// viewer may be shown from this one (`StaffAccessPolicy.mayMention`); the others read as
/// "[pengaduan lain]".
struct ComplaintMentions: Sendable {
    let complaint: StaffAccessPolicy.Scope
    let policy: StaffAccessPolicy
    /// Every mentioned complaint that exists, by canonical code.
    let known: [String: StaffAccessPolicy.Scope]
    let replacement: String

    static func load(for complaint: Complaint, texts: [String], policy: StaffAccessPolicy, replacement: String,
                     on db: any Database) async throws -> ComplaintMentions {
        let codes = Set(texts.flatMap { TrackingCode.mentions(in: $0).map(\.code.value) })
        let rows = codes.isEmpty ? [] : try await Complaint.query(on: db).filter(\.$trackingCode ~~ codes).all()
        return ComplaintMentions(
            complaint: complaint.scope, policy: policy,
            known: Dictionary(rows.map { ($0.trackingCode, $0.scope) }, uniquingKeysWith: { first, _ in first }),
            replacement: replacement)
    }

    /// The text with the codes of complaints the viewer may not be shown replaced.
    func redact(_ text: String) -> String {
        TrackingCode.redacting(text, replacement: replacement) { code in
            guard let other = known[code.value] else { return false }
            return !policy.mayMention(other, on: complaint)
        }
    }

    func redact(_ text: String?) -> String? { text.map(redact) }
}

extension Complaint {
    /// What the rules of confidentiality look at.
    var scope: StaffAccessPolicy.Scope { StaffAccessPolicy.Scope(unitCode: unitCode, confidential: confidential) }
}

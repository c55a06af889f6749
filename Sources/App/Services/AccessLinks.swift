import AduanCore
import Fluent
import Foundation

/// The one-time links in messages to the citizen: each opens the follow page of its complaint with
/// access granted, once (the browser that opens it receives the access), until it expires
/// (`ADUAN_LINK_DAYS`). Only the token's hash is stored.
///
/// Opening takes a press of a button (a POST): mail scanners and link previews fetch the page, but they
/// do not spend the link.
struct AccessLinks {
    let db: any Database
    let context: AduanContext

    struct Issued: Sendable {
        var token: String
        var url: String
        var expiresAt: Date
    }

    enum Failure: Error, Equatable {
        /// Unknown, spent or expired: the citizen proves who they are as usual.
        case unusable
    }

    func issue(for complaint: Complaint, message: UUID?) async throws -> Issued {
        let now = context.clock.now()
        let token = SecretToken.random()
        let expiresAt = now.addingTimeInterval(context.config.jobs.linkLifetime)
        try await AccessLink(complaintID: complaint.requireID(), tokenHash: SecretToken.hash(token), messageID: message, at: now, expiresAt: expiresAt)
            .create(on: db)
        return Issued(token: token, url: context.config.publicURL + SitePaths.accessLink(token), expiresAt: expiresAt)
    }

    /// The complaint the link opens, if it can still be used (nothing is spent).
    func peek(_ token: String) async throws -> Complaint? {
        guard let link = try await usable(token) else { return nil }
        return try await Complaint.find(link.$complaint.id, on: db)
    }

    /// Spends the link and grants access to its complaint, as the second proof does.
    func redeem(_ token: String, address: String?) async throws -> (Complaint, CitizenAccess.Grant) {
        let now = context.clock.now()
        guard let link = try await usable(token), let complaint = try await Complaint.find(link.$complaint.id, on: db) else {
            throw Failure.unusable
        }
        let grantToken = SecretToken.random()
        let expiresAt = now.addingTimeInterval(context.config.accessTokenLifetime)
        let spent = try await db.transaction { db -> Bool in
            // Spent once: of two presses at the same moment, one finds the link used.
            let before = try await AccessLink.query(on: db).filter(\.$id == link.requireID()).filter(\.$usedAt == nil).count()
            guard before == 1 else { return false }
            try await AccessLink.query(on: db).filter(\.$id == link.requireID()).filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
            try await AccessGrant(complaintID: complaint.requireID(), tokenHash: SecretToken.hash(grantToken), expiresAt: expiresAt, createdAt: now)
                .create(on: db)
            try await AuditEntry(at: now, actorRole: .citizen, actorName: complaint.reporterName, action: .accessGranted,
                                 complaintID: complaint.id, detail: "link", address: address).create(on: db)
            return true
        }
        guard spent else { throw Failure.unusable }
        return (complaint, CitizenAccess.Grant(token: grantToken, expiresAt: expiresAt))
    }

    private func usable(_ token: String) async throws -> AccessLink? {
        guard token.count >= 20, token.count <= 100 else { return nil }
        return try await AccessLink.query(on: db)
            .filter(\.$tokenHash == SecretToken.hash(token)).filter(\.$usedAt == nil).filter(\.$expiresAt > context.clock.now())
            .first()
    }
}

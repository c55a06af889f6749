import AduanCore
import Fluent
import Vapor

/// The citizen's second proof: the tracking code alone shows only the status; the phone number or
/// e-mail used when filing opens the conversation and the documents for a short while (DESIGN.md,
/// "Protecting personal data"). Wrong proofs are counted per complaint and per client address, in the
/// database, and each one past the free attempts doubles the wait.
struct CitizenAccess {
    let db: any Database
    let context: AduanContext

    enum Failure: Error, Equatable {
        case wrongProof
        case throttled(until: Date)
    }

    struct Grant: Sendable {
        var token: String
        var expiresAt: Date
    }

    /// Checks the proof and, when it matches, issues a token for this complaint.
    func grant(_ complaint: Complaint, proof: String, address: String?) async throws -> Grant {
        let now = context.clock.now()
        let policy = context.config.proofThrottle
        let limits = [Throttle.Limit(key: "code:\(complaint.trackingCode)", policy: policy)]
            + (Throttle.addressKey(address).map { [Throttle.Limit(key: "ip:\($0)", policy: policy)] } ?? [])
        let attempt = try await Throttle(db: db, now: now).begin(limits)
        if let until = attempt.refusedUntil { throw Failure.throttled(until: until) }
        guard Self.matches(proof, complaint: complaint) else {
            try await attempt.failed()
            try await AuditEntry(at: now, actorRole: .citizen, actorName: "-", action: .accessDenied,
                                 complaintID: complaint.id, detail: nil, address: address).create(on: db)
            throw Failure.wrongProof
        }
        // The complaint's count starts again; the address keeps what it guessed at other complaints.
        try await attempt.succeeded(resetting: [limits[0].key])
        let token = SecretToken.random()
        let expiresAt = now.addingTimeInterval(context.config.accessTokenLifetime)
        try await AccessGrant(complaintID: complaint.id!, tokenHash: SecretToken.hash(token), expiresAt: expiresAt, createdAt: now).create(on: db)
        try await AuditEntry(at: now, actorRole: .citizen, actorName: complaint.reporterName, action: .accessGranted,
                             complaintID: complaint.id, detail: nil, address: address).create(on: db)
        return Grant(token: token, expiresAt: expiresAt)
    }

    /// Whether `token` opens `complaint` now.
    func isValid(_ token: String?, for complaint: Complaint) async throws -> Bool {
        try await validUntil(token, for: complaint) != nil
    }

    /// Until when `token` opens `complaint`; nil when it does not (any more).
    func validUntil(_ token: String?, for complaint: Complaint) async throws -> Date? {
        guard let token, !token.isEmpty else { return nil }
        let now = context.clock.now()
        return try await AccessGrant.query(on: db)
            .filter(\.$tokenHash == SecretToken.hash(token))
            .filter(\.$complaint.$id == complaint.id!)
            .filter(\.$expiresAt > now)
            .first()?.expiresAt
    }

    func revoke(_ token: String?) async throws {
        guard let token, !token.isEmpty else { return }
        try await AccessGrant.query(on: db).filter(\.$tokenHash == SecretToken.hash(token)).delete()
    }

    /// The phone number in any notation (0812…, +62 812…) or the e-mail address, case-insensitively.
    static func matches(_ proof: String, complaint: Complaint) -> Bool {
        let trimmed = proof.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return false }
        if trimmed.contains("@") {
            guard let stored = complaint.email, let email = try? EmailAddress(trimmed) else { return false }
            return email.value.lowercased() == stored.lowercased()
        }
        guard let stored = complaint.phone, let phone = try? PhoneNumber(trimmed) else { return false }
        return phone.value == stored
    }
}

import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import App

/// Who is asking: the throttles, the audit log and the staff sessions see the client's address — behind
/// a trusted proxy the one it forwards, elsewhere the connection's, whatever `X-Forwarded-For` claims.
@Suite("Client address")
struct ClientAddressTests {
    static let behindProxy = ["ADUAN_TRUSTED_PROXIES": Peer.proxy, "ADUAN_PASSWORD_COST": "4"]
    static let wrongProof = "0812-0000-0000"

    @Test("without a trusted proxy a forged X-Forwarded-For changes nothing", arguments: TestDatabase.available)
    func forgedHeaderIgnored(database: TestDatabase) async throws {
        try await withAduan(database) { aduan in
            let first = try await aduan.fileComplaint()
            let second = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 1111 2222", "email": "lain@example.com"]))

            // Five wrong proofs, each claiming another origin.
            for index in 1...5 {
                let answer = try await aduan.prove(first, Self.wrongProof, from: Peer.attacker, headers: ["X-Forwarded-For": "192.0.2.\(index)"])
                #expect(answer.status == .forbidden)
            }
            // The address is locked at the other complaint too, whatever it claims now.
            let locked = try await aduan.prove(second, "0813 1111 2222", from: Peer.attacker, headers: ["X-Forwarded-For": "192.0.2.99"])
            #expect(locked.status == .tooManyRequests)
            // Someone else, claiming to be the attacker, is not.
            let other = try await aduan.prove(second, "0813 1111 2222", from: Peer.citizen, headers: ["X-Forwarded-For": Peer.attacker])
            #expect(other.status == .ok)

            let addresses = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .accessDenied).all().map(\.address)
            #expect(addresses == Array(repeating: Peer.attacker, count: 5))
            let granted = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .accessGranted).all().map(\.address)
            #expect(granted == [Peer.citizen])
        }
    }

    @Test("behind a trusted proxy two citizens are counted apart and audited by their own address", arguments: TestDatabase.available)
    func citizensBehindProxy(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.behindProxy) { aduan in
            let first = try await aduan.fileComplaint()
            let second = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["phone": "0813 1111 2222", "email": "lain@example.com"]))

            for _ in 1...5 {
                // The client may prepend anything; the proxy appends what it saw.
                let answer = try await aduan.prove(first, Self.wrongProof, from: Peer.proxy,
                                                   headers: ["X-Forwarded-For": "\(Peer.neighbour), \(Peer.citizen)"])
                #expect(answer.status == .forbidden)
            }
            let locked = try await aduan.prove(second, "0813 1111 2222", from: Peer.proxy, headers: ["X-Forwarded-For": Peer.citizen])
            #expect(locked.status == .tooManyRequests)
            let neighbour = try await aduan.prove(second, "0813 1111 2222", from: Peer.proxy, headers: ["X-Forwarded-For": Peer.neighbour])
            #expect(neighbour.status == .ok)

            let denied = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .accessDenied).all().map(\.address)
            #expect(denied == Array(repeating: Peer.citizen, count: 5))
            let granted = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .accessGranted).all().map(\.address)
            #expect(granted == [Peer.neighbour])
        }
    }

    @Test("a staff session and its audit entries record the address the proxy forwarded")
    func staffSessionAddress() async throws {
        try await withAduan(environment: Self.behindProxy) { aduan in
            try await aduan.createUser("budi", role: .pengelola)
            let form = try await aduan.loginForm()
            let answer = try await aduan.attemptSignIn("budi", password: TestAduan.password, from: Peer.proxy,
                                                       headers: ["X-Forwarded-For": "2001:DB8:0::7"], form: form)
            #expect(answer.status == .seeOther)
            let session = try #require(try await StaffSession.query(on: aduan.app.db).first())
            #expect(session.address == "2001:db8::7")
            // A pengelola has two-factor set up (ADUAN_REQUIRE_2FA_ROLES): the password step is what is recorded.
            let signedIn = try #require(try await AuditEntry.query(on: aduan.app.db).filter(\.$action ~~ [.signedIn, .signInPassword]).first())
            #expect(signedIn.address == "2001:db8::7")
        }
    }

    @Test("filings and replies record the client's address, not the proxy's")
    func filingAddress() async throws {
        try await withAduan(environment: Self.behindProxy) { aduan in
            let answer = try await aduan.sendMultipart("/api/v1/complaints", from: Peer.proxy,
                                                       headers: ["X-Forwarded-For": Peer.citizen], Fixture.complaintForm())
            #expect(answer.status == .created)
            let entries = try await AuditEntry.query(on: aduan.app.db).all()
            #expect(!entries.isEmpty)
            #expect(entries.allSatisfy { $0.address == Peer.citizen })
        }
    }
}

import AduanCore
import Foundation
import Logging
import Testing
@testable import App

/// The IMAP client against a real Dovecot (see `TestIMAPServer`), and against scripted servers for
/// what Dovecot does not do wrong.
@Suite("IMAP client")
struct IMAPClientTests {
    let logger = Logger(label: "test.imap")

    @Test(arguments: [IMAPSettings.Security.plain, .startTLS, .implicitTLS])
    func logsInOnEveryKindOfConnection(_ security: IMAPSettings.Security) async throws {
        let server = try await TestIMAPServer.shared()
        let client = try await IMAPClient.connect(server.settings(security), logger: logger)
        if security == .plain {
            #expect(client.capabilities.contains("STARTTLS"))
        }
        try await client.authenticate()
        let status = try await client.select("INBOX")
        #expect(status.uidValidity > 0)
        await client.logout()
    }

    /// The test password has a space, quotes and a backslash: LOGIN must quote it right; AUTHENTICATE
    /// PLAIN carries it in base64.
    @Test func loginAndAuthenticatePlainBothWork() async throws {
        let server = try await TestIMAPServer.shared()
        for useLogin in [true, false] {
            let client = try await IMAPClient.connect(server.settings(.startTLS), logger: logger)
            if useLogin {
                try await client.login(username: server.user, password: server.password)
            } else {
                try await client.authenticatePlain(username: server.user, password: server.password)
            }
            _ = try await client.select("INBOX")
            await client.logout()
        }
    }

    @Test func wrongPasswordIsAnAuthenticationFailure() async throws {
        let server = try await TestIMAPServer.shared()
        for useLogin in [true, false] {
            let client = try await IMAPClient.connect(server.settings(.plain, password: "salah"), logger: logger)
            let error = await #expect(throws: IMAPError.self) {
                if useLogin {
                    try await client.login(username: server.user, password: "salah \u{fc}")
                } else {
                    try await client.authenticate()
                }
            }
            #expect(error?.kind == .authenticationFailed)
            #expect(error?.stage == .login)
            #expect(error?.isConfigurationProblem == true)
            #expect(error?.reason.contains("AUTHENTICATIONFAILED") == true, "the server's words: \(error?.reason ?? "")")
            await client.close()
        }
    }

    @Test func anUntrustedCertificateIsATLSFailure() async throws {
        let server = try await TestIMAPServer.shared()
        var settings = server.settings(.implicitTLS)
        settings.caFile = nil
        let error = await #expect(throws: IMAPError.self) {
            let client = try await IMAPClient.connect(settings, logger: logger)
            await client.close()
        }
        #expect(error?.kind == .tls)
        #expect(error?.isConfigurationProblem == true)
    }

    @Test func appendSearchFetchAndMarkSeen() async throws {
        let server = try await TestIMAPServer.shared()
        try await server.withMailbox { client, mailbox in
            // CRLFs, a lone dot, a ")" and something that looks like a literal inside the body.
            let message = testMail(messageID: "<satu@example.com>", subject: "Uji",
                                   body: "Baris satu )\r\n.\r\n{12}\r\n\r\nBaris \u{e9}\r\n")
            let uid = try #require(try await client.append(message, to: mailbox))
            let status = try await client.select(mailbox)
            #expect(status.exists == 1)

            #expect(try await client.searchUIDs(after: 0) == [uid])
            // `UID n:*` matches the last message even when n is above it: filtered out.
            #expect(try await client.searchUIDs(after: uid) == [])

            let summaries = try await client.fetchSummaries([uid])
            #expect(summaries == [IMAPMessageSummary(uid: uid, size: message.count, messageID: "<satu@example.com>")])
            #expect(try await client.fetchBody(uid: uid) == message)
            #expect(try await client.flags(uid: uid)?.contains("\\Seen") == false, "BODY.PEEK must not mark it read")

            try await client.markSeen(uid: uid)
            #expect(try await client.flags(uid: uid)?.contains("\\Seen") == true)
            #expect(try await client.fetchBody(uid: uid + 1) == nil)
        }
    }

    @Test func aMissingMailboxIsRefusedWithTheServersWords() async throws {
        let server = try await TestIMAPServer.shared()
        let client = try await IMAPClient.connect(server.settings(), logger: logger)
        try await client.authenticate()
        let error = await #expect(throws: IMAPError.self) { _ = try await client.select("tidak-ada-\(UUID().uuidString.prefix(8))") }
        #expect(error?.kind == .refused)
        #expect(error?.stage == .select)
        #expect(error?.isConfigurationProblem == false)
        await client.logout()
    }

    // MARK: Servers that misbehave

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let silent = try await ScriptedIMAPServer.start(greeting: nil) { _, _ in nil }
        let settings = IMAPSettings(security: .plain, host: "127.0.0.1", port: silent.port, username: "u", password: "p", timeout: 0.5)
        let error = await #expect(throws: IMAPError.self) { _ = try await IMAPClient.connect(settings, logger: logger) }
        #expect(error?.kind == .timeout)
        #expect(error?.stage == .greeting)
        await silent.stop()
    }

    @Test func aCommandWithoutAnswerTimesOut() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n") { _, _ in nil }
        let settings = IMAPSettings(security: .plain, host: "127.0.0.1", port: server.port, username: "u", password: "p", timeout: 2)
        let client = try await IMAPClient.connect(settings, logger: logger)
        let error = await #expect(throws: IMAPError.self) { try await client.authenticate() }
        #expect(error?.kind == .timeout)
        #expect(error?.stage == .login)
        await client.close()
        await server.stop()
    }

    @Test func plaintextInjectedAfterStartTLSIsRefused() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n") { tag, command in
            command == "STARTTLS" ? "\(tag) OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n" : nil
        }
        let settings = IMAPSettings(security: .startTLS, host: "127.0.0.1", port: server.port, username: "u", password: "p", timeout: 2)
        // Read together with the OK, the injection is refused as such; read a moment later, it reaches
        // the TLS layer, which cannot take it for IMAP (and waits for a handshake that never comes).
        // Either way the client never takes the injected capabilities.
        let error = await #expect(throws: IMAPError.self) { _ = try await IMAPClient.connect(settings, logger: logger) }
        #expect(error?.kind == .tls || error?.kind == .timeout)
        #expect(error?.kind != .tls || error?.stage == .startTLS)
        #expect(error?.kind != .timeout || error?.stage == .capability)
        await server.stop()
    }

    @Test func startTLSRequiredButNotOffered() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n") { tag, _ in "\(tag) OK\r\n" }
        let settings = IMAPSettings(security: .startTLS, host: "127.0.0.1", port: server.port, username: "u", password: "p", timeout: 10)
        let error = await #expect(throws: IMAPError.self) { _ = try await IMAPClient.connect(settings, logger: logger) }
        #expect(error?.kind == .startTLSUnavailable)
        #expect(error?.isConfigurationProblem == true)
        await server.stop()
    }

    @Test func aGreetingOfByeIsAnError() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* BYE Too many connections\r\n") { _, _ in nil }
        let settings = IMAPSettings(security: .plain, host: "127.0.0.1", port: server.port, username: "u", password: "p", timeout: 10)
        let error = await #expect(throws: IMAPError.self) { _ = try await IMAPClient.connect(settings, logger: logger) }
        #expect(error?.kind == .closedByServer)
        #expect(error?.reason.contains("Too many connections") == true)
        await server.stop()
    }

    @Test func aLiteralBeyondTheLimitIsRefusedBeforeItArrives() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* OK [CAPABILITY IMAP4rev1] hi\r\n") { tag, command in
            command.hasPrefix("UID FETCH") ? "* 1 FETCH (UID 1 BODY[] {5000000}\r\n" : "\(tag) OK\r\n"
        }
        let settings = IMAPSettings(security: .plain, host: "127.0.0.1", port: server.port, username: "u", password: "p",
                                    timeout: 10, maxMessageBytes: 1_000_000)
        let client = try await IMAPClient.connect(settings, logger: logger)
        let error = await #expect(throws: IMAPError.self) { _ = try await client.fetchBody(uid: 1) }
        #expect(error?.kind == .messageTooLarge)
        await client.close()
        await server.stop()
    }

    @Test func unreachableServerIsAConnectionError() async throws {
        // Port 1 (tcpmux): nothing listens there on a test machine. (A port just closed by another
        // test could be handed out again to a parallel one.)
        let settings = IMAPSettings(security: .plain, host: "127.0.0.1", port: 1, username: "u", password: "p", timeout: 5)
        let error = await #expect(throws: IMAPError.self) { _ = try await IMAPClient.connect(settings, logger: logger) }
        #expect(error?.kind == .connection)
        #expect(error?.stage == .connect)
    }
}

@Suite("IMAP settings")
struct IMAPSettingsTests {
    @Test func parsesAGmailURL() throws {
        let settings = try IMAPSettings(url: "imaps://dukcapil.dharmasraya%40gmail.com:abcd%20efgh%2Fij@imap.gmail.com:993/INBOX")
        #expect(settings.security == .implicitTLS)
        #expect(settings.host == "imap.gmail.com")
        #expect(settings.port == 993)
        #expect(settings.username == "dukcapil.dharmasraya@gmail.com")
        #expect(settings.password == "abcd efgh/ij")
        #expect(settings.mailbox == "INBOX")
        #expect(settings.mailboxKey == "dukcapil.dharmasraya@gmail.com@imap.gmail.com:993/INBOX")
    }

    @Test func defaultsAndOtherSchemes() throws {
        let starttls = try IMAPSettings(url: "imap+starttls://u:p@mail.example.go.id")
        #expect(starttls.security == .startTLS)
        #expect(starttls.port == 143)
        #expect(starttls.mailbox == "INBOX")
        let plain = try IMAPSettings(url: "imap://u:p@127.0.0.1:10143/%5BGmail%5D%2FAll%20Mail")
        #expect(plain.security == .plain)
        #expect(plain.mailbox == "[Gmail]/All Mail")
        #expect(try IMAPSettings(url: "imaps://u:p@h/").mailbox == "INBOX")
    }

    @Test(arguments: [
        "pop3://u:p@h", "imaps://h:993/INBOX", "imaps://u@h/INBOX", "imaps://u:p@/INBOX", "imaps://u:p@h:0/INBOX",
        "imaps://u:p@h/Pengaduan%20%C3%BC", "imaps://u:p@h/INBOX?x=1", "tidak ada",
    ])
    func refusesMalformedURLs(_ url: String) {
        #expect(throws: IMAPSettings.ParseError.self) { try IMAPSettings(url: url) }
    }

    @Test func appConfigReadsTheGroupAndNamesTheVariable() throws {
        #expect(try AppConfig(environment: [:]).imap == nil)
        let config = try AppConfig(environment: [
            "ADUAN_IMAP_URL": "imaps://u:p@imap.gmail.com/INBOX", "ADUAN_IMAP_POLL_SECONDS": "120",
            "ADUAN_IMAP_TIMEOUT_SECONDS": "15", "ADUAN_IMAP_MAX_MESSAGE_MB": "10",
        ])
        let imap = try #require(config.imap)
        #expect(imap.pollInterval == 120)
        #expect(imap.timeout == 15)
        #expect(imap.maxMessageBytes == 10 * 1_048_576)
        #expect(imap.caFile == nil)

        for (variable, environment) in [
            ("ADUAN_IMAP_URL", ["ADUAN_IMAP_URL": "imap://nobody@h"]),
            ("ADUAN_IMAP_POLL_SECONDS", ["ADUAN_IMAP_URL": "imaps://u:p@h", "ADUAN_IMAP_POLL_SECONDS": "1"]),
            ("ADUAN_IMAP_CA_FILE", ["ADUAN_IMAP_URL": "imaps://u:p@h", "ADUAN_IMAP_CA_FILE": "/tidak/ada.pem"]),
        ] {
            let error = #expect(throws: AppConfig.Error.self) { try AppConfig(environment: environment) }
            #expect(error?.variable == variable)
        }
    }
}

import AduanCore
import Foundation
import NIOCore
import Testing
@testable import App

/// The SMTP client against a real server (aiosmtpd, see `TestSMTPServer`) in each of its modes, and
/// against scripted servers for what a real one does not do.
@Suite("SMTP client")
struct SMTPClientTests {
    static let sender = "pengaduan@dharmasrayakab.go.id"

    /// A recipient no other test uses, to find the message in the shared maildir.
    static func recipient(_ label: String) -> String {
        "\(label).\(UUID().uuidString.prefix(8).lowercased())@example.test"
    }

    static func message(to recipients: [String], text: String = "Pengaduan Anda sudah kami terima.\n") -> [UInt8] {
        MailComposer.compose(OutgoingMail(
            from: MailAddress(name: "Disdukcapil Dharmasraya", address: sender),
            to: recipients.map { MailAddress(name: "Warga Dharmasraya", address: $0) },
            subject: "[Pengaduan KXV25-7FDHX-CRQQ] Pengaduan diterima — terima kasih",
            messageID: MailComposer.messageID(domain: "dharmasrayakab.go.id"),
            date: Date(timeIntervalSince1970: 1_796_126_709), timeZone: TimeZone(identifier: "Asia/Jakarta")!,
            textBody: text, htmlBody: "<p>\(text)</p>",
            attachments: [MailAttachment(filename: "tanda terima.pdf", contentType: "application/pdf", data: (0...255).map { UInt8($0) })]
        ))
    }

    static func settings(_ server: TestSMTPServer, _ security: SMTPSettings.Security, port: Int, password: String? = nil, timeout: TimeAmount = .seconds(10)) -> SMTPSettings {
        SMTPSettings(
            host: server.host, port: port, security: security,
            username: security == .plain ? nil : server.user,
            password: security == .plain ? nil : password ?? server.password,
            trustRoots: server.ca, heloName: "aduan.test", timeout: timeout
        )
    }

    @Test("Each mode delivers the composed bytes unchanged", arguments: ["plain", "starttls", "starttls_login", "smtps"])
    func delivery(listener: String) async throws {
        let server = try await TestSMTPServer.shared()
        let (security, port, mechanism): (SMTPSettings.Security, Int, String?) = switch listener {
        case "plain": (.plain, server.plain, nil)
        case "starttls": (.startTLS, server.starttls, "PLAIN")
        case "starttls_login": (.startTLS, server.starttlsLogin, "LOGIN")
        default: (.implicitTLS, server.smtps, "PLAIN")
        }
        let to = Self.recipient(listener)
        let data = Self.message(to: [to])

        try await SMTPClient(settings: Self.settings(server, security, port: port)).send(from: Self.sender, to: [to], data: data)

        let stored = try server.messages(to: to)
        try #require(stored.count == 1)
        #expect(stored[0].bytes == data)
        #expect(stored[0].envelope.listener == listener)
        #expect(stored[0].envelope.mailFrom == Self.sender)
        #expect(stored[0].envelope.tls == (security != .plain))
        #expect(stored[0].envelope.authMechanism == mechanism)
        #expect(stored[0].envelope.mailOptions == ["SIZE=\(data.count)"])
    }

    @Test("One message to several recipients is stored once with every recipient in the envelope")
    func severalRecipients() async throws {
        let server = try await TestSMTPServer.shared()
        let recipients = (1...3).map { Self.recipient("warga\($0)") }
        let data = Self.message(to: recipients)

        try await SMTPClient(settings: Self.settings(server, .startTLS, port: server.starttls)).send(from: Self.sender, to: recipients, data: data)

        let stored = try server.messages(to: recipients[0])
        try #require(stored.count == 1)
        #expect(stored[0].envelope.rcptTos == recipients)
        #expect(stored[0].bytes == data)
    }

    @Test("Lines that start with a dot, a lone dot and bare line ends survive the transfer")
    func dotStuffing() async throws {
        let server = try await TestSMTPServer.shared()
        let to = Self.recipient("titik")
        let raw = Array("Subject: titik\r\n\r\n.\r\n..dua\r\n.tersembunyi\nLF saja\rCR saja\r\n.".utf8)

        try await SMTPClient(settings: Self.settings(server, .plain, port: server.plain)).send(from: Self.sender, to: [to], data: raw)

        let stored = try #require(try server.messages(to: to).first)
        #expect(String(decoding: stored.bytes, as: UTF8.self)
            == "Subject: titik\r\n\r\n.\r\n..dua\r\n.tersembunyi\r\nLF saja\r\nCR saja\r\n.\r\n")
    }

    @Test("A recipient refused with 550 is a permanent failure naming the server's reason")
    func permanentRejection() async throws {
        let server = try await TestSMTPServer.shared()
        let refused = try #require(server.reject.first, "the test SMTP server must be started with --reject-recipient")

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: Self.settings(server, .plain, port: server.plain))
                .send(from: Self.sender, to: [refused], data: Self.message(to: [refused]))
        }

        guard case .rejected(let reply, .recipient(refused)) = error else { Issue.record("\(error)"); return }
        #expect(reply.code == 550)
        #expect(reply.enhancedStatus == "5.1.1")
        #expect(error.isPermanent)
        #expect(!error.isConfigurationProblem)
        #expect(error.reason.hasPrefix("The mail server refused RCPT TO:<\(refused)>: 550 5.1.1 <\(refused)>: Recipient address rejected"))
        #expect(try server.messages(to: refused).isEmpty)
    }

    @Test("A recipient deferred with 451 may be tried again")
    func temporaryRejection() async throws {
        let server = try await TestSMTPServer.shared()
        let deferred = try #require(server.deferred.first, "the test SMTP server must be started with --defer-recipient")
        let other = Self.recipient("lain")

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: Self.settings(server, .implicitTLS, port: server.smtps))
                .send(from: Self.sender, to: [other, deferred], data: Self.message(to: [other, deferred]))
        }

        guard case .rejected(let reply, .recipient(deferred)) = error else { Issue.record("\(error)"); return }
        #expect(reply.code == 451)
        #expect(!error.isPermanent)
        #expect(try server.messages(to: other).isEmpty, "a refused recipient ends the attempt for all")
    }

    @Test("A wrong password is an authentication failure for the admin, not a permanent one", arguments: ["starttls", "starttls_login", "smtps"])
    func wrongPassword(listener: String) async throws {
        let server = try await TestSMTPServer.shared()
        let (security, port): (SMTPSettings.Security, Int) = switch listener {
        case "starttls": (.startTLS, server.starttls)
        case "starttls_login": (.startTLS, server.starttlsLogin)
        default: (.implicitTLS, server.smtps)
        }
        let to = Self.recipient("sandi")

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: Self.settings(server, security, port: port, password: "salah"))
                .send(from: Self.sender, to: [to], data: Self.message(to: [to]))
        }

        guard case .authenticationFailed(let reply) = error else { Issue.record("\(error)"); return }
        #expect(reply.code == 535)
        #expect(error.isConfigurationProblem)
        #expect(!error.isPermanent)
    }

    @Test("STARTTLS required but not offered (the plain port) stops before anything is sent")
    func startTLSNotOffered() async throws {
        let server = try await TestSMTPServer.shared()
        let to = Self.recipient("tanpa-tls")

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: Self.settings(server, .startTLS, port: server.plain))
                .send(from: Self.sender, to: [to], data: Self.message(to: [to]))
        }

        #expect(error == .startTLSNotOffered)
        #expect(error.isConfigurationProblem)
        #expect(try server.messages(to: to).isEmpty)
    }

    @Test("A certificate from an authority that is not trusted fails TLS", arguments: [SMTPSettings.Security.startTLS, .implicitTLS])
    func untrustedCertificate(security: SMTPSettings.Security) async throws {
        let server = try await TestSMTPServer.shared()
        var settings = Self.settings(server, security, port: security == .startTLS ? server.starttls : server.smtps)
        settings.trustRoots = nil // the system's authorities do not know the test CA

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).send(from: Self.sender, to: ["a@example.test"], data: Self.message(to: ["a@example.test"]))
        }

        guard case .tlsFailure = error else { Issue.record("\(error)"); return }
        #expect(error.isConfigurationProblem)
    }

    @Test("Nothing listening is a connection failure")
    func nothingListening() async throws {
        // Port 1 (tcpmux): nothing listens there, and no test's own server can take it over, as one
        // could an ephemeral port that was free a moment ago (seen in CI: a greeting timeout instead).
        let port = 1
        let settings = SMTPSettings(host: "127.0.0.1", port: port, security: .plain, timeout: .seconds(5))

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).send(from: Self.sender, to: ["a@example.test"], data: [])
        }

        guard case .connectionFailed(_, port, let detail) = error else { Issue.record("\(error)"); return }
        #expect(detail.lowercased().contains("refused"))
        #expect(!error.isPermanent)
    }

    @Test("A server that never answers times out at the greeting, quickly")
    func silentServer() async throws {
        let silent = try await FakeSMTPServer.start(greeting: nil)
        let settings = SMTPSettings(host: "127.0.0.1", port: silent.port, security: .plain, timeout: .milliseconds(300))
        let start = ContinuousClock.now

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).send(from: Self.sender, to: ["a@example.test"], data: [])
        }

        #expect(error == .timeout(stage: .greeting, after: .milliseconds(300)))
        // Well below the default 30 s even on a machine busy with the whole suite.
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(error.reason == "The mail server did not answer within 0.3 s during the greeting")
        try await silent.stop()
    }

    @Test("Plaintext sent with the 220 to STARTTLS is refused (STARTTLS injection)")
    func startTLSInjection() async throws {
        let fake = try await FakeSMTPServer.start(greeting: "220 fake ESMTP\r\n", rules: [
            ("EHLO", "250-fake\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n"),
            ("STARTTLS", "220 go\r\n250 injected\r\n"),
        ])
        let settings = SMTPSettings(
            host: "127.0.0.1", port: fake.port, security: .startTLS, username: "u", password: "p", timeout: .seconds(5))

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).send(from: Self.sender, to: ["a@example.test"], data: [])
        }

        guard case .protocolViolation(let detail, .startTLS) = error else { Issue.record("\(error)"); return }
        #expect(detail.contains("STARTTLS injection"))
        try await fake.stop()
    }

    @Test("Replies that are not SMTP are a protocol violation", arguments: [
        "HTTP/1.1 400 Bad Request\r\n",
        "220-one\r\n221 other code\r\n",
    ])
    func garbage(greeting: String) async throws {
        let fake = try await FakeSMTPServer.start(greeting: greeting)
        let settings = SMTPSettings(host: "127.0.0.1", port: fake.port, security: .plain, timeout: .seconds(5))

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).send(from: Self.sender, to: ["a@example.test"], data: [])
        }

        guard case .protocolViolation(_, .greeting) = error else { Issue.record("\(error)"); return }
        try await fake.stop()
    }

    @Test("A message above the server's SIZE is refused for good before it is sent")
    func tooLarge() async throws {
        let fake = try await FakeSMTPServer.start(greeting: "220 fake ESMTP\r\n", rules: [("EHLO", "250-fake\r\n250 SIZE 100\r\n")])
        let settings = SMTPSettings(host: "127.0.0.1", port: fake.port, security: .plain, timeout: .seconds(5))

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).send(from: Self.sender, to: ["a@example.test"], data: Array(repeating: 65, count: 101))
        }

        #expect(error == .messageTooLarge(size: 101, limit: 100))
        #expect(error.isPermanent)
        try await fake.stop()
    }

    @Test("A server that refuses in its greeting may be tried again later")
    func refusedGreeting() async throws {
        let fake = try await FakeSMTPServer.start(greeting: "554 5.3.2 too busy, go away\r\n")
        let settings = SMTPSettings(host: "127.0.0.1", port: fake.port, security: .plain, timeout: .seconds(5))

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).send(from: Self.sender, to: ["a@example.test"], data: [])
        }

        guard case .rejected(let reply, .greeting) = error else { Issue.record("\(error)"); return }
        #expect(reply.code == 554)
        #expect(!error.isPermanent)
        try await fake.stop()
    }

    @Test("Envelope addresses that could smuggle a command are refused before connecting", arguments: [
        "a@example.test>\r\nRCPT TO:<b@example.test", "a b@example.test", "",
    ])
    func envelopeInjection(recipient: String) async throws {
        let settings = SMTPSettings(host: "127.0.0.1", port: 9, security: .plain)

        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).send(from: Self.sender, to: [recipient], data: [])
        }

        #expect(error == .invalidAddress(recipient))
        #expect(error.isPermanent)
    }
}

@Suite("SMTP protocol pieces")
struct SMTPProtocolTests {
    @Test("Dot-stuffing doubles leading dots, ends lines with CRLF and adds the final dot", arguments: [
        ("", ".\r\n"),
        ("a", "a\r\n.\r\n"),
        ("a\r\n", "a\r\n.\r\n"),
        (".\r\n", "..\r\n.\r\n"),
        ("x\n.y\r.z\r\n..", "x\r\n..y\r\n..z\r\n...\r\n.\r\n"),
        ("a\r\r\nb", "a\r\n\r\nb\r\n.\r\n"),
    ])
    func dotStuffing(input: String, expected: String) {
        #expect(String(decoding: SMTPClient.dotStuffed(Array(input.utf8)), as: UTF8.self) == expected)
    }

    @Test("Multi-line replies are joined; EHLO capabilities are read from them")
    func capabilities() throws {
        var parser = SMTPReplyParser()
        var reply: SMTPResponse?
        for line in ["250-smtp.example.com at your service", "250-SIZE 35882577", "250-8BITMIME", "250-AUTH LOGIN PLAIN XOAUTH2", "250-STARTTLS", "250 SMTPUTF8"] {
            #expect(reply == nil)
            reply = try parser.parse(line)
        }

        let capabilities = SMTPCapabilities(ehlo: try #require(reply))
        #expect(reply?.lines.count == 6)
        #expect(capabilities.startTLS)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "XOAUTH2"])
        #expect(capabilities.sizeLimit == 35_882_577)
        #expect(capabilities.eightBitMIME)
        #expect(SMTPCapabilities(ehlo: SMTPResponse(code: 250, lines: ["x", "AUTH=LOGIN", "SIZE"])).authMechanisms == ["LOGIN"])
        #expect(SMTPCapabilities(ehlo: SMTPResponse(code: 250, lines: ["x", "SIZE"])).sizeLimit == 0)
        #expect(SMTPResponse(code: 550, lines: ["5.1.1 <a@b>: no such user"]).enhancedStatus == "5.1.1")
        #expect(SMTPResponse(code: 550, lines: ["no such user"]).enhancedStatus == nil)
    }

    @Test("Lines that are not replies are refused", arguments: ["", "25", "hello", "650 x", "250x", "2500 x"])
    func badLines(line: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Failure.self) { try parser.parse(line) }
    }

    @Test("Which failures are permanent and which need the admin")
    func classification() {
        let reply = { (code: Int) in SMTPResponse(code: code, lines: ["x"]) }
        #expect(SMTPError.rejected(reply(550), stage: .mailFrom).isPermanent)
        #expect(SMTPError.rejected(reply(554), stage: .message).isPermanent)
        #expect(SMTPError.rejected(reply(552), stage: .data).isPermanent)
        #expect(!SMTPError.rejected(reply(452), stage: .recipient("a")).isPermanent)
        #expect(!SMTPError.rejected(reply(554), stage: .greeting).isPermanent)
        #expect(!SMTPError.rejected(reply(530), stage: .mailFrom).isPermanent)
        #expect(SMTPError.rejected(reply(530), stage: .mailFrom).isConfigurationProblem)
        #expect(SMTPError.messageTooLarge(size: 2, limit: 1).isPermanent)
        #expect(!SMTPError.timeout(stage: .message, after: .seconds(30)).isPermanent)
        #expect(!SMTPError.connectionClosed(stage: .data).isPermanent)
        #expect(!SMTPError.tlsFailure(detail: "x").isPermanent)
        #expect(SMTPError.timeout(stage: .ehlo, after: .seconds(30)).reason == "The mail server did not answer within 30 s during EHLO")
    }
}

@Suite("SMTP settings")
struct SMTPSettingsTests {
    @Test("URLs of the three kinds, with default ports and percent-decoded credentials", arguments: [
        ("smtp://127.0.0.1", SMTPSettings(host: "127.0.0.1", port: 25, security: .plain)),
        ("smtp://relay.local:2525/", SMTPSettings(host: "relay.local", port: 2525, security: .plain)),
        ("smtp+starttls://pengaduan%40gmail.com:abcd%20efgh%20ijkl%20mnop@smtp.gmail.com",
         SMTPSettings(host: "smtp.gmail.com", port: 587, security: .startTLS, username: "pengaduan@gmail.com", password: "abcd efgh ijkl mnop")),
        ("smtp+starttls://pengaduan@gmail.com:abcd efgh@smtp.gmail.com:587",
         SMTPSettings(host: "smtp.gmail.com", port: 587, security: .startTLS, username: "pengaduan@gmail.com", password: "abcd efgh")),
        ("SMTPS://user:p%3Ass%25w@mail.example.go.id", SMTPSettings(host: "mail.example.go.id", port: 465, security: .implicitTLS, username: "user", password: "p:ss%w")),
        ("smtps://user:pa:ss@[::1]:4650", SMTPSettings(host: "::1", port: 4650, security: .implicitTLS, username: "user", password: "pa:ss")),
    ])
    func valid(url: String, expected: SMTPSettings) throws {
        #expect(try SMTPSettings(url: url) == expected)
    }

    @Test("Malformed URLs name ADUAN_SMTP_URL", arguments: [
        "smtp.gmail.com:587", "imap://host", "smtp://", "smtp://host:0", "smtp://host:99999", "smtp://host:x",
        "smtp://host/path", "smtp://host?x=1", "smtp://user:pass@host", "smtps://user@host", "smtps://user:p%zz@host",
        "smtps://[::1", "smtp://ho st",
    ])
    func invalid(url: String) {
        let error = #expect(throws: AppConfig.Error.self) { try SMTPSettings(url: url) }
        #expect(error?.variable == "ADUAN_SMTP_URL")
    }

    @Test("The description never shows the password")
    func description() throws {
        let settings = try SMTPSettings(url: "smtps://user:rahasia@mail.example.go.id")
        #expect(settings.description == "smtps://user:***@mail.example.go.id:465")
    }

    @Test("AppConfig: no SMTP URL means no e-mail; a From is required unless the user is an address")
    func appConfig() throws {
        #expect(try AppConfig(environment: [:]).mail == nil)

        let full = try #require(try AppConfig(environment: [
            "ADUAN_SMTP_URL": "smtp+starttls://kantor:sandi@smtp.example.go.id",
            "ADUAN_MAIL_FROM": "\"Disdukcapil Dharmasraya\" <pengaduan@dharmasrayakab.go.id>",
            "ADUAN_SMTP_TIMEOUT_SECONDS": "12",
        ]).mail)
        #expect(full.from == MailAddress(name: "Disdukcapil Dharmasraya", address: "pengaduan@dharmasrayakab.go.id"))
        #expect(full.smtp.timeout == .seconds(12))
        #expect(full.smtp.heloName == "dharmasrayakab.go.id")
        #expect(full.smtp.username == "kantor")

        let gmail = try #require(try AppConfig(environment: [
            "ADUAN_SMTP_URL": "smtp+starttls://disdukcapil.dharmasraya%40gmail.com:app-pass@smtp.gmail.com:587",
        ]).mail)
        #expect(gmail.from == MailAddress(name: "Disdukcapil Dharmasraya", address: "disdukcapil.dharmasraya@gmail.com"))
        #expect(gmail.smtp.timeout == .seconds(30))
    }

    @Test("Bad mail settings stop the start naming the variable", arguments: [
        (["ADUAN_SMTP_URL": "smtp://127.0.0.1"], "ADUAN_MAIL_FROM"),
        (["ADUAN_MAIL_FROM": "not an address"], "ADUAN_MAIL_FROM"),
        (["ADUAN_SMTP_URL": "smtp://127.0.0.1", "ADUAN_MAIL_FROM": "a@example.go.id", "ADUAN_SMTP_TIMEOUT_SECONDS": "0"], "ADUAN_SMTP_TIMEOUT_SECONDS"),
        (["ADUAN_SMTP_URL": "smtp://127.0.0.1", "ADUAN_MAIL_FROM": "a@example.go.id", "ADUAN_SMTP_CA_FILE": "/nonexistent/ca.pem"], "ADUAN_SMTP_CA_FILE"),
        (["ADUAN_SMTP_URL": "gmail", "ADUAN_MAIL_FROM": "a@example.go.id"], "ADUAN_SMTP_URL"),
    ])
    func badSettings(environment: [String: String], variable: String) {
        let error = #expect(throws: AppConfig.Error.self) { try AppConfig(environment: environment) }
        #expect(error?.variable == variable)
    }
}

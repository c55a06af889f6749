import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Hands messages to the office's SMTP server (RFC 5321), one connection per message:
/// greeting, EHLO, STARTTLS and EHLO again when configured, AUTH PLAIN (or LOGIN), MAIL, RCPT for each
/// recipient, DATA, QUIT. Every error thrown is an `SMTPError`.
struct SMTPClient: Sendable {
    var settings: SMTPSettings
    var eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    init(settings: SMTPSettings, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
    }

    /// Sends `data` (an RFC 5322 message, e.g. from `MailComposer.compose`) from the envelope sender to
    /// every recipient. Returns once the server has accepted the message; a failure at QUIT after that
    /// is ignored, since the message is on its way and a retry would send it twice. A recipient refused
    /// ends the attempt for all of them.
    func send(from sender: String, to recipients: [String], data: [UInt8]) async throws {
        try Self.checkEnvelope(sender, allowEmpty: true)
        guard !recipients.isEmpty else { throw SMTPError.invalidAddress("no recipient") }
        for recipient in recipients { try Self.checkEnvelope(recipient, allowEmpty: false) }
        let tls = try makeTLSContext()
        let session = try await connect(implicitTLS: settings.security == .implicitTLS ? tls : nil)
        do {
            try await converse(session, tls: tls, sender: sender, recipients: recipients, data: data)
        } catch {
            try? await session.channel.close()
            throw SMTPReplyHandler.smtpError(error, stage: .connect)
        }
        try? await session.channel.close()
    }

    private func converse(_ session: Session, tls: NIOSSLContext?, sender: String, recipients: [String], data: [UInt8]) async throws {
        try await session.expect(nil, stage: .greeting, code: 220)
        var capabilities = try await ehlo(session)
        if settings.security == .startTLS, let tls {
            guard capabilities.startTLS else { throw SMTPError.startTLSNotOffered }
            let upgrade = SMTPReplyHandler.TLSUpgrade(context: tls, serverHostname: serverHostname)
            try await session.expect("STARTTLS", stage: .startTLS, code: 220, startTLS: upgrade)
            // RFC 3207 §4.2: forget what was learnt before TLS and ask again.
            capabilities = try await ehlo(session)
        }
        if let username = settings.username, let password = settings.password {
            try await authenticate(session, capabilities, username: username, password: password)
        }

        if let limit = capabilities.sizeLimit, limit > 0, data.count > limit {
            throw SMTPError.messageTooLarge(size: data.count, limit: limit)
        }
        var mailFrom = "MAIL FROM:<\(sender)>"
        if capabilities.sizeLimit != nil { mailFrom += " SIZE=\(data.count)" }
        if capabilities.eightBitMIME, data.contains(where: { $0 >= 0x80 }) { mailFrom += " BODY=8BITMIME" }
        try await session.expect(mailFrom, stage: .mailFrom, code: 2)
        for recipient in recipients {
            try await session.expect("RCPT TO:<\(recipient)>", stage: .recipient(recipient), code: 2)
        }
        try await session.expect("DATA", stage: .data, code: 354)
        let payload = Self.dotStuffed(data)
        // Slow links need longer for a large message: one more second per 100 KiB.
        let dataTimeout = settings.timeout + .seconds(Int64(payload.count / 102_400))
        try await session.expect(payload, stage: .message, code: 2, timeout: dataTimeout)
        // Delivered: from here on nothing may fail the send, or a retry would deliver it twice; and a
        // server slow to say goodbye is not waited for long.
        _ = try? await session.expect("QUIT", stage: .quit, code: 2, timeout: min(settings.timeout, .seconds(5)))
    }

    private func ehlo(_ session: Session) async throws -> SMTPCapabilities {
        var reply = try await session.exchange("EHLO \(settings.heloName)", stage: .ehlo)
        if (500..<600).contains(reply.code) {
            // An old server without ESMTP (RFC 5321 §3.2): HELO, and no extensions.
            reply = try await session.expect("HELO \(settings.heloName)", stage: .ehlo, code: 250)
            return SMTPCapabilities(ehlo: SMTPResponse(code: 250, lines: []))
        }
        guard reply.code == 250 else { throw SMTPError.rejected(reply, stage: .ehlo) }
        return SMTPCapabilities(ehlo: reply)
    }

    /// RFC 4954 with PLAIN (RFC 4616) when offered, else LOGIN; only ever over TLS, which the settings
    /// guarantee (`smtp://` takes no password).
    private func authenticate(_ session: Session, _ capabilities: SMTPCapabilities, username: String, password: String) async throws {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        let reply: SMTPResponse
        if capabilities.authMechanisms.contains("PLAIN") {
            reply = try await session.exchange("AUTH PLAIN " + base64("\0\(username)\0\(password)"), stage: .auth)
        } else if capabilities.authMechanisms.contains("LOGIN") {
            let challenge = try await session.exchange("AUTH LOGIN", stage: .auth)
            guard challenge.code == 334 else { throw Self.authFailure(challenge) }
            let userReply = try await session.exchange(base64(username), stage: .auth)
            guard userReply.code == 334 else { throw Self.authFailure(userReply) }
            reply = try await session.exchange(base64(password), stage: .auth)
        } else {
            throw SMTPError.authenticationNotOffered
        }
        guard reply.code == 235 else { throw Self.authFailure(reply) }
    }

    private static func authFailure(_ reply: SMTPResponse) -> SMTPError {
        reply.code >= 500 ? .authenticationFailed(reply) : .rejected(reply, stage: .auth)
    }

    // MARK: Connection

    /// SNI and certificate name: the host, unless it is an IP address (then the certificate must name
    /// that address, which NIOSSL checks against the peer).
    private var serverHostname: String? {
        let isIPAddress = (try? SocketAddress(ipAddress: settings.host, port: 0)) != nil
        return isIPAddress ? nil : settings.host
    }

    private func makeTLSContext() throws -> NIOSSLContext? {
        guard settings.security != .plain else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let trustRoots = settings.trustRoots {
            configuration.trustRoots = .file(trustRoots)
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError.tlsFailure(detail: "cannot use the CA file \(settings.trustRoots ?? "of the system"): \(error)")
        }
    }

    /// The connection and its reply handler. The handler is held here, not looked up in the pipeline,
    /// because a closed channel removes its handlers, and with them the reason it closed.
    private func connect(implicitTLS: NIOSSLContext?) async throws -> Session {
        let serverHostname = serverHostname
        let timeout = settings.timeout
        let bootstrap = ClientBootstrap(group: eventLoopGroup).connectTimeout(timeout)
        do {
            return try await bootstrap.connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname)
                        )
                    }
                    let handler = SMTPReplyHandler(eventLoop: channel.eventLoop)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    return Session(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop), timeout: timeout)
                }
            }
        } catch ChannelError.connectTimeout(_) {
            throw SMTPError.timeout(stage: .connect, after: settings.timeout)
        } catch let error as NIOConnectionError {
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                throw SMTPError.unresolvable(host: settings.host)
            }
            let detail = error.connectionErrors.first.map { String(describing: $0.error) } ?? String(describing: error)
            throw SMTPError.connectionFailed(host: settings.host, port: settings.port, detail: detail)
        } catch {
            throw SMTPError.connectionFailed(host: settings.host, port: settings.port, detail: String(describing: error))
        }
    }

    // MARK: Envelope and data

    /// A path SMTP can carry: no brackets, white space or control characters (they would end the
    /// command or start another one).
    private static func checkEnvelope(_ address: String, allowEmpty: Bool) throws {
        guard allowEmpty || !address.isEmpty,
              address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" })
        else { throw SMTPError.invalidAddress(address) }
    }

    /// The message as DATA carries it (RFC 5321 §4.5.2): every line ended by CRLF (bare CR and LF
    /// become CRLF), a dot doubled at the start of a line, and the final `.` line.
    static func dotStuffed(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < data.count {
            let byte = data[index]
            if byte == 13 || byte == 10 {
                if byte == 13, index + 1 < data.count, data[index + 1] == 10 { index += 1 }
                out += [13, 10]
                atLineStart = true
            } else {
                if atLineStart, byte == UInt8(ascii: ".") { out.append(byte) }
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return out
    }
}

/// The client's side of one connection: each call sends one command and waits for its reply.
private struct Session: Sendable {
    let channel: any Channel
    let handler: NIOLoopBound<SMTPReplyHandler>
    let timeout: TimeAmount

    func exchange(_ command: String, stage: SMTPStage) async throws -> SMTPResponse {
        try await exchange(bytes: Array((command + "\r\n").utf8), stage: stage, timeout: timeout, startTLS: nil)
    }

    /// Sends the command and requires its reply to have `code`, or a code of that class when `code` is
    /// one digit (2 for any 2xx).
    @discardableResult
    func expect(_ command: String?, stage: SMTPStage, code: Int, startTLS: SMTPReplyHandler.TLSUpgrade? = nil) async throws -> SMTPResponse {
        let bytes = command.map { Array(($0 + "\r\n").utf8) }
        return try check(await exchange(bytes: bytes, stage: stage, timeout: timeout, startTLS: startTLS), stage: stage, code: code)
    }

    @discardableResult
    func expect(_ data: [UInt8], stage: SMTPStage, code: Int, timeout: TimeAmount) async throws -> SMTPResponse {
        try check(await exchange(bytes: data, stage: stage, timeout: timeout, startTLS: nil), stage: stage, code: code)
    }

    @discardableResult
    func expect(_ command: String, stage: SMTPStage, code: Int, timeout: TimeAmount) async throws -> SMTPResponse {
        try await expect(Array((command + "\r\n").utf8), stage: stage, code: code, timeout: timeout)
    }

    private func check(_ reply: SMTPResponse, stage: SMTPStage, code: Int) throws -> SMTPResponse {
        let matches = code < 10 ? reply.code / 100 == code : reply.code == code
        guard matches else { throw SMTPError.rejected(reply, stage: stage) }
        return reply
    }

    private func exchange(bytes: [UInt8]?, stage: SMTPStage, timeout: TimeAmount, startTLS: SMTPReplyHandler.TLSUpgrade?) async throws -> SMTPResponse {
        let channel = channel
        let handler = handler
        return try await channel.eventLoop.flatSubmit {
            let buffer = bytes.map { channel.allocator.buffer(bytes: $0) }
            return handler.value.exchange(buffer, stage: stage, timeout: timeout, startTLS: startTLS)
        }.get()
    }
}

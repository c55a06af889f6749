import NIOCore

/// The step of an SMTP session, for errors.
enum SMTPStage: Sendable, Equatable, CustomStringConvertible {
    case connect
    case greeting
    case ehlo
    case startTLS
    case auth
    case mailFrom
    case recipient(String)
    /// The DATA command itself.
    case data
    /// The message and the reply to its final dot.
    case message
    case quit

    var description: String {
        switch self {
        case .connect: "connecting"
        case .greeting: "the greeting"
        case .ehlo: "EHLO"
        case .startTLS: "STARTTLS"
        case .auth: "AUTH"
        case .mailFrom: "MAIL FROM"
        case .recipient(let address): "RCPT TO:<\(address)>"
        case .data: "DATA"
        case .message: "the message data"
        case .quit: "QUIT"
        }
    }
}

/// Why a message could not be handed to the SMTP server. The outbox retries what may go through later
/// (`isPermanent` false) and tells the admin about what only a change of settings can fix
/// (`isConfigurationProblem`).
enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    case unresolvable(host: String)
    /// Refused, unreachable, reset while connecting.
    case connectionFailed(host: String, port: Int, detail: String)
    case connectionClosed(stage: SMTPStage)
    case timeout(stage: SMTPStage, after: TimeAmount)
    /// The handshake failed: an untrusted or expired certificate, a wrong host name, no common cipher.
    case tlsFailure(detail: String)
    /// `smtp+starttls://` is configured but the server does not offer STARTTLS.
    case startTLSNotOffered
    /// A password is configured but the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case authenticationNotOffered
    /// The server refused the user name or password (535 and other 5xx answers to AUTH).
    case authenticationFailed(SMTPResponse)
    /// The server answered a command with an error.
    case rejected(SMTPResponse, stage: SMTPStage)
    /// The server's SIZE limit is below the message's size.
    case messageTooLarge(size: Int, limit: Int)
    /// An envelope address that SMTP cannot carry (empty list, a line break, angle brackets).
    case invalidAddress(String)
    /// The server said something that is not SMTP, or sent data it must not (a STARTTLS injection).
    case protocolViolation(detail: String, stage: SMTPStage)

    /// Sending the same message again will fail the same way: the server refused the sender, a
    /// recipient or the content for good (5xx to MAIL, RCPT, DATA or the data).
    var isPermanent: Bool {
        switch self {
        case .rejected(let reply, let stage):
            guard reply.code >= 500, reply.code != 530 else { return false }
            switch stage {
            case .mailFrom, .recipient, .data, .message: return true
            default: return false
            }
        case .messageTooLarge, .invalidAddress:
            return true
        default:
            return false
        }
    }

    /// Only a change of the settings (or of the server's) helps: the admin should be told.
    var isConfigurationProblem: Bool {
        switch self {
        case .authenticationFailed, .authenticationNotOffered, .startTLSNotOffered, .tlsFailure:
            true
        case .rejected(let reply, _):
            reply.code == 530 // authentication required, and none is configured
        default:
            false
        }
    }

    /// A short English explanation with the server's own words, for the officers' and admin's pages.
    var reason: String {
        switch self {
        case .unresolvable(let host):
            "The mail server name \(host) cannot be resolved"
        case .connectionFailed(let host, let port, let detail):
            "Cannot connect to the mail server \(host):\(port): \(detail)"
        case .connectionClosed(let stage):
            "The mail server closed the connection during \(stage)"
        case .timeout(let stage, let limit):
            "The mail server did not answer within \(Self.secondsText(limit)) during \(stage)"
        case .tlsFailure(let detail):
            "TLS with the mail server failed: \(detail)"
        case .startTLSNotOffered:
            "The mail server does not offer STARTTLS, which ADUAN_SMTP_URL (smtp+starttls://) requires"
        case .authenticationNotOffered:
            "The mail server offers neither AUTH PLAIN nor AUTH LOGIN for the configured user"
        case .authenticationFailed(let reply):
            "The mail server refused the user name or password: \(Self.serverText(reply))"
        case .rejected(let reply, let stage):
            "The mail server refused \(stage): \(Self.serverText(reply))"
        case .messageTooLarge(let size, let limit):
            "The message (\(size) bytes) is larger than the mail server accepts (\(limit) bytes)"
        case .invalidAddress(let address):
            "Not an address SMTP can send to: \(SMTPReplyParser.excerpt(address))"
        case .protocolViolation(let detail, let stage):
            "The mail server broke the SMTP protocol during \(stage): \(detail)"
        }
    }

    var description: String { reason }

    private static func secondsText(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }

    private static func serverText(_ reply: SMTPResponse) -> String {
        SMTPReplyParser.excerpt(reply.description)
    }
}

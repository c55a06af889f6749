import AduanCore
import Foundation

/// Why talking to the mailbox failed, with the stage it failed at, for the log and the admin screen.
struct IMAPError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Stage: String, Sendable, Equatable {
        case connect, greeting, capability
        case startTLS = "STARTTLS"
        case login, select, search, fetch, store, append, create, delete, logout
    }

    enum Kind: Sendable, Equatable {
        /// The server could not be reached, or the connection broke.
        case connection
        /// Nothing arrived for the configured number of seconds.
        case timeout
        /// The TLS handshake failed (certificate, host name, protocol), or plaintext was injected
        /// after STARTTLS.
        case tls
        /// The server does not offer STARTTLS, which `imap+starttls://` requires.
        case startTLSUnavailable
        case authenticationFailed
        /// `NO`: the server refused the command (a missing mailbox, a quota).
        case refused
        /// `BAD`: the server did not understand the command.
        case rejected
        /// `BYE`: the server closed the session.
        case closedByServer
        /// The server sent something that is not IMAP, or more than the limits allow.
        case protocolViolation
        /// The message is larger than `ADUAN_IMAP_MAX_MESSAGE_MB`.
        case messageTooLarge
    }

    var kind: Kind
    var stage: Stage
    /// The server's words or the underlying error, as received.
    var detail: String

    /// One line for the admin screen and the cursor's last error.
    var reason: String {
        let what = switch kind {
        case .connection: "connection failed"
        case .timeout: "no answer in time"
        case .tls: "TLS failed"
        case .startTLSUnavailable: "the server does not offer STARTTLS"
        case .authenticationFailed: "login refused"
        case .refused: "refused by the server"
        case .rejected: "not understood by the server"
        case .closedByServer: "closed by the server"
        case .protocolViolation: "protocol error"
        case .messageTooLarge: "message too large"
        }
        return detail.isEmpty ? "IMAP \(stage.rawValue): \(what)" : "IMAP \(stage.rawValue): \(what): \(detail)"
    }

    /// True when an administrator must change the settings (retrying alone will not help).
    var isConfigurationProblem: Bool {
        [.authenticationFailed, .startTLSUnavailable, .tls].contains(kind)
    }

    var description: String { reason }

    /// The error for a tagged `NO` or `BAD`.
    static func status(_ response: IMAPStatusResponse, at stage: Stage) -> IMAPError {
        let kind: Kind = switch (response.status, stage) {
        case (.no, .login): .authenticationFailed
        case (.no, _): .refused
        case (.bye, _): .closedByServer
        default: .rejected
        }
        return IMAPError(kind: kind, stage: stage, detail: response.displayText)
    }
}

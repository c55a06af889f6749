import AduanCore
import Foundation

/// The mailbox Aduan reads citizens' mail from (`ADUAN_IMAP_URL` and its companions).
struct IMAPSettings: Sendable, Equatable {
    enum Security: String, Sendable, Equatable {
        /// `imaps://`, port 993: TLS from the first byte.
        case implicitTLS = "imaps"
        /// `imap+starttls://`, port 143: STARTTLS is required before the password is sent.
        case startTLS = "imap+starttls"
        /// `imap://`: no TLS at all, for a server on the same machine and for tests.
        case plain = "imap"

        var defaultPort: Int { self == .implicitTLS ? 993 : 143 }
    }

    var security: Security
    var host: String
    var port: Int
    var username: String
    var password: String
    /// ASCII only (see `IMAPMailboxName`).
    var mailbox: String
    /// A PEM file of the certificate authorities to trust instead of the system's (a self-signed server).
    var caFile: String?
    var pollInterval: TimeInterval = 60
    /// How long any stage (connecting, the greeting, each command) may stay silent.
    var timeout: TimeInterval = 30
    /// Mail larger than this (its RFC822.SIZE) is not downloaded.
    var maxMessageBytes: Int = 25 * 1_048_576

    /// The cursor's key: one per account and mailbox.
    var mailboxKey: String { "\(username.lowercased())@\(host.lowercased()):\(port)/\(mailbox)" }

    struct ParseError: Error, Equatable, CustomStringConvertible {
        let problem: String
        var description: String { problem }
    }

    init(security: Security, host: String, port: Int? = nil, username: String, password: String, mailbox: String = "INBOX",
         caFile: String? = nil, pollInterval: TimeInterval = 60, timeout: TimeInterval = 30, maxMessageBytes: Int = 25 * 1_048_576) {
        self.security = security
        self.host = host
        self.port = port ?? security.defaultPort
        self.username = username
        self.password = password
        self.mailbox = mailbox
        self.caFile = caFile
        self.pollInterval = pollInterval
        self.timeout = timeout
        self.maxMessageBytes = maxMessageBytes
    }

    /// `imaps://user:app-password@imap.gmail.com:993/INBOX`: user and password percent-encoded (an `@`
    /// in the user name as `%40`), the mailbox from the path (INBOX when there is none).
    init(url: String) throws(ParseError) {
        let expected = "expected imaps://USER:PASSWORD@HOST:993/MAILBOX (or imap+starttls:// on 143, imap:// for a local server)"
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw ParseError(problem: expected)
        }
        guard let security = Security(rawValue: scheme) else {
            throw ParseError(problem: "unknown scheme \(scheme); \(expected)")
        }
        guard let host = components.host, !host.isEmpty else { throw ParseError(problem: "no host; \(expected)") }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty,
              let password = components.percentEncodedPassword?.removingPercentEncoding, !password.isEmpty
        else {
            throw ParseError(problem: "no user name or password; \(expected)")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw ParseError(problem: "port \(port) out of range")
        }
        guard components.query == nil, components.fragment == nil else {
            throw ParseError(problem: "no query or fragment allowed; \(expected)")
        }
        var path = components.percentEncodedPath
        if path.hasPrefix("/") { path.removeFirst() }
        guard let mailbox = path.isEmpty ? "INBOX" : path.removingPercentEncoding else {
            throw ParseError(problem: "the mailbox is not valid percent-encoding")
        }
        guard IMAPMailboxName.isSupported(mailbox) else {
            throw ParseError(problem: "mailbox \(mailbox): only printable ASCII names without & are supported")
        }
        self.init(security: security, host: host, port: components.port, username: user, password: password, mailbox: mailbox)
    }
}

import Foundation
import NIOCore

/// Where and how the office's mail leaves, read from `ADUAN_SMTP_URL`:
/// `smtp://host:25` (plain, no password: a relay on this machine, tests),
/// `smtp+starttls://user:password@host:587` (STARTTLS required before anything else) or
/// `smtps://user:password@host:465` (TLS from the first byte, RFC 8314).
///
/// User and password are percent-decoded (`%40` for `@`, `%20` for a space, `%25` for `%`); a literal
/// `@` or space works too, since the host starts after the last `@`.
struct SMTPSettings: Sendable, Equatable, CustomStringConvertible {
    enum Security: String, Sendable, Equatable {
        case plain
        case startTLS
        case implicitTLS
    }

    var host: String
    var port: Int
    var security: Security
    var username: String?
    var password: String?
    /// A PEM file of the certificate authorities to trust instead of the system's (a private relay, tests).
    var trustRoots: String?
    /// The name this side gives in EHLO.
    var heloName: String
    /// The limit of each stage: connecting, the greeting, every command's reply, the reply to the data
    /// (which gets one more second per 100 KiB of message).
    var timeout: TimeAmount

    static let variable = "ADUAN_SMTP_URL"

    init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
        trustRoots: String? = nil, heloName: String = "localhost", timeout: TimeAmount = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.trustRoots = trustRoots
        self.heloName = heloName
        self.timeout = timeout
    }

    init(url: String, timeout: TimeAmount = .seconds(30), trustRoots: String? = nil, heloName: String = "localhost") throws(AppConfig.Error) {
        func failure(_ problem: String) -> AppConfig.Error {
            AppConfig.Error(variable: Self.variable, problem: problem + "; expected e.g. smtp+starttls://user:app-password@smtp.gmail.com:587, smtps://user:password@host:465 or smtp://127.0.0.1:25")
        }
        guard let schemeEnd = url.range(of: "://") else { throw failure("not a URL") }
        let defaultPort: Int
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "smtp": (security, defaultPort) = (.plain, 25)
        case "smtp+starttls": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.implicitTLS, 465)
        default: throw failure("unknown scheme \(url[..<schemeEnd.lowerBound])")
        }

        var hostPart = url[schemeEnd.upperBound...]
        if let at = hostPart.lastIndex(of: "@") {
            let userInfo = hostPart[..<at]
            hostPart = hostPart[hostPart.index(after: at)...]
            let colon = userInfo.firstIndex(of: ":")
            let user = userInfo[..<(colon ?? userInfo.endIndex)]
            let secret = colon.map { userInfo[userInfo.index(after: $0)...] } ?? ""
            guard let decodedUser = String(user).removingPercentEncoding, let decodedSecret = String(secret).removingPercentEncoding else {
                throw failure("user or password has a % that does not start a %XX escape (write % as %25)")
            }
            guard !decodedUser.isEmpty, !decodedSecret.isEmpty else { throw failure("user and password must both be given") }
            username = decodedUser
            password = decodedSecret
        }
        if hostPart.hasSuffix("/") { hostPart = hostPart.dropLast() }

        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw failure("unclosed [ in the host") }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let rest = hostPart[hostPart.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw failure("unexpected text after the host") }
                portText = rest.dropFirst()
            }
        } else {
            let colon = hostPart.lastIndex(of: ":")
            host = String(hostPart[..<(colon ?? hostPart.endIndex)])
            portText = colon.map { hostPart[hostPart.index(after: $0)...] }
        }
        let hostCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")
        guard !host.isEmpty, host.allSatisfy(hostCharacters.contains) else {
            throw failure("missing or malformed host (no path or query is allowed)")
        }
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else { throw failure("port must be a number from 1 to 65535") }
            port = number
        } else {
            port = defaultPort
        }
        if security == .plain, username != nil {
            throw failure("a password is only sent over TLS: use smtp+starttls:// or smtps://")
        }
        self.trustRoots = trustRoots
        self.heloName = heloName
        self.timeout = timeout
    }

    /// For logs: never the password.
    var description: String {
        let scheme = switch security {
        case .plain: "smtp"
        case .startTLS: "smtp+starttls"
        case .implicitTLS: "smtps"
        }
        let user = username.map { "\($0):***@" } ?? ""
        return "\(scheme)://\(user)\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}

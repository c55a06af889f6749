import Vapor

/// Random tokens (access grants, sessions, CSRF, API tokens, drafts) and the SHA-256 under which the
/// database keeps them: a stolen database does not give working tokens.
enum SecretToken {
    /// 256 random bits as 43 characters of base64url.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        sha256Hex(Data(token.utf8))
    }

    /// Lower-case hexadecimal SHA-256, also the name of a stored file.
    static func sha256Hex<D: DataProtocol>(_ data: D) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

import Vapor
import Foundation

/// Time-based one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30-second steps), as every
/// authenticator app computes them.
struct TOTP: Sendable {
    static let digits = 6
    static let period: TimeInterval = 30

    let secret: [UInt8]

    init(secret: [UInt8]) { self.secret = secret }

    init?(base32 text: String) {
        guard let bytes = Base32.decode(text), bytes.count >= 10 else { return nil }
        secret = bytes
    }

    /// A new random secret of 160 bits (RFC 4226 recommends at least 128).
    static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func step(at date: Date) -> Int { Int((date.timeIntervalSince1970 / period).rounded(.down)) }

    func code(at step: Int) -> String {
        var counter = UInt64(step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let code = value % 1_000_000
        return String(repeating: "0", count: Self.digits - String(code).count) + String(code)
    }

    /// The step whose code matches, within one step either side of `date` (clocks drift); nil otherwise.
    /// The caller refuses a step not later than the last one accepted, so a code works only once.
    func matchingStep(_ input: String, at date: Date) -> Int? {
        let digits = input.filter(\.isNumber)
        guard digits.count == Self.digits else { return nil }
        let now = Self.step(at: date)
        return [now, now - 1, now + 1].first { code(at: $0) == digits }
    }

    /// The link authenticator apps read (also as a QR code): otpauth://totp/ISSUER:USER?secret=…
    static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? account
        let issuerQuery = issuer.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerQuery)&algorithm=SHA1&digits=6&period=30"
    }
}

/// RFC 4648 base32, as authenticator apps expect secrets.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for character in text.uppercased() where character != "=" && character != " " && character != "-" {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return output
    }
}

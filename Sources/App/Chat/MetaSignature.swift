import Crypto
import Foundation

/// `X-Hub-Signature-256` of Meta's webhook posts (WhatsApp, Messenger, Instagram): `sha256=` and the
/// hexadecimal HMAC-SHA256 of the raw body with the app secret as the key. Checked over the exact bytes
/// received, never over re-serialised JSON (Meta escapes non-ASCII as `\uXXXX`; PITFALLS #23), and
/// compared in constant time as MAC bytes, so that neither the case of the hex digits nor the position of
/// the first wrong byte changes the answer's timing.
enum MetaSignature {
    static let headerName = "X-Hub-Signature-256"

    static func isValid(header: String?, body: [UInt8], secret: String) -> Bool {
        guard !secret.isEmpty, let header, let mac = Self.mac(in: header) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: Array(secret.utf8)))
    }

    /// The header's value for `body`, as Meta computes it (for tests and tools).
    static func header(body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The 32 bytes of `sha256=<64 hex digits>`; nil for anything else.
    private static func mac(in header: String) -> [UInt8]? {
        let value = header.trimmingCharacters(in: .whitespaces).utf8
        let prefix = "sha256=".utf8
        guard value.count == prefix.count + 64, value.prefix(prefix.count).elementsEqual(prefix) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var high: UInt8?
        for character in value.dropFirst(prefix.count) {
            guard let nibble = Self.nibble(character) else { return nil }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

import Foundation

/// One address or a CIDR range (`10.0.0.0/8`, `fd00::/8`, `192.0.2.7`), as the operator lists the reverse
/// proxies to believe. Host bits below the prefix are ignored (`192.168.1.10/24` is the whole /24).
public struct IPAddressRange: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let entry: String
        public var description: String { "\(entry.isEmpty ? "an empty entry" : entry) is not an IP address or CIDR range such as 10.0.0.0/8 or fd00::/8" }
    }

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { throw ParseError(entry: trimmed) }
        let writtenAsIPv6 = parts[0].contains(":")
        let maximum = writtenAsIPv6 ? 128 : 32
        var length = address.bytes.count * 8
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ ("0"..."9").contains($0) }),
                  let value = Int(parts[1]), value <= maximum,
                  parts[1].count == 1 || parts[1].first != "0"
            else { throw ParseError(entry: trimmed) }
            // `::ffff:10.0.0.0/104` is kept as IPv4, so its prefix counts from the IPv4 part.
            length = writtenAsIPv6 && address.isIPv4 ? value - 96 : value
            guard length >= 0 else { throw ParseError(entry: trimmed) }
        }
        network = IPAddress(bytes: Self.mask(address.bytes, length))!
        prefixLength = length
    }

    /// A comma-separated list, as in `ADUAN_TRUSTED_PROXIES`; empty entries (a trailing comma) are refused
    /// so that a typo does not silently trust nothing.
    public static func list(_ text: String) throws -> [IPAddressRange] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        return try trimmed.split(separator: ",", omittingEmptySubsequences: false).map { try IPAddressRange(String($0)) }
    }

    public func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == network.bytes.count && Self.mask(address.bytes, prefixLength) == network.bytes
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func mask(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bits = max(0, min(8, length - index * 8))
            return bits == 8 ? byte : byte & UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
        }
    }
}

import Foundation

/// Who is asking: the address of the client behind the reverse proxies the office trusts.
///
/// `X-Forwarded-For` and `X-Forwarded-Proto` are written by whoever sends the request, so they are
/// believed only when the connection comes from a trusted proxy. A proxy appends the address it saw to
/// the list, so the list is read from the right: every trusted address is one of the office's proxies,
/// and the first one that is not is the client. Whatever stands left of it was written by the client and
/// proves nothing.
public struct ClientAddressResolver: Sendable {
    public let trustedProxies: [IPAddressRange]

    public init(trustedProxies: [IPAddressRange]) {
        self.trustedProxies = trustedProxies
    }

    public func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// - Parameters:
    ///   - peer: the address of the TCP connection; nil when there is none (a Unix socket, a test).
    ///   - forwardedFor: every `X-Forwarded-For` header, in the order received; they form one list.
    public func clientAddress(peer: IPAddress?, forwardedFor: [String]) -> IPAddress? {
        guard let peer, isTrusted(peer) else { return peer }
        var client = peer
        for entry in forwardedFor.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }).reversed() {
            // A malformed entry ends the chain: nothing left of it can be believed, so the last proxy
            // that wrote a good address stands for the client.
            guard let address = IPAddress(forwarded: entry) else { return client }
            client = address
            if !isTrusted(address) { return address }
        }
        return client
    }

    /// Whether the client's own connection was HTTPS, as far as it is known here: the server's own TLS,
    /// or `X-Forwarded-Proto: https` from a trusted proxy (the value the nearest proxy set, the last one).
    public func cameOverHTTPS(peer: IPAddress?, serverTLS: Bool, forwardedProto: [String]) -> Bool {
        if serverTLS { return true }
        guard let peer, isTrusted(peer) else { return false }
        let values = forwardedProto.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return values.last == "https"
    }
}

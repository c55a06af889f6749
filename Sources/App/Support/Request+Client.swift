import AduanCore
import Vapor

/// Who is asking, for every part of Aduan that cares: the throttles, the rate limits, the audit log and
/// the staff sessions. `X-Forwarded-For` and `X-Forwarded-Proto` count only from the proxies listed in
/// `ADUAN_TRUSTED_PROXIES` (see `ClientAddressResolver`); Vapor's own `peerAddress` believes anyone's
/// header and must not be used.
extension Request {
    /// The client's address, canonically spelled (`2001:db8::1`, IPv4-mapped addresses as IPv4); nil
    /// without a network peer.
    var clientAddress: String? { resolvedClientAddress?.description }

    /// What the throttles and rate limits count by: the address, or its /64 for IPv6.
    var clientKey: String? { resolvedClientAddress?.subscriberKey }

    /// Whether the client reached us over HTTPS: TLS on this server, or a trusted proxy saying so.
    var cameOverHTTPS: Bool {
        aduan.clientResolver.cameOverHTTPS(
            peer: peerIPAddress, serverTLS: application.http.server.configuration.tlsConfiguration != nil,
            forwardedProto: headers[.xForwardedProto])
    }

    /// Cookies are `Secure` over HTTPS, and always with `ADUAN_SECURE_COOKIES=true`.
    var secureCookies: Bool { aduan.config.secureCookies || cameOverHTTPS }

    private var resolvedClientAddress: IPAddress? {
        aduan.clientResolver.clientAddress(peer: peerIPAddress, forwardedFor: headers[.xForwardedFor])
    }

    private var peerIPAddress: IPAddress? { remoteAddress?.ipAddress.flatMap(IPAddress.init) }
}

extension AduanContext {
    var clientResolver: ClientAddressResolver { ClientAddressResolver(trustedProxies: config.trustedProxies) }
}

import Foundation
import Testing
@testable import AduanCore

@Suite("IP addresses")
struct IPAddressTests {
    @Test("valid addresses parse to one canonical spelling", arguments: [
        ("192.0.2.1", "192.0.2.1"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
        ("2001:db8::1", "2001:db8::1"), ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"), ("2001:db8:0::1", "2001:db8::1"),
        ("::", "::"), ("::1", "::1"), ("fe80::", "fe80::"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"), ("0001:0db8::0a", "1:db8::a"),
        ("::ffff:192.0.2.1", "192.0.2.1"), ("::FFFF:c000:0201", "192.0.2.1"), ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),
    ])
    func valid(text: String, canonical: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == canonical)
    }

    @Test("malformed addresses are refused", arguments: [
        "", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4", "1.2.3.4 ", "1..3.4", "a.b.c.d",
        "1::2::3", ":::", "12345::", "gggg::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "::1.2.3", "1.2.3.4::",
        "fe80::1%eth0", "[::1]", "192.0.2.1:80", "1:2:3:4:5:6:7::8:9",
    ])
    func malformed(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("X-Forwarded-For entries may carry a port or brackets", arguments: [
        (" 192.0.2.1 ", "192.0.2.1"), ("192.0.2.1:51234", "192.0.2.1"), ("[2001:db8::1]", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"), ("2001:db8::1", "2001:db8::1"),
    ])
    func forwardedEntries(text: String, address: String) {
        #expect(IPAddress(forwarded: Substring(text))?.description == address)
    }

    @Test("forwarded entries that are not addresses are refused", arguments: ["unknown", "_hidden", "[::1", "[::1]:", "192.0.2.1:x", ""])
    func forwardedGarbage(text: String) {
        #expect(IPAddress(forwarded: Substring(text)) == nil)
    }

    @Test("throttles count IPv4 by address and IPv6 by its /64")
    func subscriberKey() throws {
        #expect(try #require(IPAddress("192.0.2.1")).subscriberKey == "192.0.2.1")
        let one = try #require(IPAddress("2001:db8:1:2:aaaa::1"))
        let other = try #require(IPAddress("2001:db8:1:2:ffff:ffff:ffff:ffff"))
        #expect(one.subscriberKey == "2001:db8:1:2::/64")
        #expect(one.subscriberKey == other.subscriberKey)
        #expect(try #require(IPAddress("2001:db8:1:3::1")).subscriberKey != one.subscriberKey)
    }
}

@Suite("IP address ranges")
struct IPAddressRangeTests {
    @Test("CIDR edges", arguments: [
        ("10.0.0.0/8", "10.0.0.0", true), ("10.0.0.0/8", "10.255.255.255", true), ("10.0.0.0/8", "11.0.0.0", false),
        ("10.0.0.0/8", "9.255.255.255", false), ("192.168.1.10/24", "192.168.1.200", true), ("192.168.1.0/24", "192.168.2.0", false),
        ("172.16.0.0/12", "172.31.255.255", true), ("172.16.0.0/12", "172.32.0.0", false),
        ("192.0.2.7", "192.0.2.7", true), ("192.0.2.7", "192.0.2.8", false), ("192.0.2.7/32", "192.0.2.7", true),
        ("0.0.0.0/0", "203.0.113.9", true), ("0.0.0.0/0", "2001:db8::1", false),
        ("192.0.2.128/25", "192.0.2.127", false), ("192.0.2.128/25", "192.0.2.128", true),
        ("fd00::/8", "fd12:3456::1", true), ("fd00::/8", "fe00::1", false), ("::1", "::1", true), ("::1/128", "::2", false),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/33", "2001:db8:8000::1", false),
        ("::/0", "2001:db8::1", true), ("::/0", "192.0.2.1", false),
        ("::ffff:10.0.0.0/104", "10.1.2.3", true), ("10.0.0.0/8", "::ffff:10.1.2.3", true),
    ])
    func contains(range: String, address: String, expected: Bool) throws {
        let parsed = try IPAddressRange(range)
        #expect(parsed.contains(try #require(IPAddress(address))) == expected)
    }

    @Test("malformed ranges are refused", arguments: [
        "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/8/8", "::/129", "proxy.local", "10.0.0.0/a", "",
        "::ffff:10.0.0.0/95",
    ])
    func malformed(text: String) {
        #expect(throws: IPAddressRange.ParseError.self) { try IPAddressRange(text) }
    }

    @Test("a list is comma-separated; an empty list trusts nothing, an empty entry is an error")
    func list() throws {
        #expect(try IPAddressRange.list("").isEmpty)
        #expect(try IPAddressRange.list(" 127.0.0.1, 10.0.0.0/8 ,::1").map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"])
        #expect(throws: IPAddressRange.ParseError.self) { try IPAddressRange.list("10.0.0.1,") }
        #expect(throws: IPAddressRange.ParseError.self) { try IPAddressRange.list("10.0.0.1,,10.0.0.2") }
    }
}

@Suite("Client address behind proxies")
struct ClientAddressResolverTests {
    static let resolver = ClientAddressResolver(trustedProxies: try! IPAddressRange.list("10.0.0.0/8, 2001:db8:ffff::/48"))

    @Test("only a trusted peer's X-Forwarded-For is believed, read from the right", arguments: [
        // Nobody trusted: the header changes nothing.
        ("203.0.113.5", ["198.51.100.1"], "203.0.113.5"),
        ("203.0.113.5", [], "203.0.113.5"),
        // The proxy, no header: the proxy itself.
        ("10.0.0.2", [], "10.0.0.2"),
        ("10.0.0.2", ["198.51.100.1"], "198.51.100.1"),
        // A forged entry on the left is skipped: the proxy appended the real one.
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1"], "198.51.100.1"),
        ("10.0.0.2", ["10.9.9.9, 198.51.100.1"], "198.51.100.1"),
        // Two proxies of the office in a row.
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1, 10.0.0.3"], "198.51.100.1"),
        // Several headers form one list, in order.
        ("10.0.0.2", ["6.6.6.6", "198.51.100.1"], "198.51.100.1"),
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1", "10.0.0.3"], "198.51.100.1"),
        // Every entry trusted: the left-most proxy is as far as is known.
        ("10.0.0.2", ["10.0.0.4, 10.0.0.3"], "10.0.0.4"),
        // Garbage ends the chain; the last good proxy stands for the client.
        ("10.0.0.2", ["198.51.100.1, unknown"], "10.0.0.2"),
        ("10.0.0.2", ["198.51.100.1, unknown, 10.0.0.3"], "10.0.0.3"),
        ("10.0.0.2", ["unknown, 198.51.100.1"], "198.51.100.1"),
        ("10.0.0.2", [""], "10.0.0.2"),
        // Ports and IPv6 forms, spelled canonically.
        ("10.0.0.2", ["[2001:DB8::7]:4711"], "2001:db8::7"),
        ("2001:db8:ffff::1", ["198.51.100.1:1234"], "198.51.100.1"),
        ("::ffff:10.0.0.2", ["198.51.100.1"], "198.51.100.1"),
        // An IPv6 peer outside the trusted /48.
        ("2001:db8:fffe::1", ["198.51.100.1"], "2001:db8:fffe::1"),
    ])
    func clientAddress(peer: String, headers: [String], expected: String) throws {
        let peerAddress = try #require(IPAddress(peer))
        let resolved = Self.resolver.clientAddress(peer: peerAddress, forwardedFor: headers)
        #expect(resolved?.description == expected)
    }

    @Test("without a peer address there is no client address")
    func noPeer() {
        #expect(Self.resolver.clientAddress(peer: nil, forwardedFor: ["198.51.100.1"]) == nil)
    }

    @Test("no trusted proxies: every header is ignored")
    func nothingTrusted() throws {
        let resolver = ClientAddressResolver(trustedProxies: [])
        let peer = try #require(IPAddress("127.0.0.1"))
        #expect(resolver.clientAddress(peer: peer, forwardedFor: ["198.51.100.1"]) == peer)
        #expect(!resolver.cameOverHTTPS(peer: peer, serverTLS: false, forwardedProto: ["https"]))
    }

    @Test("HTTPS is the server's own TLS or a trusted proxy's X-Forwarded-Proto", arguments: [
        ("203.0.113.5", false, ["https"], false),
        ("203.0.113.5", true, [], true),
        ("10.0.0.2", false, ["https"], true),
        ("10.0.0.2", false, ["HTTPS"], true),
        ("10.0.0.2", false, ["http"], false),
        ("10.0.0.2", false, [], false),
        ("10.0.0.2", false, ["https, http"], false),
        ("10.0.0.2", false, ["http", "https"], true),
    ])
    func https(peer: String, serverTLS: Bool, proto: [String], expected: Bool) throws {
        let peerAddress = try #require(IPAddress(peer))
        #expect(Self.resolver.cameOverHTTPS(peer: peerAddress, serverTLS: serverTLS, forwardedProto: proto) == expected)
    }
}

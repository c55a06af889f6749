import Foundation
import Testing
@testable import AduanCore

@Suite("IMAP responses")
struct IMAPResponseTests {
    /// Frames and parses everything in `wire`, fed in pieces of `chunk` bytes.
    private func responses(_ wire: String, chunk: Int = .max, maxLine: Int = 1024, maxLiteral: Int = 1024) throws -> [IMAPResponse] {
        try responses(Array(wire.utf8), chunk: chunk, maxLine: maxLine, maxLiteral: maxLiteral)
    }

    private func responses(_ bytes: [UInt8], chunk: Int = .max, maxLine: Int = 1024, maxLiteral: Int = 1024) throws -> [IMAPResponse] {
        var framer = IMAPResponseFramer(maxLineBytes: maxLine, maxLiteralBytes: maxLiteral)
        var result: [IMAPResponse] = []
        var index = 0
        while index < bytes.count {
            let end = index + min(chunk, bytes.count - index)
            framer.append(bytes[index..<end])
            index = end
            while let frame = try framer.next() { result.append(try IMAPResponse(frame: frame)) }
        }
        #expect(framer.bufferedByteCount == 0)
        return result
    }

    @Test func greetingWithCapabilities() throws {
        let parsed = try responses("* OK [CAPABILITY IMAP4rev1 SASL-IR starttls AUTH=PLAIN] Dovecot ready.\r\n")
        #expect(parsed == [.untagged(.status(IMAPStatusResponse(
            status: .ok, code: .capability(["IMAP4REV1", "SASL-IR", "STARTTLS", "AUTH=PLAIN"]), text: "Dovecot ready.")))])
    }

    @Test func taggedStatusesKeepTheServersWords() throws {
        let parsed = try responses("A0001 NO [AUTHENTICATIONFAILED] Authentication failed.\r\nA0002 BAD Error in IMAP command\r\nA3 OK\r\n")
        #expect(parsed == [
            .tagged(tag: "A0001", IMAPStatusResponse(status: .no, code: .other(name: "AUTHENTICATIONFAILED", arguments: ""), text: "Authentication failed.")),
            .tagged(tag: "A0002", IMAPStatusResponse(status: .bad, text: "Error in IMAP command")),
            .tagged(tag: "A3", IMAPStatusResponse(status: .ok, text: "")),
        ])
        #expect(IMAPStatusResponse(status: .no, code: .other(name: "AUTHENTICATIONFAILED", arguments: ""), text: "x").displayText == "[AUTHENTICATIONFAILED] x")
    }

    @Test func selectResponses() throws {
        let wire = "* FLAGS (\\Answered \\Seen)\r\n* 3 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1796173402] UIDs valid\r\n"
            + "* OK [UIDNEXT 4] Predicted next UID\r\nA0003 OK [READ-WRITE] Select completed.\r\n"
        let parsed = try responses(wire, chunk: 7)
        #expect(parsed == [
            .untagged(.flags(["\\Answered", "\\Seen"])),
            .untagged(.exists(3)),
            .untagged(.recent(0)),
            .untagged(.status(IMAPStatusResponse(status: .ok, code: .uidValidity(1_796_173_402), text: "UIDs valid"))),
            .untagged(.status(IMAPStatusResponse(status: .ok, code: .uidNext(4), text: "Predicted next UID"))),
            .tagged(tag: "A0003", IMAPStatusResponse(status: .ok, code: .other(name: "READ-WRITE", arguments: ""), text: "Select completed.")),
        ])
    }

    @Test func searchAndContinuation() throws {
        #expect(try responses("* SEARCH 7 9 12\r\n* SEARCH\r\n+ Ready for literal data\r\n+\r\n") == [
            .untagged(.search([7, 9, 12])), .untagged(.search([])), .continuation("Ready for literal data"), .continuation(""),
        ])
        #expect(throws: IMAPParseError.self) { try responses("* SEARCH 7 x\r\n") }
    }

    @Test func appendUID() throws {
        let parsed = try responses("A0009 OK [APPENDUID 1796173402 12] Append completed.\r\n")
        #expect(parsed == [.tagged(tag: "A0009", IMAPStatusResponse(status: .ok, code: .appendUID(uidValidity: 1_796_173_402, uid: 12), text: "Append completed."))])
    }

    @Test func fetchOfHeadersAndSizes() throws {
        let header = "Message-Id:\r\n <a.b@example.com>\r\n\r\n"
        let wire = "* 1 FETCH (UID 7 RFC822.SIZE 1234 BODY[HEADER.FIELDS (MESSAGE-ID)] {\(header.utf8.count)}\r\n\(header))\r\n"
            + "* 2 FETCH (UID 9 RFC822.SIZE 88 FLAGS (\\Seen \\Recent) BODY[HEADER.FIELDS (\"MESSAGE-ID\")] NIL)\r\n"
        for chunk in [1, 5, .max] {
            let parsed = try responses(wire, chunk: chunk)
            #expect(parsed == [
                .untagged(.fetch(sequence: 1, IMAPFetchAttributes(uid: 7, size: 1234, sections: ["HEADER.FIELDS (MESSAGE-ID)": Array(header.utf8)]))),
                .untagged(.fetch(sequence: 2, IMAPFetchAttributes(uid: 9, size: 88, flags: ["\\Seen", "\\Recent"], sections: ["HEADER.FIELDS (\"MESSAGE-ID\")": []]))),
            ])
        }
        #expect(IMAPHeaderFields.messageID(in: Array(header.utf8)) == "<a.b@example.com>")
    }

    /// A body with CRLFs, a lone dot, a `)` and a `{5}` of its own comes back byte for byte.
    @Test func literalBodyIsByteExact() throws {
        let body: [UInt8] = Array("Subject: x\r\n\r\nline )\r\n.\r\n{5}\r\n".utf8) + [0x00, 0xFF, 0x0A, 0x0D]
        let wire = Array("* 4 FETCH (UID 20 BODY[] {\(body.count)}\r\n".utf8) + body + Array(" FLAGS ())\r\n".utf8)
        for chunk in [1, 3, .max] {
            let parsed = try responses(wire, chunk: chunk)
            #expect(parsed == [.untagged(.fetch(sequence: 4, IMAPFetchAttributes(uid: 20, flags: [], sections: ["": body])))])
        }
    }

    @Test func unknownResponsesAreKeptNotRefused() throws {
        let parsed = try responses("* LIST (\\HasNoChildren) \".\" INBOX\r\n* 2 EXPUNGE\r\n* ID NIL\r\n")
        #expect(parsed == [.untagged(.other("LIST (\\HasNoChildren) \".\" INBOX")), .untagged(.expunge(2)), .untagged(.other("ID NIL"))])
    }

    @Test func unknownFetchItemsAreSkipped() throws {
        let parsed = try responses("* 1 FETCH (X-GM-LABELS (\"\\\\Inbox\" foo) ENVELOPE (NIL \"a\" ((NIL NIL \"x\" \"y\"))) UID 3)\r\n")
        #expect(parsed == [.untagged(.fetch(sequence: 1, IMAPFetchAttributes(uid: 3)))])
    }

    // MARK: Limits and hostile input

    @Test func literalTooLargeIsRefusedWhenAnnounced() {
        var framer = IMAPResponseFramer(maxLineBytes: 1024, maxLiteralBytes: 100)
        framer.append(Array("* 1 FETCH (UID 1 BODY[] {101}\r\n".utf8))
        #expect(throws: IMAPParseError.literalTooLarge(announced: 101, limit: 100)) { try framer.next() }
        var huge = IMAPResponseFramer(maxLineBytes: 1024, maxLiteralBytes: 100)
        huge.append(Array("* 1 FETCH (BODY[] {99999999999999999999}\r\n".utf8))
        #expect(throws: IMAPParseError.self) { try huge.next() }
    }

    @Test func lineTooLongIsRefusedBeforeItsEnd() {
        var framer = IMAPResponseFramer(maxLineBytes: 64, maxLiteralBytes: 100)
        framer.append([UInt8](repeating: UInt8(ascii: "a"), count: 65))
        #expect(throws: IMAPParseError.lineTooLong(limit: 64)) { try framer.next() }
    }

    @Test(arguments: [
        "* 1 FETCH (UID 1 BODY[] {3} x)\r\n", // a literal marker that is not at the end of a line
        "* 1 FETCH (UID 1\r\n", "* 1 FETCH UID 1)\r\n", "* 1 FETCH (UID x)\r\n", "* 1 FETCH (UID 0)\r\n",
        "* 1 FETCH (BODY[] \"abc)\r\n", "* OK [UIDVALIDITY x] y\r\n", "* OK [UIDVALIDITY\r\n", "A1 MAYBE\r\n", "\r\n",
        "* 1 FETCH (X " + String(repeating: "(", count: 100) + ")\r\n",
    ])
    func malformed(_ wire: String) {
        #expect(throws: IMAPParseError.self) { try responses(wire) }
    }

    // MARK: Commands

    @Test func stringsAreQuotedOrSentAsLiterals() {
        var command = IMAPCommandText("LOGIN ")
        command.appendString("aduan")
        command.append(" ")
        command.appendString("uji \"rahasia\" \\ 2026")
        #expect(command.parts == [.text("LOGIN \"aduan\" \"uji \\\"rahasia\\\" \\\\ 2026\"")])

        var eightBit = IMAPCommandText("LOGIN ")
        eightBit.appendString("sandi-ü")
        #expect(eightBit.parts == [.text("LOGIN "), .literal(Array("sandi-ü".utf8))])
        #expect(IMAPCommandText.wire(.literal(Array("sandi-ü".utf8))) == Array("{8}\r\n".utf8))
    }

    @Test func uidSets() {
        #expect(IMAPCommandText.uidSet([9, 3, 4, 5, 12, 11, 4]) == "3:5,9,11:12")
        #expect(IMAPCommandText.uidSet([1]) == "1")
    }

    @Test func mailboxNames() {
        #expect(IMAPMailboxName.isSupported("INBOX"))
        #expect(IMAPMailboxName.isSupported("[Gmail]/All Mail"))
        #expect(!IMAPMailboxName.isSupported("Pengaduan Warga ü"))
        #expect(!IMAPMailboxName.isSupported("A&B"))
        #expect(!IMAPMailboxName.isSupported(""))
    }

    @Test func messageIDs() {
        #expect(IMAPHeaderFields.messageID(in: Array("MESSAGE-ID: <x@y>\r\n\r\n".utf8)) == "<x@y>")
        #expect(IMAPHeaderFields.messageID(in: Array("Subject: a\nMessage-ID:  <x@y> \n".utf8)) == "<x@y>")
        #expect(IMAPHeaderFields.messageID(in: Array("\r\n".utf8)) == nil)
        #expect(IMAPHeaderFields.messageID(in: Array("Message-ID:\r\n\r\n".utf8)) == nil)
    }
}

import Foundation
import Testing
@testable import AduanCore

@Suite("The sign-in target (lanjut)")
struct ConsoleTargetTests {
    @Test("console paths are followed", arguments: [
        "/petugas", "/petugas/antrean", "/petugas/pengaduan/7KQ4MXR2CD9TAY", "/petugas/antrean?status=received&q=ktp%20el",
        "/petugas?lang=en",
    ])
    func accepted(path: String) {
        #expect(ConsoleTarget.validated(path) == path)
    }

    @Test("anything else is refused", arguments: [
        "", "/", "/petugasx", "/admin", "https://jahat.example/petugas", "//jahat.example/petugas",
        "/petugas//jahat.example", "/petugas/\\jahat.example", "\\\\jahat.example", "/petugas/antrean\r\nSet-Cookie: a=b",
        "/petugas/antrean\nX: y", "/petugas/antrean\rX: y", "/petugas/\u{0}", "/petugas/a b", "/petugas/\t", "/petugas/\u{7F}",
        "/petugas/kantor-é", "/petugas/../admin", "/petugas/./antrean", "javascript:alert(1)", "/petugas/x?u=https://a.b",
        " /petugas", "/petugas/" + String(repeating: "a", count: 2001),
    ])
    func refused(path: String) {
        #expect(ConsoleTarget.validated(path) == nil)
    }

    @Test func nilIsRefused() {
        #expect(ConsoleTarget.validated(nil) == nil)
    }
}

@Suite("CSV for spreadsheets")
struct SpreadsheetCSVTests {
    @Test("every field is quoted; formulas are neutralised at the start and after ; or ,", arguments: [
        ("budi", "\"budi\""),
        ("", "\"\""),
        ("=1+1", "\"'=1+1\""),
        ("+62812", "\"'+62812\""),
        ("-5", "\"'-5\""),
        ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\tx", "\"'\tx\""),
        ("\rx", "\"'\rx\""),
        ("\nx", "\"'\nx\""),
        ("a;=HYPERLINK(\"http://x\")", "\"a;'=HYPERLINK(\"\"http://x\"\")\""),
        ("a; =1", "\"a; '=1\""),
        ("a,-2", "\"a,'-2\""),
        ("a;\t=1", "\"a;'\t=1\""),
        ("a;b=1", "\"a;b=1\""),
        ("a - b", "\"a - b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("rows=3?kode=X", "\"rows=3?kode=X\""),
        (" =1", "\" '=1\""),
        ("a;;=1", "\"a;;'=1\""),
        ("a\r\n=1", "\"a\r\n'=1\""),
        ("a;\"=1", "\"a;\"\"'=1\""),
    ])
    func field(input: String, expected: String) {
        #expect(SpreadsheetCSV.field(input) == expected)
    }

    @Test func documentHasHeaderAndCRLF() {
        let text = SpreadsheetCSV.document(header: ["a", "b"], rows: [["1", nil], ["=x", "y;@z"]])
        #expect(text == "\"a\",\"b\"\r\n\"1\",\"\"\r\n\"'=x\",\"y;'@z\"\r\n")
    }

    /// Whatever the separator a spreadsheet splits on, no piece of any field starts with a trigger.
    @Test func noPieceStartsWithAFormula() {
        let hostile = ["=cmd|' /C calc'!A0", "x;=1", "x,+1", "x; ;@1", "\t=1", "a\r\n=1", "\"=1\"", "a;\"=1"]
        for value in hostile {
            let quoted = SpreadsheetCSV.field(value)
            for separator in [";", ","] {
                for piece in quoted.components(separatedBy: separator) {
                    let trimmed = piece.drop(while: { $0 == " " || $0 == "\"" })
                    if let first = trimmed.first { #expect(!"=+-@\t\r\n".contains(first), "\(value) → \(quoted): piece \(piece)") }
                }
            }
        }
    }
}

@Suite("LIKE patterns")
struct LikePatternTests {
    @Test(arguments: [("ktp", "%ktp%"), ("100%", "%100!%%"), ("a_b", "%a!_b%"), ("wow!", "%wow!!%"), ("%_!", "%!%!_!!%")])
    func escaped(input: String, pattern: String) {
        #expect(LikePattern.containing(input) == pattern)
    }
}

@Suite("Content-Disposition")
struct ContentDispositionTests {
    @Test(arguments: [
        ("surat.pdf", "attachment; filename=\"surat.pdf\"; filename*=UTF-8''surat.pdf"),
        ("surat pengantar.pdf", "attachment; filename=\"surat pengantar.pdf\"; filename*=UTF-8''surat%20pengantar.pdf"),
        ("a\"b.pdf", "attachment; filename=\"a_b.pdf\"; filename*=UTF-8''a%22b.pdf"),
        ("x\r\nSet-Cookie: a=b.pdf", "attachment; filename=\"xSet-Cookie: a=b.pdf\"; filename*=UTF-8''xSet-Cookie%3A%20a%3Db.pdf"),
        ("kartu-keluarga-é.pdf", "attachment; filename=\"kartu-keluarga-_.pdf\"; filename*=UTF-8''kartu-keluarga-%C3%A9.pdf"),
        ("../../etc/passwd", "attachment; filename=\"....etcpasswd\"; filename*=UTF-8''....etcpasswd"),
        ("100%.pdf", "attachment; filename=\"100_.pdf\"; filename*=UTF-8''100%25.pdf"),
        ("\u{0}\r\n", "attachment; filename=\"dokumen\"; filename*=UTF-8''dokumen"),
        ("文件.pdf", "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E6%96%87%E4%BB%B6.pdf"),
        ("a\\b.pdf", "attachment; filename=\"ab.pdf\"; filename*=UTF-8''ab.pdf"),
    ])
    func header(name: String, expected: String) {
        #expect(ContentDisposition.header(.attachment, filename: name) == expected)
    }

    @Test func headerNeverHoldsControlCharacters() {
        let value = ContentDisposition.header(.inline, filename: "a\u{0}b\u{7F}c\u{85}d\u{2028}e.jpg")
        #expect(value.hasPrefix("inline; "))
        #expect(value.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
    }
}

@Suite("Tracking codes in free text")
struct TrackingCodeMentionTests {
    @Test func findsCanonicalAndGroupedCodes() throws {
        let a = TrackingCode.generate(), b = TrackingCode.generate()
        let text = "Duplikat \(a.value) digabung; lihat juga \(b.display)."
        let found = TrackingCode.mentions(in: text).map(\.code)
        #expect(found == [a, b])
        let redacted = TrackingCode.redacting(text, replacement: "[…]") { $0 == a }
        #expect(redacted == "Duplikat […] digabung; lihat juga \(b.display).")
    }

    @Test func ignoresWordsAndBrokenCodes() throws {
        let code = TrackingCode.generate()
        var broken = Array(code.value)
        broken[3] = broken[3] == "A" ? "C" : "A"
        let text = "KTP-el 1310054507900001 \(String(broken)) \(code.value.lowercased()) \(code.value)X"
        #expect(TrackingCode.mentions(in: text).isEmpty)
    }
}

@Suite("Confidentiality between complaints")
struct ConfidentialLinkTests {
    typealias Scope = StaffAccessPolicy.Scope
    static let unit = StaffAccessPolicy(role: .bidang, unitCode: "capil")
    static let officer = StaffAccessPolicy(role: .pengelola, unitCode: nil)

    @Test("a unit: mentions only between complaints it opens and whose identity shows alike", arguments: [
        (Scope(unitCode: "capil", confidential: false), Scope(unitCode: "capil", confidential: false), true),
        (Scope(unitCode: "capil", confidential: true), Scope(unitCode: "capil", confidential: true), true),
        (Scope(unitCode: "capil", confidential: true), Scope(unitCode: "capil", confidential: false), false),
        (Scope(unitCode: "capil", confidential: false), Scope(unitCode: "capil", confidential: true), false),
        (Scope(unitCode: "capil", confidential: false), Scope(unitCode: "dafduk", confidential: false), false),
        (Scope(unitCode: "capil", confidential: false), Scope(unitCode: nil, confidential: false), false),
    ])
    func mentions(complaint: Scope, other: Scope, allowed: Bool) {
        #expect(Self.unit.mayMention(other, on: complaint) == allowed)
        #expect(Self.officer.mayMention(other, on: complaint))
    }

    @Test func duplicatesAndChannelReference() {
        let secret = Scope(unitCode: "capil", confidential: true), open = Scope(unitCode: "capil", confidential: false)
        #expect(!Self.unit.canListDuplicates(of: secret))
        #expect(!Self.unit.mayListDuplicate(secret, of: secret))
        #expect(!Self.unit.mayListDuplicate(secret, of: open))
        #expect(!Self.unit.mayListDuplicate(Scope(unitCode: "dafduk", confidential: false), of: open))
        #expect(Self.unit.mayListDuplicate(open, of: open))
        #expect(!Self.unit.canSeeChannelReference(of: secret) && Self.unit.canSeeChannelReference(of: open))
        #expect(Self.officer.mayListDuplicate(secret, of: secret) && Self.officer.canSeeChannelReference(of: secret))
    }
}

import Foundation
import Testing
@testable import AduanCore

@Suite("Inbound mail: transfer encodings and charsets")
struct MailEncodingTests {
    static func bytes(_ text: String) -> ArraySlice<UInt8> { ArraySlice(Array(text.utf8)) }

    @Test("base64: whitespace, line breaks, missing padding and stray bytes are tolerated",
          arguments: [("SGFsbw==", "Halo"), ("SGFs\r\nbw==", "Halo"), (" S G F s b w = = ", "Halo"), ("SGFsbw", "Halo"),
                      ("SGFsbw=", "Halo"), ("SGFs*bw==", "Halo"), ("SGFsbyE", "Halo!"), ("", ""), ("S", "")])
    func base64(input: String, expected: String) {
        #expect(TransferDecoding.base64(Self.bytes(input)) == Array(expected.utf8))
    }

    @Test("base64: two encodings one after the other (a pad in the middle) both decode")
    func base64Concatenated() {
        #expect(TransferDecoding.base64(Self.bytes("SGE=bG8=")) == Array("Halo".utf8))
    }

    @Test("quoted-printable", arguments: [
        ("caf=C3=A9", "café"), ("caf=c3=a9", "café"),            // hex in either case
        ("satu=\r\ndua", "satudua"), ("satu=\ndua", "satudua"),    // soft line breaks
        ("satu=  \r\ndua", "satudua"),                             // blanks a relay added after the "="
        ("100=25 =3D 1", "100% = 1"),
        ("a=ZZb", "a=ZZb"), ("a=4", "a=4"), ("a=", "a"), ("=\r\n", ""), // bad escapes kept literally
        ("x_y", "x_y"),
    ])
    func quotedPrintable(input: String, expected: String) {
        #expect(TransferDecoding.quotedPrintable(Self.bytes(input)) == Array(expected.utf8))
    }

    @Test("unknown transfer encodings pass the bytes through")
    func otherTransferEncodings() {
        for encoding in ["7bit", "8bit", "binary", "x-uuencode", nil] {
            #expect(TransferDecoding.decodeTransfer(Self.bytes("a=41\r\n"), encoding: encoding) == Array("a=41\r\n".utf8))
        }
        #expect(TransferDecoding.decodeTransfer(Self.bytes("a=41"), encoding: "Quoted-Printable") == Array("aA".utf8))
        #expect(TransferDecoding.decodeTransfer(Self.bytes("QQ=="), encoding: "BASE64") == [0x41])
    }

    @Test("windows-1252: the 0x80–0x9F table (euro, smart quotes, dashes) and Latin-1 above it")
    func windows1252() {
        let bytes: [UInt8] = [0x80, 0x20, 0x91, 0x92, 0x93, 0x94, 0x20, 0x96, 0x97, 0x85, 0x99, 0x20, 0xE9, 0xB1, 0xFF]
        #expect(MailCharset.decode(bytes, charset: "windows-1252") == "€ ‘’“” –—…™ é±ÿ")
        #expect(MailCharset.decode([0x81, 0x8D], charset: "cp1252") == "\u{81}\u{8D}")
    }

    @Test("labels for Latin-1 and ASCII read as windows-1252 (WHATWG), in any case and with quotes",
          arguments: ["iso-8859-1", "ISO-8859-1", "latin1", "\"iso-8859-1\"", "us-ascii", "ISO_8859-1:1987", "Windows-1252"])
    func latin1Labels(label: String) {
        #expect(MailCharset.decode([0x41, 0xE9, 0x93], charset: label) == "Aé“")
    }

    @Test("UTF-8 declared: invalid bytes become U+FFFD, never an error")
    func utf8Replacement() {
        #expect(MailCharset.decode(Array("Sé".utf8), charset: "UTF-8") == "Sé")
        #expect(MailCharset.decode([0x53, 0xC3], charset: "utf-8") == "S\u{FFFD}")
    }

    @Test("unknown or missing charset: UTF-8 when valid, else windows-1252",
          arguments: ["x-user-defined", "klingon", "", nil] as [String?])
    func unknownCharset(label: String?) {
        #expect(MailCharset.decode(Array("Sungai Rumbai — ok".utf8), charset: label) == "Sungai Rumbai — ok")
        #expect(MailCharset.decode([0x93, 0x4B, 0x4B, 0x94], charset: label) == "“KK”")
    }

    @Test("charsets Foundation knows by a name from the table")
    func foundationCharsets() {
        #expect(MailCharset.decode([0x00, 0x48, 0x00, 0xE9], charset: "UTF-16BE") == "Hé")
        #expect(MailCharset.decode([0xB9, 0xE6], charset: "iso-8859-2") == "šć")
        #expect(MailCharset.decode([0xCF, 0xF0], charset: "windows-1251") == "Пр")
    }

    @Test("the wider table: labels mapped to CoreFoundation numbers decode on this platform", arguments: [
        ("iso-8859-15", [0xA4], "€"), ("koi8-r", [0xF0], "П"), ("gb2312", [0xC4, 0xE3], "你"), ("GBK", [0xC4, 0xE3], "你"),
        ("big5", [0xA4, 0xA4], "中"), ("Shift_JIS", [0x82, 0xA0], "あ"), ("euc-kr", [0xB0, 0xA1], "가"),
        ("macintosh", [0x8E], "é"), ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], "あ"),
        ("windows-1256", [0xC7], "ا"), ("windows-874", [0xA1], "ก"), ("utf-16le", [0x41, 0x00], "A"),
    ] as [(String, [UInt8], String)])
    func widerTable(label: String, bytes: [UInt8], expected: String) {
        #expect(MailCharset.decode(bytes, charset: label) == expected)
    }

    @Test("RFC 2231 language suffix in a charset name is ignored")
    func charsetWithLanguage() {
        #expect(MailCharset.known("utf-8*id") == .utf8)
    }
}

@Suite("Inbound mail: RFC 2047 encoded-words")
struct EncodedWordTests {
    @Test(arguments: [
        ("=?UTF-8?B?SGFsbyBkdW5pYQ==?=", "Halo dunia"),
        ("=?utf-8?q?Halo_dunia?=", "Halo dunia"),                               // Q: underscore is a space
        ("=?ISO-8859-1?Q?Andr=E9?=", "André"),
        ("=?windows-1252?Q?=93KK=94?=", "“KK”"),
        ("Re: =?UTF-8?Q?Pengaduan_=E2=80=93?= KK", "Re: Pengaduan – KK"),     // mixed with plain text
        ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"),                                 // blanks between words vanish
        ("=?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=", "ab"),                             // also a folded line break
        ("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c"),                            // blanks beside text stay
        ("=?UTF-8?B?4oA=?= =?UTF-8?B?kw==?=", "–"),                             // one character split in two words
        ("=?UTF-8?Q?=E2=80?= =?UTF-8?Q?=93?=", "–"),
        ("=?ISO-8859-1?Q?Andr=E9?= =?UTF-8?Q?_=E2=80=93?=", "André –"),          // different charsets, each its own
        ("=?UTF-8*id?Q?Halo?=", "Halo"),                                        // RFC 2231 language
        ("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="),                                 // malformed words kept
        ("=?UTF-8?Q?no end", "=?UTF-8?Q?no end"),
        ("=?UTF-8?Q?sp ace?=", "=?UTF-8?Q?sp ace?="),
        ("=??Q?x?=", "=??Q?x?="),
        ("a =? b ?= c", "a =? b ?= c"),
        ("plain text", "plain text"),
        ("=?unknown-charset?Q?caf=C3=A9?=", "café"),                              // unknown: the fallback
    ])
    func decode(input: String, expected: String) {
        #expect(EncodedWords.decode(input) == expected)
    }
}

@Suite("Inbound mail: parameters (RFC 2045, RFC 2231)")
struct HeaderParameterTests {
    @Test(arguments: [
        ("attachment; filename=\"KK.jpg\"", "KK.jpg"),
        ("attachment; filename=KK.jpg", "KK.jpg"),
        ("attachment; FILENAME=\"a;b.jpg\"", "a;b.jpg"),                                     // ; in quotes
        ("attachment; filename=\"say \\\"hi\\\".txt\"", "say \"hi\".txt"),
        ("attachment; filename*=utf-8''foto%20KK%20%E2%80%93%201.jpg", "foto KK – 1.jpg"),
        ("attachment; filename*=UTF-8'id'surat%20izin.pdf", "surat izin.pdf"),               // language
        ("attachment; filename*=iso-8859-1''Andr%E9.pdf", "André.pdf"),
        ("attachment; filename*0*=utf-8''Surat%20; filename*1*=Keterangan%20; filename*2=Lahir.pdf",
         "Surat Keterangan Lahir.pdf"),                                                     // continuations
        ("attachment; filename*1=b.pdf; filename*0=a", "ab.pdf"),                            // out of order
        ("attachment; filename=\"old.pdf\"; filename*=utf-8''new.pdf", "new.pdf"),           // 2231 wins
        ("attachment; filename=\"=?UTF-8?B?Zm90byBLSy5qcGc=?=\"", "foto KK.jpg"),            // RFC 2047 in quotes
        ("attachment; filename*=no-quotes.pdf", "no-quotes.pdf"),
    ])
    func filename(header: String, expected: String) {
        #expect(HeaderValueWithParameters(header).parameters["filename"] == expected)
        #expect(HeaderValueWithParameters(header).value == "attachment")
    }

    @Test("value lowercased, comments dropped, parameters by lowercased name")
    func contentType() {
        let value = HeaderValueWithParameters("Multipart/Mixed (comment); BOUNDARY=\"==b==\"; charset=UTF-8")

        #expect(value.value == "multipart/mixed")
        #expect(value.parameters == ["boundary": "==b==", "charset": "UTF-8"])
    }
}

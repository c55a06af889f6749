import Foundation

/// Charsets of bodies and encoded-words. `CFStringConvertIANACharSetNameToEncoding` does not exist on
/// Linux, so the IANA names are mapped here. Decoding never fails: an unknown or lying charset gives
/// UTF-8 when the bytes are valid UTF-8, else windows-1252 (PITFALLS 1.5, 1.6: one odd mail must not
/// lose its text).
enum MailCharset {
    enum Known: Equatable {
        case utf8, windows1252, foundation(String.Encoding)
    }

    /// The charset a label names; nil when unknown. ISO-8859-1 and US-ASCII are read as windows-1252,
    /// as browsers do (WHATWG Encoding): mail labelled so is often cp1252 (smart quotes from Word), and
    /// the C1 controls they would otherwise give are never meant.
    static func known(_ label: String?) -> Known? {
        guard var name = label?.mailTrimmed.lowercased(), !name.isEmpty else { return nil }
        name = name.filter { $0 != "\"" && $0 != "'" }
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) } // RFC 2231 language
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "iso-ir-6", "us", "cp367", "ibm367",
             "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1", "cp819",
             "ibm819", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252", "cp-1252", "win-1252", "ms-ansi":
            return .windows1252
        default: break
        }
        if let encoding = foundationNames[name] { return .foundation(encoding) }
        return nil
    }

    /// Labels Foundation can decode on every platform, or through CoreFoundation's tables (raw value
    /// 0x80000000 | CFStringEncoding); a label Foundation then refuses still falls back safely.
    private static let foundationNames: [String: String.Encoding] = {
        var table: [String: String.Encoding] = [
            "utf-16": .utf16, "utf16": .utf16, "utf-16be": .utf16BigEndian, "utf-16le": .utf16LittleEndian,
            "utf-32": .utf32, "utf-32be": .utf32BigEndian, "utf-32le": .utf32LittleEndian,
            "iso-8859-2": .isoLatin2, "iso8859-2": .isoLatin2, "iso_8859-2": .isoLatin2, "latin2": .isoLatin2,
            "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250,
            "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251,
            "windows-1253": .windowsCP1253, "cp1253": .windowsCP1253,
            "windows-1254": .windowsCP1254, "cp1254": .windowsCP1254,
            "shift_jis": .shiftJIS, "shift-jis": .shiftJIS, "sjis": .shiftJIS, "x-sjis": .shiftJIS,
            "euc-jp": .japaneseEUC, // refused by Foundation on Linux today: falls back
        ]
        let coreFoundation: [(UInt, [String])] = [
            (0x0203, ["iso-8859-3", "latin3"]), (0x0204, ["iso-8859-4", "latin4"]),
            (0x0205, ["iso-8859-5"]), (0x0206, ["iso-8859-6"]), (0x0207, ["iso-8859-7"]),
            (0x0208, ["iso-8859-8"]), (0x0209, ["iso-8859-9", "latin5"]), (0x020D, ["iso-8859-13"]),
            (0x020F, ["iso-8859-15", "iso8859-15", "latin-9", "latin9"]), (0x0210, ["iso-8859-16"]),
            (0x0505, ["windows-1255", "cp1255"]), (0x0506, ["windows-1256", "cp1256"]),
            (0x0507, ["windows-1257", "cp1257"]), (0x0508, ["windows-1258", "cp1258"]),
            (0x041D, ["windows-874", "tis-620", "cp874"]), (0x0A02, ["koi8-r"]), (0x0A08, ["koi8-u"]),
            // GBK read as its superset GB18030 (Foundation on Linux refuses GBK itself); Mac Roman and
            // ISO-2022-JP by their CoreFoundation numbers, which decode where `.macOSRoman` and
            // `.iso2022JP` do not (Linux, Swift 6.3).
            (0x0632, ["gb18030", "gbk", "cp936", "x-gbk"]), (0x0930, ["gb2312", "euc-cn"]),
            (0x0000, ["macintosh", "mac", "x-mac-roman"]), (0x0820, ["iso-2022-jp"]),
            (0x0A03, ["big5"]), (0x0940, ["euc-kr", "ks_c_5601-1987"]),
        ]
        for (value, names) in coreFoundation {
            for name in names { table[name] = String.Encoding(rawValue: 0x8000_0000 | value) }
        }
        return table
    }()

    /// Text of `bytes` in the charset `label` names (see the type's comment for the fallbacks).
    static func decode(_ bytes: [UInt8], charset label: String?) -> String {
        let known = known(label)
        // ASCII is itself in the ASCII-compatible charsets, not in UTF-16 or the 7-bit ISO-2022 ones.
        if known.map({ if case .foundation = $0 { false } else { true } }) ?? true, bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        switch known {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            return windows1252(bytes)
        case .foundation(let encoding):
            if let text = String(bytes: bytes, encoding: encoding) { return text }
            return fallback(bytes)
        case nil:
            return fallback(bytes)
        }
    }

    /// Undeclared or unknown: UTF-8 when the bytes are valid UTF-8, else windows-1252.
    static func fallback(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return windows1252(bytes)
    }

    /// 0x80–0x9F of windows-1252 (the five unassigned bytes map to their C1 code points, as WHATWG does).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}

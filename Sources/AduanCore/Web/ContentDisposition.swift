/// `Content-Disposition` with a file name as RFC 6266 and RFC 5987 want it: a plain ASCII fallback in
/// `filename="…"` for old clients and the real name, UTF-8 and percent-encoded, in `filename*`.
///
/// Names come from citizens' uploads: quotes, backslashes, control characters (CR LF would split the
/// header), slashes and non-ASCII letters are all expected and all handled.
public enum ContentDisposition {
    public enum Kind: String, Sendable {
        case inline
        case attachment
    }

    /// RFC 5987 `attr-char`: what may stand unencoded in `filename*`.
    static let attrCharacters: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8))

    public static func header(_ kind: Kind, filename raw: String, fallback: String = "dokumen") -> String {
        let name = cleaned(raw).isEmpty ? fallback : cleaned(raw)
        return "\(kind.rawValue); filename=\"\(asciiFallback(name, fallback: fallback))\"; filename*=UTF-8''\(percentEncoded(name))"
    }

    /// Without control characters and path separators, trimmed; at most 200 characters.
    static func cleaned(_ raw: String) -> String {
        let kept = raw.unicodeScalars.filter { scalar in
            !(scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
              || scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .format
              || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator)
        }
        var text = String(String.UnicodeScalarView(kept)).trimmingBlanks()
        if text.count > 200 { text = String(text.prefix(200)) }
        return text
    }

    /// Printable ASCII only, without `"` and `%`; everything else becomes `_`.
    static func asciiFallback(_ name: String, fallback: String) -> String {
        let text = String(name.unicodeScalars.map { scalar -> Character in
            (0x20...0x7E).contains(scalar.value) && scalar != "\"" && scalar != "%" ? Character(scalar) : "_"
        })
        return text.allSatisfy({ $0 == "_" || $0 == "." || $0 == " " }) ? fallback : text
    }

    static func percentEncoded(_ name: String) -> String {
        var output = ""
        for byte in name.utf8 {
            if attrCharacters.contains(byte) {
                output.append(Character(Unicode.Scalar(byte)))
            } else {
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

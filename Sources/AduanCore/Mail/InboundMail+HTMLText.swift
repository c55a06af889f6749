/// HTML made plain text for reading, never rendered: tags removed, block elements to line breaks,
/// entities decoded, script/style/head dropped. With `removingQuotes`, the quoted history that mail
/// programs mark in HTML is left out too (Gmail's `gmail_quote`, `blockquote type="cite"` of Apple Mail
/// and Thunderbird, Yahoo's `yahoo_quoted`, Outlook's `divRplyFwdMsg` and everything after it).
/// One pass over the input.
enum HTMLText {
    static func render(_ html: String, removingQuotes: Bool = false) -> String {
        var renderer = Renderer(Array(html.utf8), removingQuotes: removingQuotes)
        renderer.run()
        return PlainText.tidy(String(decoding: renderer.output, as: UTF8.self))
    }

    private static let dropped: Set<String> = ["script", "style", "head", "title", "template", "noscript", "xml"]
    private static let paragraphs: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
                                                  "blockquote", "pre", "dl", "hr"]
    private static let lines: Set<String> = ["br", "div", "li", "tr", "dt", "dd", "section", "article", "header",
                                             "footer", "address", "center", "form", "fieldset", "figure",
                                             "figcaption", "main", "nav", "aside", "caption"]
    private static let voids: Set<String> = ["br", "hr", "img", "meta", "link", "input", "area", "base", "col",
                                             "embed", "source", "track", "wbr", "param"]

    private struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var attributes: [String: String]
    }

    private struct Renderer {
        let input: [UInt8]
        let removingQuotes: Bool
        var output: [UInt8] = []
        var index = 0
        var preformatted = 0
        var pendingSpace = false
        /// While inside a quote element: its name and nesting depth.
        var skipping: (name: String, depth: Int)?

        init(_ input: [UInt8], removingQuotes: Bool) {
            self.input = input
            self.removingQuotes = removingQuotes
            output.reserveCapacity(input.count / 2)
        }

        mutating func run() {
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "<") {
                    if starts(with: "<!--") {
                        index = find("-->", from: index + 4).map { $0 + 3 } ?? input.count
                    } else if index + 1 < input.count, input[index + 1] == UInt8(ascii: "!") || input[index + 1] == UInt8(ascii: "?") {
                        index = (input[index...].firstIndex(of: UInt8(ascii: ">")) ?? input.count - 1) + 1
                    } else if let (tag, next) = readTag(at: index) {
                        index = next
                        if handle(tag) == .stop { return }
                    } else {
                        text(byte)
                        index += 1
                    }
                } else if byte == UInt8(ascii: "&") {
                    entity()
                } else {
                    text(byte)
                    index += 1
                }
            }
        }

        enum Flow { case go, stop }

        mutating func handle(_ tag: Tag) -> Flow {
            if var skip = skipping {
                if tag.name == skip.name && !tag.selfClosing {
                    skip.depth += tag.closing ? -1 : 1
                }
                skipping = skip.depth > 0 ? skip : nil
                return .go
            }
            if !tag.closing && HTMLText.dropped.contains(tag.name) && !tag.selfClosing {
                // Skip to the matching end tag (their content is not HTML text).
                index = findEndTag(tag.name) ?? input.count
                return .go
            }
            if removingQuotes && !tag.closing {
                let classes = tag.attributes["class"]?.lowercased() ?? ""
                let id = tag.attributes["id"]?.lowercased() ?? ""
                if id == "divrplyfwdmsg" || id == "appendonsend" || id.hasPrefix("x_divrplyfwdmsg") { return .stop }
                if classes.contains("gmail_quote") || classes.contains("yahoo_quoted") || id.hasPrefix("yahoo_quoted")
                    || classes.contains("moz-cite-prefix")
                    || (tag.name == "blockquote" && tag.attributes["type"]?.lowercased() == "cite") {
                    if !tag.selfClosing && !HTMLText.voids.contains(tag.name) { skipping = (tag.name, 1) }
                    return .go
                }
            }
            if tag.name == "pre" { preformatted = max(0, preformatted + (tag.closing ? -1 : 1)) }
            if HTMLText.paragraphs.contains(tag.name) {
                breakLines(2)
            } else if HTMLText.lines.contains(tag.name) {
                if tag.name == "br" || !tag.closing || tag.name == "div" || tag.name == "li" || tag.name == "tr" {
                    breakLines(1, forced: tag.name == "br")
                }
                if tag.name == "li" && !tag.closing { output += Array("- ".utf8) }
            } else if (tag.name == "td" || tag.name == "th") && !tag.closing {
                pendingSpace = !output.isEmpty && output.last != 0x0A
            }
            return .go
        }

        mutating func text(_ byte: UInt8) {
            guard skipping == nil else { return }
            if preformatted == 0 && (byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C) {
                pendingSpace = !output.isEmpty && output.last != 0x0A
                return
            }
            if pendingSpace { output.append(0x20); pendingSpace = false }
            output.append(byte == 0x0D ? 0x0A : byte)
        }

        mutating func emit(_ string: String) {
            for byte in string.utf8 { text(byte) }
        }

        /// At least `count` line breaks at the end of the output (a `<br>` always adds one).
        mutating func breakLines(_ count: Int, forced: Bool = false) {
            guard skipping == nil else { return }
            pendingSpace = false
            while output.last == 0x20 { output.removeLast() }
            if forced { output.append(0x0A); return }
            guard !output.isEmpty else { return }
            var trailing = 0
            while trailing < count, trailing < output.count, output[output.count - 1 - trailing] == 0x0A { trailing += 1 }
            for _ in trailing..<max(trailing, count) { output.append(0x0A) }
        }

        mutating func entity() {
            var end = index + 1
            while end < input.count, end - index <= 32, input[end] != UInt8(ascii: ";"),
                  input[end] != UInt8(ascii: "&"), input[end] != UInt8(ascii: "<"), input[end] > 0x20 { end += 1 }
            if end < input.count, input[end] == UInt8(ascii: ";"),
               let scalar = HTMLText.entity(String(decoding: input[(index + 1)..<end], as: UTF8.self)) {
                if scalar == "\u{A0}" { text(0x20); pendingSpace = true } else { emit(String(Character(scalar))) }
                index = end + 1
            } else {
                text(UInt8(ascii: "&"))
                index += 1
            }
        }

        func starts(with literal: String) -> Bool {
            let bytes = Array(literal.utf8)
            return index + bytes.count <= input.count && input[index..<(index + bytes.count)].elementsEqual(bytes)
        }

        func find(_ literal: String, from start: Int) -> Int? {
            let bytes = Array(literal.utf8)
            var cursor = start
            while cursor + bytes.count <= input.count {
                if input[cursor] == bytes[0], input[cursor..<(cursor + bytes.count)].elementsEqual(bytes) { return cursor }
                cursor += 1
            }
            return nil
        }

        /// The index after `</name …>`, case-insensitive, or nil.
        func findEndTag(_ name: String) -> Int? {
            let lower = Array(name.utf8)
            var cursor = index
            while cursor + 2 + lower.count <= input.count {
                if input[cursor] == UInt8(ascii: "<"), input[cursor + 1] == UInt8(ascii: "/") {
                    let candidate = input[(cursor + 2)..<(cursor + 2 + lower.count)].map { $0 | 0x20 }
                    if candidate == lower {
                        return (input[cursor...].firstIndex(of: UInt8(ascii: ">")) ?? input.count - 1) + 1
                    }
                }
                cursor += 1
            }
            return nil
        }

        /// A start or end tag at `start` with its attributes, and the index after it; nil when `<` does not
        /// open a tag (then it is text).
        func readTag(at start: Int) -> (Tag, Int)? {
            var cursor = start + 1
            var closing = false
            if cursor < input.count, input[cursor] == UInt8(ascii: "/") { closing = true; cursor += 1 }
            let nameStart = cursor
            while cursor < input.count, isNameByte(input[cursor]) { cursor += 1 }
            guard cursor > nameStart, isLetter(input[nameStart]) else { return nil }
            let name = String(decoding: input[nameStart..<cursor].map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
            var attributes: [String: String] = [:]
            var selfClosing = false
            while cursor < input.count {
                let byte = input[cursor]
                if byte == UInt8(ascii: ">") { cursor += 1; break }
                if byte == UInt8(ascii: "/") { selfClosing = true; cursor += 1; continue }
                if isSpace(byte) { cursor += 1; continue }
                selfClosing = false
                let attributeStart = cursor
                while cursor < input.count, !isSpace(input[cursor]), input[cursor] != UInt8(ascii: "="),
                      input[cursor] != UInt8(ascii: ">") { cursor += 1 }
                let attribute = String(decoding: input[attributeStart..<cursor], as: UTF8.self).lowercased()
                while cursor < input.count, isSpace(input[cursor]) { cursor += 1 }
                var value = ""
                if cursor < input.count, input[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    while cursor < input.count, isSpace(input[cursor]) { cursor += 1 }
                    if cursor < input.count, input[cursor] == UInt8(ascii: "\"") || input[cursor] == UInt8(ascii: "'") {
                        let quote = input[cursor]
                        let valueStart = cursor + 1
                        let valueEnd = input[valueStart...].firstIndex(of: quote) ?? input.count
                        value = String(decoding: input[valueStart..<valueEnd], as: UTF8.self)
                        cursor = min(valueEnd + 1, input.count)
                    } else {
                        let valueStart = cursor
                        while cursor < input.count, !isSpace(input[cursor]), input[cursor] != UInt8(ascii: ">") { cursor += 1 }
                        value = String(decoding: input[valueStart..<cursor], as: UTF8.self)
                    }
                }
                if attributes[attribute] == nil { attributes[attribute] = value }
            }
            return (Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes), cursor)
        }

        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isNameByte(_ byte: UInt8) -> Bool {
            isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "-")
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
    }

    private static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "copy": 0xA9, "reg": 0xAE,
        "trade": 0x2122, "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013, "lsquo": 0x2018, "rsquo": 0x2019,
        "ldquo": 0x201C, "rdquo": 0x201D, "sbquo": 0x201A, "bdquo": 0x201E, "bull": 0x2022, "middot": 0xB7,
        "euro": 0x20AC, "laquo": 0xAB, "raquo": 0xBB, "deg": 0xB0, "times": 0xD7, "divide": 0xF7, "para": 0xB6,
        "sect": 0xA7, "shy": 0xAD, "zwnj": 0x200C, "zwj": 0x200D, "ensp": 0x2002, "emsp": 0x2003,
        "thinsp": 0x2009, "iexcl": 0xA1, "iquest": 0xBF, "cent": 0xA2, "pound": 0xA3, "yen": 0xA5,
        "eacute": 0xE9, "egrave": 0xE8, "aacute": 0xE1, "agrave": 0xE0, "uuml": 0xFC, "ouml": 0xF6,
        "auml": 0xE4, "ccedil": 0xE7, "ntilde": 0xF1, "plusmn": 0xB1, "frac12": 0xBD, "rarr": 0x2192,
        "larr": 0x2190,
    ]

    static func entity(_ name: String) -> Unicode.Scalar? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, value != 0 else { return nil }
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        }
        return (named[name] ?? named[name.lowercased()]).flatMap(Unicode.Scalar.init)
    }
}

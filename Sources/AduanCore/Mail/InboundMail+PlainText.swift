import Foundation

/// Plain-text rules: format=flowed, tidying, and the removal of quoted replies for `visibleText`.
enum PlainText {
    /// Trailing blanks removed from every line (but the signature separator's), runs of blank lines made one, blank lines at both ends
    /// dropped.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line
            // The signature separator keeps its blank ("-- ", RFC 3676 4.3).
            while trimmed != "-- ", let last = trimmed.last, last == " " || last == "\t" || last == "\r" {
                trimmed = trimmed.dropLast()
            }
            if trimmed.isEmpty {
                blank += 1
                continue
            }
            if !lines.isEmpty && blank > 0 { lines.append("") }
            blank = 0
            lines.append(trimmed)
        }
        return lines.joined(separator: "\n")
    }

    /// RFC 3676 format=flowed: a line ending in a space continues on the next one of the same quote
    /// depth; space-stuffing undone; with `delSp` the soft-break space itself is removed.
    static func unflow(_ text: String, delSp: Bool) -> String {
        var output: [String] = []
        // The paragraph being joined, appended to in place (a long run of soft breaks stays linear).
        var current = ""
        var open = false
        var currentDepth = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" { depth += 1; line = line.dropFirst() }
            if line.first == " " { line = line.dropFirst() }
            let isSignature = line == "-- "
            if open, depth != currentDepth || isSignature {
                output.append(prefix(currentDepth) + current)
                current = ""
                open = false
            }
            let soft = !isSignature && line.hasSuffix(" ")
            current += soft && delSp ? line.dropLast() : line
            currentDepth = depth
            open = true
            if !soft {
                output.append(prefix(depth) + current)
                current = ""
                open = false
            }
        }
        if open { output.append(prefix(currentDepth) + current) }
        return output.joined(separator: "\n")
    }

    private static func prefix(_ depth: Int) -> String {
        depth == 0 ? "" : String(repeating: ">", count: depth) + " "
    }

    // MARK: Quoted replies

    /// `text` without the quoted history a reply carries: `>` lines, an attribution ("On … wrote:",
    /// "Pada … menulis:", also wrapped over up to three lines) and everything under it, Outlook's
    /// "-----Original Message-----" and "From/Sent/To/Subject" (Indonesian "Dari/Dikirim/Kepada/Subjek")
    /// blocks and everything under them, and the "-- " signature. A bottom-posted reply (nothing above
    /// the attribution) keeps what is written below the quote. A forwarded message's header is no quote.
    static func visible(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var kept: [String] = []
        var index = 0
        var sawText = false
        scan: while index < lines.count {
            let line = lines[index]
            let trimmed = line.mailTrimmed
            if line == "-- " { break scan }
            if let length = attributionLength(lines, at: index) {
                if sawText { break scan }
                index += length
                continue
            }
            if isForwardMarker(trimmed) {
                // The forwarded message is what the sender means to pass on: kept whole.
                kept += lines[index...]
                break scan
            }
            if isOriginalMessageMarker(trimmed) || isHeaderBlock(lines, at: index) {
                break scan
            }
            if trimmed.hasPrefix(">") {
                index += 1
                continue
            }
            if !trimmed.isEmpty { sawText = true }
            kept.append(line)
            index += 1
        }
        return tidy(kept.joined(separator: "\n"))
    }

    private static let attributionStarts = ["On ", "Pada ", "Pd ", "Op ", "Le ", "Am "]
    private static let attributionEnds = ["wrote:", "menulis:", "schreef:", "a écrit :", "a écrit:", "schrieb:"]

    /// The number of lines (1…3) of an attribution line starting at `index`, or nil.
    static func attributionLength(_ lines: [String], at index: Int) -> Int? {
        let first = lines[index].mailTrimmed
        guard attributionStarts.contains(where: first.hasPrefix) else { return nil }
        var joined = first
        for length in 1...3 {
            if attributionEnds.contains(where: joined.hasSuffix) { return length }
            let next = index + length
            guard next < lines.count, joined.count < 300 else { return nil }
            let line = lines[next].mailTrimmed
            guard !line.isEmpty, !line.hasPrefix(">") else { return nil }
            joined += " " + line
        }
        return nil
    }

    private static func isForwardMarker(_ line: String) -> Bool {
        let lower = line.lowercased()
        return lower.hasPrefix("-----") && (lower.contains("forwarded message") || lower.contains("pesan terusan")
                                             || lower.contains("pesan yang diteruskan"))
            || lower.hasPrefix("begin forwarded message")
    }

    private static func isOriginalMessageMarker(_ line: String) -> Bool {
        let lower = line.lowercased()
        return lower.hasPrefix("-----") && (lower.contains("original message") || lower.contains("pesan asli")
                                            || lower.contains("pesan awal"))
    }

    /// An Outlook reply header: a From/Dari line (or the underscore rule above it) followed within a few
    /// lines by Sent|Date / To / Subject, in English or Indonesian.
    static func isHeaderBlock(_ lines: [String], at index: Int) -> Bool {
        var start = index
        let first = lines[index].mailTrimmed
        if first.count >= 10, first.allSatisfy({ $0 == "_" }) { start += 1 }
        while start < lines.count, start - index < 2, lines[start].mailTrimmed.isEmpty { start += 1 }
        guard start < lines.count, hasField(lines[start], ["From:", "Dari:"]) else { return false }
        var sent = false, to = false, subject = false
        for offset in 1...6 where start + offset < lines.count {
            let line = lines[start + offset]
            sent = sent || hasField(line, ["Sent:", "Dikirim:", "Date:", "Tanggal:", "Terkirim:"])
            to = to || hasField(line, ["To:", "Kepada:"])
            subject = subject || hasField(line, ["Subject:", "Subjek:", "Perihal:"])
        }
        return sent && to && subject
    }

    private static func hasField(_ line: String, _ names: [String]) -> Bool {
        // Outlook's bold labels come through HTML rendering as "*From:*" in some clients.
        guard let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != UInt8(ascii: "*") }),
              names.contains(where: { $0.utf8.first.map { ($0 | 0x20) == (first | 0x20) } ?? false })
        else { return false }
        let trimmed = line.mailTrimmed.filter { $0 != "*" }
        return names.contains { trimmed.hasPrefixIgnoringCase($0) }
    }
}

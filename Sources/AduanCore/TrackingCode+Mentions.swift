extension TrackingCode {
    /// A tracking code written in free text (a note, a message), where it stands.
    public struct Mention: Sendable, Equatable {
        public let range: Range<String.Index>
        public let code: TrackingCode
    }

    /// The valid codes written in `text`, canonical (`7KQ4MXR2CD9TAY`) or grouped (`7KQ4M-XR2CD-9TAY`), in
    /// upper case as the application writes them. A word that happens to pass the check is found too; the
    /// caller decides what an unknown code means.
    public static func mentions(in text: String) -> [Mention] {
        var found: [Mention] = []
        var index = text.startIndex
        func isCodeCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isUppercase || character.isNumber)
        }
        while index < text.endIndex {
            guard isCodeCharacter(text[index]) else {
                index = text.index(after: index)
                continue
            }
            // A run of code characters and single dashes between them.
            var end = index
            var cursor = index
            while cursor < text.endIndex {
                let character = text[cursor]
                if isCodeCharacter(character) {
                    cursor = text.index(after: cursor)
                    end = cursor
                } else if character == "-", end == cursor {
                    cursor = text.index(after: cursor)
                } else {
                    break
                }
            }
            let run = text[index..<end]
            if let code = try? TrackingCode(String(run)), run.filter({ $0 != "-" }).count == length {
                found.append(Mention(range: index..<end, code: code))
            }
            index = end > index ? end : text.index(after: index)
        }
        return found
    }

    /// `text` with every mentioned code for which `hidden` says so replaced by `replacement`.
    public static func redacting(_ text: String, replacement: String, hidden: (TrackingCode) -> Bool) -> String {
        var output = text
        for mention in mentions(in: text).reversed() where hidden(mention.code) {
            output.replaceSubrange(mention.range, with: replacement)
        }
        return output
    }
}

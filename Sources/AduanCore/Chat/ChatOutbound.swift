/// A message the office sends in a chat, in words already (rendered from the catalogue or written by an
/// officer), with the choices it offers. Each platform shows it its own way (`ChatOutbound` → WhatsApp
/// reply buttons or a list message, Messenger and Instagram quick replies); the numbers before the
/// choices in `fallbackText` let a citizen answer by typing "1", "2"… where no buttons show.
public struct ChatOutbound: Sendable, Equatable, Codable {
    public enum Style: String, Sendable, Codable {
        /// Words only.
        case plain
        /// Up to three reply buttons (WhatsApp) or quick replies.
        case buttons
        /// A list message (WhatsApp: up to ten rows, opened by `listButton`) or quick replies.
        case list
    }

    public struct Option: Sendable, Equatable, Codable {
        /// Returned by the platform when the citizen picks it (and accepted typed, see `ChatIntake`).
        public var id: String
        public var title: String
        public var description: String?

        public init(id: String, title: String, description: String? = nil) {
            self.id = id
            self.title = title
            self.description = description
        }
    }

    public var text: String
    public var style: Style
    public var options: [Option]
    /// The label of the button that opens a list.
    public var listButton: String?

    public init(text: String, style: Style = .plain, options: [Option] = [], listButton: String? = nil) {
        self.text = text
        self.style = options.isEmpty ? .plain : style
        self.options = options
        self.listButton = listButton
    }

    /// The words with the choices numbered under them, for a platform or a client that shows no buttons.
    public var fallbackText: String {
        guard !options.isEmpty else { return text }
        let lines = options.enumerated().map { "\($0.offset + 1). \($0.element.title)" }
        return text + "\n\n" + lines.joined(separator: "\n")
    }
}

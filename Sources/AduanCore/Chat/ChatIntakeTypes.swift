import Foundation

/// One message of the citizen, as the intake reads it. The App has already downloaded and inspected any
/// media; reactions never reach the intake.
public enum ChatInput: Sendable, Equatable {
    case text(String)
    /// A reply button, a list row or a quick reply: its id and the title the citizen saw.
    case choice(id: String, title: String)
    case file(ChatFileOutcome)
    case location(ChatLocation)
    /// A sticker, contacts, an order… (the platform's type name).
    case unsupported(type: String)
}

/// What became of a file the citizen sent.
public enum ChatFileOutcome: Sendable, Equatable {
    /// Stored by the App as a draft file, waiting for the intake to say what it is (`ChatEffect.keepFile`).
    /// A turn without `keepFile` means the file is not wanted: the App drops the draft.
    case accepted(isImage: Bool, name: String)
    /// The inspector refused it; the catalogue key of its reason (e.g. "upload.unsupported_type") and the
    /// values of its placeholders (`upload.too_large` names `{max}`).
    case refused(messageKey: String, values: [String: String] = [:])
    /// It could not be downloaded.
    case unavailable
}

/// What the intake needs to know of the office and the platform.
public struct ChatIntakeContext: Sendable {
    /// WhatsApp shows buttons and list messages; Messenger and Instagram quick replies. All accept typed
    /// numbers.
    public var platform: ChatPlatform
    /// The same rules as the web form's (the chat passes `requireEmail: false`, as for WhatsApp filings).
    public var rules: SubmissionRules
    /// In the office's order, names in Bahasa Indonesia.
    public var services: [(code: String, name: String)]
    /// WhatsApp: the number the citizen writes from, when it is an Indonesian mobile number; nil on
    /// Messenger and Instagram.
    public var contactPhone: PhoneNumber?
    /// The privacy page, linked from the consent question.
    public var privacyURL: String
    /// e.g. "Senin–Kamis 08.00–16.00 WIB, Jumat 08.00–16.30 WIB".
    public var officeHours: String
    /// The office as the citizen knows it, e.g. "Disdukcapil Dharmasraya".
    public var officeName: String

    public init(
        platform: ChatPlatform, rules: SubmissionRules, services: [(code: String, name: String)],
        contactPhone: PhoneNumber?, privacyURL: String, officeHours: String, officeName: String
    ) {
        self.platform = platform
        self.rules = rules
        self.services = services
        self.contactPhone = contactPhone
        self.privacyURL = privacyURL
        self.officeHours = officeHours
        self.officeName = officeName
    }
}

/// The intake's answer to one message.
public struct ChatTurn: Sendable, Equatable {
    /// The state to store; nil when the intake ended: cancelled ("batal"), filed (`.file`), or a status
    /// look-up (`.checkStatus`). A hand-over to an officer keeps a state at `.officer`.
    public var state: ChatIntakeState?
    /// What to send, in order (mostly one message: WhatsApp limits how fast one person is written to).
    public var replies: [ChatPrompt]
    /// What the App must do, in order.
    public var effects: [ChatEffect]

    public init(state: ChatIntakeState?, replies: [ChatPrompt], effects: [ChatEffect] = []) {
        self.state = state
        self.replies = replies
        self.effects = effects
    }
}

/// Words by catalogue key with their `{placeholder}` values.
public struct ChatLine: Sendable, Equatable {
    public var key: String
    public var values: [String: String]

    public init(_ key: String, _ values: [String: String] = [:]) {
        self.key = key
        self.values = values
    }
}

/// A title or description: a catalogue key, or literal words (a service's name from the database).
public enum ChatText: Sendable, Equatable {
    case key(String)
    case literal(String)
}

public struct ChatPromptOption: Sendable, Equatable {
    /// Returned by the platform when picked; accepted typed too.
    public var id: String
    /// Fits the platform's limits (WhatsApp buttons and quick replies 20 characters, list rows 24).
    public var title: ChatText
    /// Under a list row (WhatsApp, at most 72 characters): e.g. the full name of a service shortened above.
    public var description: ChatText?

    public init(id: String, title: ChatText, description: ChatText? = nil) {
        self.id = id
        self.title = title
        self.description = description
    }
}

/// One message to send: its words by catalogue key, and the choices it offers.
///
/// Rendered as the paragraphs of `lead` (an acknowledgement, the reason a question is asked again), then
/// the prompt's own words with `lines` under them one per line (the summary), then the options; see
/// `outbound(_:)`.
public struct ChatPrompt: Sendable, Equatable {
    public var key: String
    public var values: [String: String]
    public var lead: [ChatLine]
    public var lines: [ChatLine]
    public var style: ChatOutbound.Style
    public var options: [ChatPromptOption]
    /// The label of the button that opens a list (WhatsApp, at most 20 characters).
    public var listButtonKey: String?

    public init(
        _ key: String, _ values: [String: String] = [:], lead: [ChatLine] = [], lines: [ChatLine] = [],
        style: ChatOutbound.Style = .plain, options: [ChatPromptOption] = [], listButtonKey: String? = nil
    ) {
        self.key = key
        self.values = values
        self.lead = lead
        self.lines = lines
        self.style = options.isEmpty ? .plain : style
        self.options = options
        self.listButtonKey = listButtonKey
    }

    /// Every catalogue key this prompt shows.
    public var keys: [String] {
        var keys = lead.map(\.key) + [key] + lines.map(\.key)
        for option in options {
            if case .key(let key) = option.title { keys.append(key) }
            if case .key(let key)? = option.description { keys.append(key) }
        }
        if let listButtonKey { keys.append(listButtonKey) }
        return keys
    }

    /// The message in words, `render` giving the catalogue's text of a key with its values filled
    /// (`MessageCatalogue.text(key, language, values)`).
    public func outbound(_ render: (String, [String: String]) -> String) -> ChatOutbound {
        func text(_ value: ChatText) -> String {
            switch value {
            case .key(let key): render(key, [:])
            case .literal(let words): words
            }
        }
        var main = render(key, values)
        if !lines.isEmpty {
            main += "\n" + lines.map { render($0.key, $0.values) }.joined(separator: "\n")
        }
        let paragraphs = lead.map { render($0.key, $0.values) } + [main]
        return ChatOutbound(
            text: paragraphs.joined(separator: "\n\n"), style: style,
            options: options.map { ChatOutbound.Option(id: $0.id, title: text($0.title), description: $0.description.map(text)) },
            listButton: listButtonKey.map { render($0, [:]) }
        )
    }
}

/// What the App does for a turn.
public enum ChatEffect: Sendable, Equatable {
    /// The file of THIS input is the KK photo, the KTP-el photo, or a further document.
    case keepFile(as: AttachmentKind)
    /// Forget the draft file(s) of that kind kept earlier ("kembali" to a photo step, a replaced photo).
    case dropFiles(AttachmentKind)
    /// Every answer is valid: file the complaint (channel of `ChatPlatform.complaintChannel`) with the
    /// draft files kept, and send the receipt. The intake says nothing more itself.
    case file(ValidComplaintSubmission)
    /// A well-formed tracking code (canonical, 14 characters) was given: look it up and answer.
    case checkStatus(code: String)
    /// The citizen asked for an officer: mark the chat as waiting for one.
    case handOver
    /// Free text that fits no step: keep it for the officer.
    case keepNote(String)
    /// A location was shared: keep it as the complaint's place.
    case keepLocation(ChatLocation)
    /// The intake was abandoned: drop its draft files.
    case cancelled
}

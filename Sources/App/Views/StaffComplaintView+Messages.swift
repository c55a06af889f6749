import AduanCore
import Fluent
import Vapor

extension StaffComplaintView {
    /// The messages the office sent (or is sending) to the citizen of one complaint, and the channels
    /// that reach them: what an officer checks before telling a citizen "we wrote to you".
    struct Messages: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let kind: String
            let channel: String
            /// Nil where the officer may not see who the citizen is.
            let recipient: String?
            /// `queued`, `retrying`, `sent` or `failed`.
            let state: String
            let stateLabel: String
            /// The chip's colour, from the classes the complaint statuses use.
            let chipClass: String
            let attempts: String?
            let error: String?
            /// The error is why the message was given up (not only why the last attempt failed).
            let errorIsFinal: Bool
            let createdAt: String
            let sentAt: String?
        }

        let rows: [Row]
        let hasRows: Bool
        /// "E-mail: warga@contoh.id", one line per channel the messages go out on.
        let reach: [String]
        /// Why a channel does not reach the citizen ("Warga tidak memberi alamat e-mail").
        let unreachable: [String]
        let hasReach: Bool

        /// The complaint's messages, oldest first (the console lists them as they happened).
        static func query(_ complaint: Complaint, on db: any Database) async throws -> [OutgoingMessage] {
            try await OutgoingMessage.query(on: db).filter(\.$complaint.$id == complaint.requireID())
                .sort(\.$createdAt).sort(\.$id).all()
        }

        init(
            _ messages: [OutgoingMessage], contacts: [CitizenChannels.Contact], unreachable: [CitizenChannels.Unreachable],
            identityVisible: Bool, catalogue: MessageCatalogue, language: Language, dates: DateText
        ) {
            func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalogue.text(key, language, arguments) }
            let hidden = text("console.messages.recipient_hidden")
            rows = messages.map { message in
                let state = Self.state(of: message)
                let showsAttempts = message.attempts > 1 || (message.state != .sent && message.attempts > 0)
                return Row(
                    kind: text(message.kind.labelKey), channel: text(message.channel.messageKey),
                    recipient: identityVisible ? message.recipient : nil,
                    state: state.rawValue, stateLabel: text("console.messages.state.\(state.rawValue)"), chipClass: state.chipClass,
                    attempts: showsAttempts ? text("console.messages.attempts", ["count": String(message.attempts)]) : nil,
                    error: message.state == .sent ? nil : message.lastError, errorIsFinal: message.state == .failed,
                    createdAt: dates.long(message.createdAt, in: language),
                    sentAt: message.sentAt.map { dates.long($0, in: language) })
            }
            hasRows = !rows.isEmpty
            reach = contacts.map { contact in
                text("console.messages.reach_line", ["channel": text(contact.channel.messageKey), "address": identityVisible ? contact.address : hidden])
            }
            self.unreachable = unreachable.map { text("console.messages.unreachable.\($0.rawValue)") }
            hasReach = !reach.isEmpty
        }

        /// What the console says of a message: waiting, waiting again after a failed attempt, out, or given up.
        enum State: String {
            case queued, retrying, sent, failed

            var chipClass: String {
                switch self {
                case .queued: "status-received"
                case .retrying: "status-needs_info"
                case .sent: "status-resolved"
                case .failed: "status-rejected"
                }
            }
        }

        static func state(of message: OutgoingMessage) -> State {
            switch message.state {
            case .sent: .sent
            case .failed: .failed
            case .queued: message.lastError == nil ? .queued : .retrying
            }
        }
    }

    /// Loads and presents the messages of `complaint` for the signed-in officer.
    static func messages(of complaint: Complaint, for req: Request, identityVisible: Bool) async throws -> Messages {
        let channels = CitizenChannels(context: req.aduan)
        return Messages(
            try await Messages.query(complaint, on: req.db), contacts: try await channels.contacts(of: complaint, on: req.db),
            unreachable: channels.unreachable(complaint), identityVisible: identityVisible,
            catalogue: req.aduan.catalogue, language: req.language, dates: req.aduan.dateText)
    }
}

extension CitizenMessageKind {
    /// The kind's name as officers read it ("Tanda terima", "Permintaan kelengkapan").
    var labelKey: String { "message_kind.\(rawValue)" }
}

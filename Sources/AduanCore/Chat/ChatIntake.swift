import Foundation

/// The conversation that files a complaint in a chat (WhatsApp, Messenger, Instagram), one question at a
/// time, each answer checked by the web form's rule for it and asked again with the reason when wrong.
///
/// Pure: the App stores the state between messages, downloads and inspects media before, and carries out
/// the effects after. At any step the citizen may type "batal" (cancel), "kembali" (one step back),
/// "bantuan" (what the step wants, and the commands), "menu" (start again) or "petugas" (an officer);
/// buttons may be answered by their number or their title typed.
///
/// How an intake ends (the turn's state is nil): cancelled (`.cancelled`), filed (`.file`, the App sends
/// the receipt), or a tracking code given at *Cek status* (`.checkStatus`, the App answers). A hand-over
/// (`.handOver`) keeps a state at `.officer`, where everything the citizen sends is kept for the officer;
/// "menu", "kembali" or "batal" leave it (a turn from `.officer` to another step means the citizen went
/// back to the automatic intake).
public enum ChatIntake {
    /// Further documents a complaint may carry besides the two photos (as the web form's upload).
    public static let maxDocuments = 10
    /// Notes kept in the state (all of them are also given to the App as `keepNote`).
    public static let maxNotes = 50

    /// The answer to one message. `state` nil: no intake under way (a first message is greeted with the
    /// office hours, the promise and the menu).
    public static func handle(_ input: ChatInput, state: ChatIntakeState?, context: ChatIntakeContext) -> ChatTurn {
        var conversation = ChatIntakeConversation(context: context, state: state ?? .start())
        guard state != nil else { return conversation.first(input) }
        return conversation.handle(input)
    }

    /// The current question again, as it was asked (to resume after an interruption).
    public static func prompt(for state: ChatIntakeState, context: ChatIntakeContext) -> ChatPrompt {
        ChatIntakeConversation(context: context, state: state).prompt(for: state)
    }

    /// A conversation left unanswered (24 hours): it ends with a message, and its draft files are dropped.
    public static func expired(_ state: ChatIntakeState) -> ChatTurn {
        ChatTurn(state: nil, replies: [ChatPrompt("chat.expired")], effects: [.cancelled])
    }
}

/// One turn of the conversation: the state as it is changed, and the effects gathered.
struct ChatIntakeConversation {
    let context: ChatIntakeContext
    var state: ChatIntakeState
    var effects: [ChatEffect] = []

    init(context: ChatIntakeContext, state: ChatIntakeState) {
        self.context = context
        self.state = state
    }

    typealias Step = ChatIntakeState.Step
    typealias Command = ChatIntake.Command

    // MARK: The first message

    mutating func first(_ input: ChatInput) -> ChatTurn {
        var lead = [ChatLine("chat.greeting", ["office": context.officeName, "hours": context.officeHours])]
        switch input {
        case .choice(let id, _) where id.hasPrefix("menu:") || Command.from(optionID: id) != nil:
            // A button of an earlier greeting.
            return choose(id)
        case .choice:
            break
        case .text(let raw):
            let words = ChatIntake.normalized(raw)
            if Command.matching(words) == .officer { return handOver() }
            if let code = try? TrackingCode(raw) { return checkStatus(code) }
            if Command.matching(words) == nil && !ChatIntake.isSmallTalk(raw) {
                keepNote(raw)
                lead.append(ChatLine("chat.note.kept"))
            }
        case .file(.accepted):
            keepDocument()
            lead.append(ChatLine("chat.file.kept_as_document"))
        case .file:
            break
        case .location(let location):
            keepLocation(location)
            lead.append(ChatLine("chat.location.kept"))
        case .unsupported:
            break
        }
        return ask(lead: lead)
    }

    // MARK: Any later message

    mutating func handle(_ input: ChatInput) -> ChatTurn {
        switch input {
        case .text(let raw): return text(raw)
        case .choice(let id, _): return choice(id)
        case .file(let outcome): return file(outcome)
        case .location(let location):
            keepLocation(location)
            if state.step == .officer { return acknowledgeForOfficer() }
            return ask(lead: [ChatLine("chat.location.kept")])
        case .unsupported:
            if state.step == .officer { return ChatTurn(state: state, replies: [ChatPrompt("chat.unsupported")]) }
            return ask(lead: [ChatLine("chat.unsupported")])
        }
    }

    mutating func text(_ raw: String) -> ChatTurn {
        let words = ChatIntake.normalized(raw)
        if state.step == .officer {
            if let command = Command.matching(words) { return command == .officer ? acknowledgeForOfficer() : run(command) }
            keepNote(raw)
            return acknowledgeForOfficer()
        }
        if let command = Command.matching(words) { return run(command) }

        let options = prompt(for: state).options
        if let number = ChatIntake.typedNumber(words), !options.isEmpty {
            if options.indices.contains(number - 1) { return choose(options[number - 1].id) }
            if !state.step.takesTypedAnswer { return ask(lead: [ChatLine("chat.choice.unknown")]) }
        }
        if let option = options.first(where: { Self.option($0, isNamedBy: words) }) { return choose(option.id) }
        return answer(raw, words: words)
    }

    mutating func choice(_ id: String) -> ChatTurn {
        if let command = Command.from(optionID: id) { return run(command) }
        if state.step == .officer { return acknowledgeForOfficer() }
        guard prompt(for: state).options.contains(where: { $0.id == id }) else {
            // A button of an earlier question.
            return ask(lead: [ChatLine("chat.choice.stale")])
        }
        return choose(id)
    }

    static func option(_ option: ChatPromptOption, isNamedBy words: String) -> Bool {
        if ChatIntake.normalized(option.id) == words { return true }
        if case .literal(let title) = option.title, ChatIntake.normalized(title) == words { return true }
        if case .literal(let description)? = option.description, ChatIntake.normalized(description) == words { return true }
        return ChatIntake.optionWords[option.id]?.contains(words) ?? false
    }

    // MARK: Commands

    mutating func run(_ command: Command) -> ChatTurn {
        switch command {
        case .cancel:
            return ChatTurn(state: nil, replies: [ChatPrompt("chat.cancelled")], effects: effects + [.cancelled])
        case .back:
            return back()
        case .help:
            if state.step == .officer { return ChatTurn(state: state, replies: [ChatPrompt("chat.help.officer", ["hours": context.officeHours])]) }
            return ask(lead: [ChatLine("chat.help.\(state.step.catalogueName)"), ChatLine("chat.help.commands")])
        case .menu:
            let abandoned = state.step.isComplaintStep || state.answers.hasFiles
            if state.answers.hasFiles { effects.append(.cancelled) }
            state = ChatIntakeState(step: .menu, notes: state.notes)
            return ask(lead: abandoned ? [ChatLine("chat.menu.restarted")] : [])
        case .officer:
            if state.step == .officer { return acknowledgeForOfficer() }
            return handOver()
        }
    }

    mutating func back() -> ChatTurn {
        if state.step == .service, state.servicePage > 0 {
            state.servicePage -= 1
            return ask()
        }
        if state.step == .phone, state.typingPhone, context.contactPhone != nil {
            state.typingPhone = false
            return ask()
        }
        guard let previous = state.trail.popLast() else {
            return ask(lead: [ChatLine("chat.back.at_start")])
        }
        state.step = previous
        resetStepFlags()
        if let kind = previous.photoKind { dropPhoto(kind) }
        return ask()
    }

    mutating func handOver() -> ChatTurn {
        state.trail.append(state.step)
        state.step = .officer
        state.officerAcknowledged = false
        effects.append(.handOver)
        return ChatTurn(state: state, replies: [ChatPrompt("chat.officer.handover", ["hours": context.officeHours])], effects: effects)
    }

    /// At `.officer`: the first message after the hand-over is acknowledged, the rest only kept.
    mutating func acknowledgeForOfficer() -> ChatTurn {
        guard !state.officerAcknowledged else { return ChatTurn(state: state, replies: [], effects: effects) }
        state.officerAcknowledged = true
        return ChatTurn(state: state, replies: [ChatPrompt("chat.officer.noted", ["hours": context.officeHours])], effects: effects)
    }

    // MARK: Choices

    mutating func choose(_ id: String) -> ChatTurn {
        if let command = Command.from(optionID: id) { return run(command) }
        switch (state.step, id) {
        case (_, "menu:complaint"):
            state = ChatIntakeState(step: .service, trail: [.menu], answers: state.answers, notes: state.notes)
            return ask(lead: [ChatLine("chat.complaint.intro")])
        case (_, "menu:status"):
            state.trail.append(state.step)
            state.step = .statusCode
            return ask()
        case (_, "menu:officer"):
            return handOver()
        case (.service, "svc:more"):
            state.servicePage += 1
            return ask()
        case (.service, "svc:prev"):
            state.servicePage = max(0, state.servicePage - 1)
            return ask()
        case (.service, _) where id.hasPrefix("svc:"):
            let code = String(id.dropFirst(4))
            guard let service = context.services.first(where: { $0.code == code }) else {
                return ask(lead: [ChatLine("validation.service.unknown")])
            }
            state.answers.serviceCode = service.code
            return advance()
        case (.documents, "docs:done"):
            return advance()
        case (_, "skip") where isSkippable(state.step):
            skip(state.step)
            return advance()
        case (.phone, "phone:yes"):
            guard let phone = context.contactPhone else { return ask() }
            state.answers.phone = phone.value
            return advance()
        case (.phone, "phone:other"):
            state.typingPhone = true
            return ask()
        case (.consent, "consent:yes"):
            return fileComplaint()
        case (.consent, "consent:no"):
            state.consentDeclined = true
            state.answers.consent = false
            return ask()
        default:
            return ask(lead: [ChatLine("chat.choice.stale")])
        }
    }

    // MARK: Typed answers

    mutating func answer(_ raw: String, words: String) -> ChatTurn {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let rules = context.rules
        switch state.step {
        case .menu:
            if let code = try? TrackingCode(raw) { return checkStatus(code) }
            return unmatched(raw, reason: "chat.menu.unknown")
        case .service:
            if let service = matchingService(words) {
                state.answers.serviceCode = service.code
                return advance()
            }
            return unmatched(raw, reason: "validation.service.unknown")
        case .description:
            guard SubmissionRules.descriptionLength.contains(trimmed.count) else {
                let short = trimmed.count < SubmissionRules.descriptionLength.lowerBound
                return ask(lead: [ChatLine(short ? "validation.description.too_short" : "validation.description.too_long")])
            }
            state.answers.description = trimmed
            return advance()
        case .name:
            let name = trimmed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard SubmissionRules.nameLength.contains(name.count) else { return ask(lead: [ChatLine("validation.name.length")]) }
            state.answers.name = name
            return advance()
        case .nik:
            do {
                state.answers.nik = try NIK(raw, today: rules.today).value
            } catch {
                return ask(lead: [ChatLine(error.messageKey)])
            }
            return advance()
        case .kkNumber:
            do {
                state.answers.kkNumber = try KKNumber(raw).value
            } catch {
                return ask(lead: [ChatLine(error.messageKey)])
            }
            return advance()
        case .kkPhoto, .ktpPhoto, .documents:
            return unmatched(raw, reason: state.step == .documents ? nil : "chat.photo.expected", keepAll: true)
        case .email:
            do {
                state.answers.email = try EmailAddress(raw).value
            } catch {
                return ask(lead: [ChatLine(error.messageKey)])
            }
            return advance()
        case .phone:
            let digits = raw.filter(\.isASCIIDigit).count
            if context.contactPhone != nil, !state.typingPhone, digits < 6 {
                return unmatched(raw, reason: "chat.choice.unknown")
            }
            do {
                state.answers.phone = try PhoneNumber(raw).value
            } catch {
                state.typingPhone = true
                return ask(lead: [ChatLine(error.messageKey)])
            }
            return advance()
        case .consent:
            return unmatched(raw, reason: "chat.choice.unknown")
        case .statusCode:
            do {
                return checkStatus(try TrackingCode(raw))
            } catch {
                if let mention = TrackingCode.mentions(in: raw.uppercased()).first { return checkStatus(mention.code) }
                return ask(lead: [ChatLine(error.messageKey)])
            }
        case .officer:
            keepNote(raw)
            return acknowledgeForOfficer()
        }
    }

    /// Text that answers no question: asked again; kept for the officer unless it is small talk (at a
    /// choice a few words are taken for a mistyped choice, at a photo step every word is kept).
    mutating func unmatched(_ raw: String, reason: String?, keepAll: Bool = false) -> ChatTurn {
        var lead: [ChatLine] = []
        let wordCount = raw.split(whereSeparator: \.isWhitespace).count
        if !ChatIntake.isSmallTalk(raw) && (keepAll || wordCount >= 3) {
            keepNote(raw)
            lead.append(ChatLine("chat.note.kept"))
        }
        if let reason { lead.append(ChatLine(reason)) }
        return ask(lead: lead)
    }

    /// A service named as typed: its name, its short title or its code; else the one service whose name
    /// contains the words ("ktp" → KTP-el).
    func matchingService(_ words: String) -> (code: String, name: String)? {
        guard !words.isEmpty else { return nil }
        if let exact = context.services.first(where: {
            ChatIntake.normalized($0.name) == words || $0.code.lowercased() == words
                || ChatIntake.normalized(Self.shortTitle($0.name, limit: rowTitleLimit)) == words
        }) { return exact }
        guard words.count >= 2 else { return nil }
        let containing = context.services.filter { ChatIntake.normalized($0.name).contains(words) }
        return containing.count == 1 ? containing[0] : nil
    }

    mutating func checkStatus(_ code: TrackingCode) -> ChatTurn {
        if state.answers.hasFiles { effects.append(.cancelled) }
        effects.append(.checkStatus(code: code.value))
        return ChatTurn(state: nil, replies: [], effects: effects)
    }

    // MARK: Files

    mutating func file(_ outcome: ChatFileOutcome) -> ChatTurn {
        let step = state.step
        switch outcome {
        case .refused(let key, let values):
            if step == .officer { return ChatTurn(state: state, replies: [ChatPrompt(key, values)], effects: effects) }
            return ask(lead: [ChatLine(key, values)])
        case .unavailable:
            if step == .officer { return ChatTurn(state: state, replies: [ChatPrompt("chat.file.unavailable")], effects: effects) }
            return ask(lead: [ChatLine("chat.file.unavailable")])
        case .accepted:
            break
        }
        switch step {
        case .kkPhoto, .ktpPhoto:
            let kind = step.photoKind!
            dropPhoto(kind)
            effects.append(.keepFile(as: kind))
            if kind == .kkPhoto { state.answers.hasKKPhoto = true } else { state.answers.hasKTPPhoto = true }
            return advance(lead: [ChatLine(kind == .kkPhoto ? "chat.kk_photo.received" : "chat.ktp_photo.received")])
        case .documents:
            guard keepDocument() else { return advance(lead: [ChatLine("upload.too_many")]) }
            if state.answers.documentCount >= ChatIntake.maxDocuments {
                return advance(lead: [ChatLine("chat.documents.full", ["max": String(ChatIntake.maxDocuments)])])
            }
            return ask()
        case .statusCode:
            return ask(lead: [ChatLine("chat.file.not_here")])
        case .officer:
            guard keepDocument() else { return ChatTurn(state: state, replies: [ChatPrompt("upload.too_many")], effects: effects) }
            return acknowledgeForOfficer()
        case .menu, .service, .description, .name, .nik, .kkNumber, .email, .phone, .consent:
            guard keepDocument() else { return ask(lead: [ChatLine("upload.too_many")]) }
            return ask(lead: [ChatLine("chat.file.kept_as_document")])
        }
    }

    /// Keeps the input's file as a further document, if there is room for one.
    @discardableResult
    mutating func keepDocument() -> Bool {
        guard state.answers.documentCount < ChatIntake.maxDocuments else { return false }
        state.answers.documentCount += 1
        effects.append(.keepFile(as: .document))
        return true
    }

    mutating func dropPhoto(_ kind: AttachmentKind) {
        switch kind {
        case .kkPhoto where state.answers.hasKKPhoto:
            state.answers.hasKKPhoto = false
            effects.append(.dropFiles(.kkPhoto))
        case .ktpPhoto where state.answers.hasKTPPhoto:
            state.answers.hasKTPPhoto = false
            effects.append(.dropFiles(.ktpPhoto))
        default:
            break
        }
    }

    mutating func keepNote(_ raw: String) {
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { return }
        state.notes.append(note)
        if state.notes.count > ChatIntake.maxNotes { state.notes.removeFirst(state.notes.count - ChatIntake.maxNotes) }
        effects.append(.keepNote(note))
    }

    mutating func keepLocation(_ location: ChatLocation) {
        state.answers.location = location
        effects.append(.keepLocation(location))
    }

    // MARK: Moving on

    func isSkippable(_ step: Step) -> Bool {
        let rules = context.rules
        switch step {
        case .email: return !rules.requireEmail || rules.optionalFields.contains(.email)
        case .name, .nik, .kkNumber, .kkPhoto, .ktpPhoto, .phone: return step.field.map(rules.optionalFields.contains) ?? false
        default: return false
        }
    }

    mutating func skip(_ step: Step) {
        switch step {
        case .name: state.answers.name = nil
        case .nik: state.answers.nik = nil
        case .kkNumber: state.answers.kkNumber = nil
        case .email: state.answers.email = nil
        case .phone: state.answers.phone = nil
        case .kkPhoto, .ktpPhoto: dropPhoto(step.photoKind!)
        default: break
        }
    }

    mutating func resetStepFlags() {
        state.servicePage = 0
        state.typingPhone = false
        state.consentDeclined = false
    }

    /// To the next question of the complaint.
    mutating func advance(lead: [ChatLine] = []) -> ChatTurn {
        let order = Step.complaint
        guard let index = order.firstIndex(of: state.step), index + 1 < order.count else { return ask(lead: lead) }
        state.trail.append(state.step)
        state.step = order[index + 1]
        resetStepFlags()
        if state.step == .consent {
            return ChatTurn(state: state, replies: [summary(), prompt(for: state, lead: lead)], effects: effects)
        }
        return ask(lead: lead)
    }

    /// Consent given: the final check is the web form's own; a failure (a service withdrawn meanwhile)
    /// returns to the question concerned with its reason.
    mutating func fileComplaint() -> ChatTurn {
        state.answers.consent = true
        switch ComplaintSubmission.validate(state.answers.submissionInput(), rules: context.rules) {
        case .success(let valid):
            effects.append(.file(valid))
            return ChatTurn(state: nil, replies: [], effects: effects)
        case .failure(let errors):
            let field = errors.messages.keys.sorted().first { field in Step.complaint.contains { $0.field == field } }
            let step = Step.complaint.first { $0.field == field } ?? .service
            state.step = step
            state.trail = [.menu] + Step.complaint.prefix { $0 != step }
            state.answers.consent = false
            resetStepFlags()
            return ask(lead: field.flatMap { errors[$0] }.map { [ChatLine($0)] } ?? [])
        }
    }

    /// The current question, with `lead` before it.
    func ask(lead: [ChatLine] = []) -> ChatTurn {
        ChatTurn(state: state, replies: [prompt(for: state, lead: lead)], effects: effects)
    }
}

extension ChatIntakeState.Step {
    /// Whether the step's answer is typed (a "7" there may be an answer, not an option's number).
    var takesTypedAnswer: Bool {
        switch self {
        case .description, .name, .nik, .kkNumber, .email, .phone, .statusCode: true
        case .menu, .service, .kkPhoto, .ktpPhoto, .documents, .consent, .officer: false
        }
    }

    /// The step in catalogue keys ("chat.help.kk_number").
    var catalogueName: String {
        switch self {
        case .kkNumber: "kk_number"
        case .kkPhoto: "kk_photo"
        case .ktpPhoto: "ktp_photo"
        case .statusCode: "status_code"
        default: rawValue
        }
    }
}

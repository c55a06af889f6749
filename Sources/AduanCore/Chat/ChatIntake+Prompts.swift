import Foundation

/// The question of each step, within what each platform shows: WhatsApp reply buttons (at most 3, titles
/// of 20 characters), list messages (10 rows, row titles 24, descriptions 72), Messenger and Instagram
/// quick replies (13, titles 20). One label over a limit makes Meta refuse the whole message.
extension ChatIntakeConversation {
    /// Rows of one service page: a WhatsApp list holds ten, quick replies thirteen.
    var serviceRows: Int { context.platform.hasInteractiveMessages ? 10 : 13 }
    /// A list row's title on WhatsApp, a quick reply's elsewhere.
    var rowTitleLimit: Int { context.platform.hasInteractiveMessages ? 24 : 20 }
    static let rowDescriptionLimit = 72
    /// How much of the description the summary repeats.
    static let summaryDescriptionLength = 160

    func prompt(for state: ChatIntakeState, lead: [ChatLine] = []) -> ChatPrompt {
        let skip = isSkippable(state.step) ? [ChatPromptOption(id: "skip", title: .key("chat.option.skip"))] : []
        switch state.step {
        case .menu:
            return ChatPrompt("chat.menu.ask", lead: lead, style: .buttons, options: [
                ChatPromptOption(id: "menu:complaint", title: .key("chat.menu.option.complaint")),
                ChatPromptOption(id: "menu:status", title: .key("chat.menu.option.status")),
                ChatPromptOption(id: "menu:officer", title: .key("chat.menu.option.officer")),
            ])
        case .service:
            return servicePrompt(page: state.servicePage, lead: lead)
        case .description:
            let service = context.services.first { $0.code == state.answers.serviceCode }?.name ?? state.answers.serviceCode ?? ""
            return ChatPrompt("chat.description.ask", ["service": service], lead: lead)
        case .name:
            return ChatPrompt("chat.name.ask", lead: lead, style: .buttons, options: skip)
        case .nik:
            return ChatPrompt("chat.nik.ask", lead: lead, style: .buttons, options: skip)
        case .kkNumber:
            return ChatPrompt("chat.kk.ask", lead: lead, style: .buttons, options: skip)
        case .kkPhoto:
            return ChatPrompt("chat.kk_photo.ask", lead: lead, style: .buttons, options: skip)
        case .ktpPhoto:
            return ChatPrompt("chat.ktp_photo.ask", lead: lead, style: .buttons, options: skip)
        case .documents:
            let done = [ChatPromptOption(id: "docs:done", title: .key("chat.option.done"))]
            let count = state.answers.documentCount
            if count == 0 { return ChatPrompt("chat.documents.ask", ["max": String(ChatIntake.maxDocuments)], lead: lead, style: .buttons, options: done) }
            return ChatPrompt("chat.documents.more", ["count": String(count), "max": String(ChatIntake.maxDocuments)], lead: lead, style: .buttons, options: done)
        case .email:
            return ChatPrompt(skip.isEmpty ? "chat.email.ask_required" : "chat.email.ask", lead: lead, style: .buttons, options: skip)
        case .phone:
            if let phone = context.contactPhone, !state.typingPhone {
                return ChatPrompt("chat.phone.confirm", ["phone": phone.display], lead: lead, style: .buttons, options: [
                    ChatPromptOption(id: "phone:yes", title: .key("chat.option.yes")),
                    ChatPromptOption(id: "phone:other", title: .key("chat.phone.option.other")),
                ] + skip)
            }
            return ChatPrompt("chat.phone.ask", lead: lead, style: .buttons, options: skip)
        case .consent:
            if state.consentDeclined {
                return ChatPrompt("chat.consent.declined", lead: lead, style: .buttons, options: [
                    ChatPromptOption(id: "consent:yes", title: .key("chat.consent.option.agree")),
                    ChatPromptOption(id: "cmd:back", title: .key("chat.option.back")),
                    ChatPromptOption(id: "cmd:cancel", title: .key("chat.option.cancel")),
                ])
            }
            return ChatPrompt("chat.consent.ask", ["office": context.officeName, "privacy_url": context.privacyURL], lead: lead, style: .buttons, options: [
                ChatPromptOption(id: "consent:yes", title: .key("chat.consent.option.agree")),
                ChatPromptOption(id: "consent:no", title: .key("chat.consent.option.decline")),
            ])
        case .statusCode:
            return ChatPrompt("chat.status.ask", lead: lead)
        case .officer:
            return ChatPrompt("chat.officer.waiting", ["hours": context.officeHours], lead: lead)
        }
    }

    // MARK: Services

    /// The services cut into pages of `rows`: a page that is not the last ends with *Layanan lainnya*, a
    /// page that is not the first with *Layanan sebelumnya*.
    static func servicePages(count: Int, rows: Int) -> [Range<Int>] {
        var pages: [Range<Int>] = []
        var start = 0
        while start < count {
            var capacity = rows - (start > 0 ? 1 : 0)
            if count - start > capacity { capacity -= 1 }
            let end = min(count, start + max(1, capacity))
            pages.append(start..<end)
            start = end
        }
        return pages.isEmpty ? [0..<0] : pages
    }

    func servicePrompt(page requested: Int, lead: [ChatLine]) -> ChatPrompt {
        let pages = Self.servicePages(count: context.services.count, rows: serviceRows)
        let page = min(max(0, requested), pages.count - 1)
        let range = pages[page]
        let limit = rowTitleLimit
        var options = context.services[range].map { service in
            let title = Self.shortTitle(service.name, limit: limit)
            let description = title == service.name ? nil : String(service.name.prefix(Self.rowDescriptionLimit))
            return ChatPromptOption(id: "svc:\(service.code)", title: .literal(title), description: description.map(ChatText.literal))
        }
        if page + 1 < pages.count {
            options.append(ChatPromptOption(id: "svc:more", title: .key("chat.service.more"), description: .key("chat.service.more_description")))
        }
        if page > 0 {
            options.append(ChatPromptOption(id: "svc:prev", title: .key("chat.service.previous")))
        }
        // Quick replies show no descriptions: the full names are written above them, numbered.
        let lines = context.platform.hasInteractiveMessages ? [] : context.services[range].enumerated().map {
            ChatLine("chat.service.row", ["number": String($0.offset + 1), "name": $0.element.name])
        }
        return ChatPrompt(
            page == 0 ? "chat.service.ask" : "chat.service.ask_more", lead: lead, lines: lines, style: .list, options: options,
            listButtonKey: "chat.service.list_button"
        )
    }

    /// A name within `limit` characters: whole, without its bracketed abbreviation ("Kartu Identitas Anak
    /// (KIA)" → "Kartu Identitas Anak"), or cut after a word with an ellipsis.
    static func shortTitle(_ name: String, limit: Int) -> String {
        guard name.count > limit else { return name }
        if name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
            let base = name[..<open].trimmingCharacters(in: .whitespaces)
            if !base.isEmpty, base.count <= limit { return base }
        }
        var title = ""
        for word in name.split(separator: " ") {
            let candidate = title.isEmpty ? String(word) : title + " " + word
            guard candidate.count + 1 <= limit else { break }
            title = candidate
        }
        if title.isEmpty { title = String(name.prefix(limit - 1)) }
        return title + "…"
    }

    // MARK: The summary before consent

    func summary() -> ChatPrompt {
        let answers = state.answers
        var lines: [ChatLine] = []
        let service = context.services.first { $0.code == answers.serviceCode }?.name ?? answers.serviceCode ?? ""
        lines.append(ChatLine("chat.summary.service", ["service": service]))
        if let description = answers.description {
            let short = description.count > Self.summaryDescriptionLength
                ? description.prefix(Self.summaryDescriptionLength - 1).trimmingCharacters(in: .whitespaces) + "…" : description
            lines.append(ChatLine("chat.summary.description", ["description": short]))
        }
        if let name = answers.name { lines.append(ChatLine("chat.summary.name", ["name": name])) }
        if let nik = answers.nik { lines.append(ChatLine("chat.summary.nik", ["nik": Self.lastFour(nik)])) }
        if let kk = answers.kkNumber { lines.append(ChatLine("chat.summary.kk", ["kk": Self.lastFour(kk)])) }
        lines.append(ChatLine(answers.hasKKPhoto ? "chat.summary.kk_photo" : "chat.summary.kk_photo_missing"))
        lines.append(ChatLine(answers.hasKTPPhoto ? "chat.summary.ktp_photo" : "chat.summary.ktp_photo_missing"))
        if answers.documentCount > 0 {
            lines.append(ChatLine("chat.summary.documents", ["count": String(answers.documentCount)]))
        }
        if let email = answers.email {
            lines.append(ChatLine("chat.summary.email", ["email": email]))
        } else {
            lines.append(ChatLine("chat.summary.email_none"))
        }
        if let phone = answers.phone {
            lines.append(ChatLine("chat.summary.phone", ["phone": (try? PhoneNumber(phone).display) ?? phone]))
        }
        if answers.location != nil { lines.append(ChatLine("chat.summary.location")) }
        return ChatPrompt("chat.summary.title", lines: lines)
    }

    /// "••••••••••••3456": in a chat only the last four digits show (the chat may be read on a shared phone).
    static func lastFour(_ digits: String) -> String {
        String(repeating: "•", count: max(0, digits.count - 4)) + digits.suffix(4)
    }
}

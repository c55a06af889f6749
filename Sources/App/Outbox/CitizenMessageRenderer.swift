import AduanCore
import Fluent
import Foundation

/// Writes a message to the citizen from its template (the admin's wording, or the catalogue's), filled
/// with the complaint, the step and the office profile, as plain text and as HTML.
struct CitizenMessageRenderer {
    let db: any Database
    let context: AduanContext

    /// The wording of `kind` in `language`: the admin's, else the catalogue's default — on a chat, the
    /// catalogue's chat wording (no "reply to this e-mail", no subject line to keep the code in).
    func template(_ kind: CitizenMessageKind, _ language: Language, chat: Bool = false) async throws -> MessageText {
        if let custom = try await MessageTemplate.query(on: db).filter(\.$kind == kind).filter(\.$language == language).first() {
            return MessageText(subject: custom.subject, body: custom.body)
        }
        var text = defaultTemplate(kind, language)
        if chat { text.body = context.catalogue.text("citizen_message_chat.\(kind.rawValue).body", language) }
        return text
    }

    func defaultTemplate(_ kind: CitizenMessageKind, _ language: Language) -> MessageText {
        MessageText(subject: context.catalogue.text("\(kind.templateKey).subject", language),
                    body: context.catalogue.text("\(kind.templateKey).body", language))
    }

    /// The values of the placeholders for one message.
    func values(for complaint: Complaint, event: ComplaintEvent?, language: Language, link: String, linkExpiresAt: Date) async throws -> [String: String] {
        let office = try await OfficeProfileStore(db: db, config: context.config).effective().office
        let references = ReferenceRepository(db: db, timeZone: context.config.timeZone)
        let service = try await references.service(complaint.serviceCode)
        let dates = context.dateText
        var values: [String: String] = [
            "kode": Self.displayCode(complaint.trackingCode),
            "nama": complaint.reporterName,
            "layanan": service.map { language == .en ? $0.nameEN : $0.nameID } ?? complaint.serviceCode,
            "status": context.catalogue.text(complaint.status.messageKey, language),
            "tenggat": dates.deadline(complaint.firstResponseDueAt, in: language),
            "pesan": event?.message ?? "",
            "tautan": link,
            "tautan_berlaku": dates.long(linkExpiresAt, in: language),
            "kantor": office.name,
            "telepon_kantor": office.phone ?? office.whatsapp?.display ?? "-",
            "email_kantor": office.email ?? "-",
            "alamat_kantor": office.address,
            "jam_layanan": office.openingHours,
            "penarikan": "",
        ]
        if let unit = event?.unitCode ?? complaint.unitCode, let found = try await Unit.find(unit, on: db) {
            values["unit"] = found.name
        }
        if let since = complaint.pausedSince {
            values["penarikan"] = dates.dateOnly(since.addingTimeInterval(Double(SLASweep.withdrawAfterDays) * 86_400), in: language)
        }
        return values
    }

    /// The subject always begins with the complaint's tag, whatever the wording: it threads the
    /// citizen's replies (`[Pengaduan KXV25-7FDHX-CRQQ] …`).
    static func subject(_ filled: String, trackingCode: String) -> String {
        "[Pengaduan \(displayCode(trackingCode))] \(filled.trimmingCharacters(in: .whitespacesAndNewlines))"
    }

    static func displayCode(_ code: String) -> String {
        (try? TrackingCode(code))?.display ?? code
    }

    /// The plain text as simple, safe HTML: paragraphs, line breaks, the links clickable.
    static func html(_ text: String, title: String, office: String) -> String {
        let paragraphs = text.components(separatedBy: "\n\n").map { paragraph -> String in
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { linkify(escape(String($0))) }
            return "<p>\(lines.joined(separator: "<br>\n"))</p>"
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>\(escape(title))</title></head>
            <body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:640px;margin:0 auto;padding:16px">
            <p style="font-weight:bold;color:#0b5394">\(escape(office))</p>
            \(paragraphs.joined(separator: "\n"))
            </body></html>
            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Makes the http(s) addresses of an escaped line into links.
    static func linkify(_ escaped: String) -> String {
        escaped.split(separator: " ", omittingEmptySubsequences: false).map { word in
            let w = String(word)
            guard w.hasPrefix("https://") || w.hasPrefix("http://") else { return w }
            return "<a href=\"\(w)\">\(w)</a>"
        }.joined(separator: " ")
    }
}

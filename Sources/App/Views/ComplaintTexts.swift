import AduanCore
import Vapor

/// Labels and dates of a complaint in the request's language, shared by its pages and API answers.
struct ComplaintTexts {
    let request: Request

    var dates: DateText { request.aduan.dateText }

    func serviceName(_ snapshot: ComplaintSnapshot) -> String {
        guard let service = snapshot.service else { return snapshot.complaint.serviceCode }
        return request.language == .id ? service.nameID : service.nameEN
    }

    func status(_ status: ComplaintStatus) -> String { request.text(status.messageKey) }

    func event(_ event: ComplaintEvent) -> String { request.text("event.\(event.action.rawValue)") }

    /// "Kami akan menjawab paling lambat Senin, 30 November 2026 pukul 14.00 WIB" and its kin.
    func deadlineSentence(_ deadline: ComplaintSnapshot.Deadline) -> String {
        switch deadline.kind {
        case .firstResponse, .resolution:
            guard let due = deadline.dueAt else { return request.text("deadline.none") }
            return request.text("deadline.\(deadline.kind.rawValue)", ["due": dates.deadline(due, in: request.language)])
        case .paused:
            return request.text("deadline.paused")
        case .none:
            return request.text("deadline.none")
        }
    }
}

/// The receipt (bukti pengaduan), printable, with no personal data on it.
struct ReceiptView: Encodable, Sendable {
    let code: String
    let followURL: String
    let receivedAt: String
    let service: String
    let classification: String
    let status: String
    let deadline: String
    let channel: String

    init(_ snapshot: ComplaintSnapshot, for request: Request) {
        let texts = ComplaintTexts(request: request)
        let complaint = snapshot.complaint
        let code = (try? TrackingCode(complaint.trackingCode))?.display ?? complaint.trackingCode
        self.code = code
        followURL = SitePaths.follow(complaint.trackingCode)
        receivedAt = texts.dates.long(complaint.receivedAt, in: request.language)
        service = texts.serviceName(snapshot)
        classification = request.text(complaint.classification.messageKey)
        status = texts.status(complaint.status)
        deadline = texts.deadlineSentence(ComplaintSnapshot.Deadline(kind: .firstResponse, dueAt: complaint.firstResponseDueAt))
        channel = request.text(complaint.channel.messageKey)
    }
}

import AduanCore
import Fluent
import Vapor

extension ComplaintService {
    /// What `complaint` still lacks under the service standard, from its fields and documents.
    static func missing(_ complaint: Complaint, attachments: [Attachment]) -> [ComplaintRequirement] {
        ComplaintRequirement.missing(
            nik: complaint.nik != nil, kkNumber: complaint.kkNumber != nil, phone: complaint.phone != nil,
            kkPhoto: attachments.contains { $0.kind == .kkPhoto }, ktpPhoto: attachments.contains { $0.kind == .ktpPhoto },
            classification: complaint.classification)
    }

    /// The citizen completes a complaint that came without everything the standard asks: the missing
    /// fields are filled (never overwritten), the photos join it, consent is recorded when there was
    /// none, and the step is the citizen's message on the timeline (resuming a paused clock).
    @discardableResult
    func complete(_ complaint: Complaint, with completion: ValidComplaintCompletion, uploads: [AcceptedUpload], address: String?) async throws -> ComplaintEvent {
        let at = now
        var filled: [ComplaintRequirement] = []
        if complaint.nik == nil, let nik = completion.nik { complaint.nik = nik.value; filled.append(.nik) }
        if complaint.kkNumber == nil, let kk = completion.kkNumber { complaint.kkNumber = kk.value; filled.append(.kkNumber) }
        if complaint.phone == nil, let phone = completion.phone { complaint.phone = phone.value; filled.append(.phone) }
        filled += uploads.compactMap { $0.kind == .kkPhoto ? .kkPhoto : $0.kind == .ktpPhoto ? .ktpPhoto : nil }
        if complaint.consentAt == nil {
            complaint.consentAt = at
            complaint.consentVersion = Self.consentVersion
            complaint.consentMethod = OfficerEntry.onlineConsent
        }
        let items = filled.map { context.catalogue.text($0.messageKey, .id) }.joined(separator: ", ")
        let message = context.catalogue.text("completion.event", .id, ["items": items])
        return try await addCitizenMessage(complaint, message: message, uploads: uploads, address: address)
    }
}

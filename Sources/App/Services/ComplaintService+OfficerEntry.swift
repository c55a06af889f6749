import AduanCore
import Vapor

/// A complaint that reached the office elsewhere (a walk-in, the complaint box, a call, social media,
/// SP4N-LAPOR!) and is entered by an officer on the citizen's behalf.
struct OfficerEntry: Sendable {
    /// `Complaint.consentMethod` values.
    static let inPersonConsent = "in_person"
    static let onlineConsent = "online"

    /// The officer who enters it.
    var user: User
    /// The link to the post, or the SP4N-LAPOR! tracking id.
    var reference: String?
    /// Whether the citizen gave consent to the officer; without it no consent is recorded.
    var consentGiven: Bool

    /// The channel and its reference as the form sent them, with the catalogue keys of what is wrong
    /// (field names `channel` and `channel_reference`).
    static func channel(_ raw: String?, reference: String?) -> (channel: ComplaintChannel?, reference: String?, errors: [String: String]) {
        let text = raw?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else { return (nil, nil, ["channel": "staff_api.channel.required"]) }
        guard let channel = ComplaintChannel(rawValue: text), ComplaintChannel.officerEntered.contains(channel) else {
            return (nil, nil, ["channel": "staff_api.channel.unknown"])
        }
        do {
            return (channel, try channel.validReference(reference), [:])
        } catch {
            return (channel, nil, ["channel_reference": error.messageKey])
        }
    }
}

extension ComplaintService {
    enum EntryFailure: Error, Equatable {
        /// Only complaints officers and admins enter complaints (`StaffAccessPolicy.canEnterComplaints`).
        case notAllowed
        /// `web` and `api` are the citizen's own channels.
        case notAnOfficerChannel
    }

    /// Files a complaint entered by an officer: validated like the public form but with
    /// `SubmissionRules.officerOptionalFields` (use `ComplaintIntake(request:form:optionalFields:)`),
    /// kept with its channel, reference, the officer who entered it and the way consent was given
    /// (`in_person`, or none), and audited as `complaint_entered`. The clock starts at entry.
    func enter(
        _ submission: ValidComplaintSubmission, channel: ComplaintChannel, reference: String?, consentGiven: Bool,
        uploads: [AcceptedUpload], by user: User, address: String?
    ) async throws -> Complaint {
        guard user.policy.canEnterComplaints else { throw EntryFailure.notAllowed }
        guard ComplaintChannel.officerEntered.contains(channel) else { throw EntryFailure.notAnOfficerChannel }
        let reference = try channel.validReference(reference)
        let entry = OfficerEntry(user: user, reference: reference, consentGiven: consentGiven)
        return try await file(submission, channel: channel, uploads: uploads, draftToken: nil, address: address, entry: entry)
    }
}

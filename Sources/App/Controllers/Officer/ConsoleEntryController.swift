import AduanCore
import Vapor

/// An officer enters a complaint that reached the office elsewhere — at the counter, in the complaint
/// box, by phone, on social media or through SP4N-LAPOR! — with the same checks as the public form and
/// the fields the channel cannot give left optional.
struct ConsoleEntryController {
    func form(_ req: Request) async throws -> Response {
        let staff = try requireEntry(req)
        // "Jadikan pengaduan" from a chat (`?percakapan=<id>`): the form starts with what the chat gave.
        let asked = try? req.query.get(UUID.self, at: "percakapan")
        let conversation = staff.policy.canSeeChatIntakes ? asked : nil
        let prefill = try await conversation.asyncFlatMap {
            try await ChatConversations(db: req.db).entryPrefill($0, catalogue: req.aduan.catalogue, language: req.language)
        }
        let view = try await ComplaintFormView.make(
            for: req, input: prefill?.input, errors: FieldErrors(), draftToken: nil, kept: [], officer: true, channel: prefill?.channel,
            conversation: prefill == nil ? nil : conversation?.uuidString)
        return try await req.consolePage("console-new-complaint", title: "console.entry.title", view)
    }

    func submit(_ req: Request) async throws -> Response {
        let staff = try requireEntry(req)
        let form = try MultipartForm(request: req)
        let (channel, reference, channelErrors) = OfficerEntry.channel(form.text("channel"), reference: form.text("channel_reference"))
        let intake = try await ComplaintIntake(request: req, form: form, optionalFields: SubmissionRules.officerOptionalFields)
        let service = ComplaintService(db: req.db, context: req.aduan, logger: req.logger)
        guard channelErrors.isEmpty, let channel, case .success(let submission) = intake.result else {
            var errors = FieldErrors()
            if case .failure(let fieldErrors) = intake.result { errors = fieldErrors }
            let view = try await ComplaintFormView.make(
                for: req, input: intake.input, errors: errors, draftToken: nil, kept: [], officer: true,
                channel: form.text("channel"), channelReference: form.text("channel_reference") ?? "",
                extraErrors: channelErrors.mapValues { req.text($0) }, conversation: form.text("conversation"))
            return try await req.consolePage("console-new-complaint", title: "console.entry.title", view, status: .unprocessableEntity)
        }
        let complaint = try await service.enter(
            submission, channel: channel, reference: reference, consentGiven: form.flag("consent"),
            uploads: intake.uploads.accepted, by: staff.user, address: req.clientAddress)
        if staff.policy.canSeeChatIntakes, let conversation = form.text("conversation").flatMap(UUID.init(uuidString:)) {
            try await ChatConversations(db: req.db).attach(conversation, to: complaint, at: req.now)
        }
        return req.redirect(to: SitePaths.consoleComplaint(complaint.trackingCode) + "?ok=submit")
    }

    @discardableResult
    private func requireEntry(_ req: Request) throws -> StaffContext {
        let staff = try req.requireStaff()
        guard staff.policy.canEnterComplaints else { throw Abort(.forbidden) }
        return staff
    }
}

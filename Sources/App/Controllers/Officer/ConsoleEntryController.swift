import AduanCore
import Vapor

/// An officer enters a complaint that reached the office elsewhere — at the counter, in the complaint
/// box, by phone, on social media or through SP4N-LAPOR! — with the same checks as the public form and
/// the fields the channel cannot give left optional.
struct ConsoleEntryController {
    func form(_ req: Request) async throws -> Response {
        try requireEntry(req)
        let view = try await ComplaintFormView.make(for: req, input: nil, errors: FieldErrors(), draftToken: nil, kept: [], officer: true)
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
                extraErrors: channelErrors.mapValues { req.text($0) })
            return try await req.consolePage("console-new-complaint", title: "console.entry.title", view, status: .unprocessableEntity)
        }
        let complaint = try await service.enter(
            submission, channel: channel, reference: reference, consentGiven: form.flag("consent"),
            uploads: intake.uploads.accepted, by: staff.user, address: req.clientAddress)
        return req.redirect(to: SitePaths.consoleComplaint(complaint.trackingCode) + "?ok=submit")
    }

    @discardableResult
    private func requireEntry(_ req: Request) throws -> StaffContext {
        let staff = try req.requireStaff()
        guard staff.policy.canEnterComplaints else { throw Abort(.forbidden) }
        return staff
    }
}

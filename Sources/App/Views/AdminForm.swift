import AduanCore
import Vapor

/// A form of the administration pages as its template sees it: what was typed and, beside each field,
/// what is wrong with it. `target` names the row a list's inline form belongs to.
struct AdminForm: Encodable, Sendable {
    var values: [String: String]
    var errors: [String: String]
    var target: String?
    var hasErrors: Bool

    init(values: [String: String] = [:], errors: [String: String] = [:], target: String? = nil) {
        self.values = values
        self.errors = errors
        self.target = target
        self.hasErrors = !errors.isEmpty
    }
}

/// The fields of a posted form, trimmed, with the errors found so far (as catalogue keys).
struct AdminInput {
    let fields: [String: String]
    private(set) var errorKeys: [String: String] = [:]
    /// The values a field's message names (`{name}` in its text).
    private(set) var errorArguments: [String: [String: String]] = [:]

    init(_ req: Request) {
        let raw = (try? req.content.decode([String: String].self)) ?? [:]
        fields = raw.mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0.key != "_csrf" }
    }

    subscript(name: String) -> String { fields[name] ?? "" }

    var isValid: Bool { errorKeys.isEmpty }

    mutating func fail(_ field: String, _ key: String, _ arguments: [String: String] = [:]) {
        if errorKeys[field] == nil {
            errorKeys[field] = key
            errorArguments[field] = arguments
        }
    }

    /// A required text of at most `max` characters.
    mutating func text(_ field: String, max: Int = 200, required: Bool = true) -> String {
        let value = self[field]
        if required && value.isEmpty { fail(field, "admin.error.required") }
        if value.count > max { fail(field, "admin.error.too_long") }
        return value
    }

    mutating func number(_ field: String, in range: ClosedRange<Int>, key: String) -> Int {
        guard let value = Int(self[field]), range.contains(value) else { fail(field, key); return range.lowerBound }
        return value
    }

    /// The form as it goes back to the page, with the messages in the request's language.
    func form(_ req: Request, target: String? = nil) -> AdminForm {
        AdminForm(values: fields, errors: Dictionary(uniqueKeysWithValues: errorKeys.map { field, key in
            (field, req.text(key, errorArguments[field] ?? [:]))
        }), target: target)
    }
}

extension Request {
    /// The short confirmation after a change (`?ok=…`), if it names one the catalogue knows.
    var adminConfirmation: String? {
        guard let done = try? query.get(String.self, at: "ok"), AdminDone(rawValue: done) != nil else { return nil }
        return text("admin.done.\(done)")
    }

    /// Back to `path` after a change, with its confirmation.
    func adminDone(_ path: String, _ done: AdminDone) -> Response {
        redirect(to: path + (path.contains("?") ? "&" : "?") + "ok=\(done.rawValue)", redirectType: .normal)
    }

    func requireAdmin() throws -> StaffContext {
        let staff = try requireStaff()
        guard staff.policy.canAdminister else { throw Abort(.forbidden) }
        return staff
    }
}

/// The confirmations the administration pages show after a change (`admin.done.*`).
enum AdminDone: String {
    case userCreated = "user_created", userUpdated = "user_updated", userDeactivated = "user_deactivated"
    case userReactivated = "user_reactivated", passwordReset = "password_reset", twoFactorReset = "two_factor_reset"
    case unitAdded = "unit_added", unitUpdated = "unit_updated"
    case serviceAdded = "service_added", serviceUpdated = "service_updated"
    case holidayAdded = "holiday_added", holidayUpdated = "holiday_updated", holidayRemoved = "holiday_removed"
    case holidaysImported = "holidays_imported", weekdaysSaved = "weekdays_saved"
    case officeSaved = "office_saved", retentionSaved = "retention_saved"
    case replyAdded = "reply_added", replyUpdated = "reply_updated"
    case messageResent = "message_resent", messageNotFailed = "message_not_failed"
    case templateSaved = "template_saved", templateReset = "template_reset"
    case whatsAppTemplateSaved = "whatsapp_template_saved", whatsAppTemplateDeleted = "whatsapp_template_deleted"
}

/// Only the admin passes.
struct AdminGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = try request.requireAdmin()
        return try await next.respond(to: request)
    }
}

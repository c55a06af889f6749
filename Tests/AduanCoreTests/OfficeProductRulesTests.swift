import Testing
@testable import AduanCore

/// The rules behind "the product of the service reaches the citizen": which steps carry the office's
/// files, and when the e-mail address (where answers and documents are sent) is required.
@Suite("Office documents and the e-mail requirement")
struct OfficeProductRulesTests {
    static func input(email: String?) -> ComplaintSubmissionInput {
        ComplaintSubmissionInput(
            name: "Siti Rahmawati", nik: "1310054507900001", kkNumber: "1310050101090002", phone: "0812-3456-7890",
            email: email, service: "ktp_el", classification: "pengaduan", description: "KTP-el saya belum dicetak sejak tiga bulan.",
            consent: true, hasKKPhoto: true, hasKTPPhoto: true)
    }

    static func rules(requireEmail: Bool, optional: Set<SubmissionField> = []) -> SubmissionRules {
        SubmissionRules(serviceCodes: ["ktp_el"], districts: [:], today: Fixture.day("2026-11-30"), optionalFields: optional, requireEmail: requireEmail)
    }

    struct EmailCase: Sendable, CustomTestStringConvertible {
        let email: String?
        let requireEmail: Bool
        let optional: Set<SubmissionField>
        /// The message key expected for `email`, nil for an accepted submission.
        let error: String?
        var testDescription: String { "email=\(email ?? "nil") require=\(requireEmail) optional=\(optional.map(\.rawValue).sorted())" }
    }

    @Test(arguments: [
        EmailCase(email: nil, requireEmail: true, optional: [], error: "validation.email.required"),
        EmailCase(email: "   ", requireEmail: true, optional: [], error: "validation.email.required"),
        EmailCase(email: "warga@example.com", requireEmail: true, optional: [], error: nil),
        EmailCase(email: "warga@", requireEmail: true, optional: [], error: "validation.email.invalid"),
        EmailCase(email: nil, requireEmail: false, optional: [], error: nil),
        EmailCase(email: "warga@", requireEmail: false, optional: [], error: "validation.email.invalid"),
        // An officer's entry: the e-mail stays optional even where the web form requires it.
        EmailCase(email: nil, requireEmail: true, optional: SubmissionRules.officerOptionalFields, error: nil),
    ])
    func emailRequirement(_ row: EmailCase) {
        let result = ComplaintSubmission.validate(Self.input(email: row.email), rules: Self.rules(requireEmail: row.requireEmail, optional: row.optional))
        switch result {
        case .success(let valid):
            #expect(row.error == nil, "accepted, expected \(row.error ?? "")")
            #expect(valid.email?.value == row.email?.lowercased())
        case .failure(let errors):
            #expect(errors[.email] == row.error)
            #expect(errors.messages.count == 1, "only the e-mail is wrong: \(errors.messages)")
        }
    }

    @Test("only an answer, a request for information and the resolution carry the office's files")
    func actionsThatCarryFiles() {
        let carrying = Set(ComplaintAction.allCases.filter(\.carriesOfficeDocuments))
        #expect(carrying == [.reply, .requestInfo, .resolve])
        // Each of them is shown to the citizen with its text, so the files are too.
        #expect(carrying.allSatisfy { $0.isVisibleToCitizen && $0.messageIsForCitizen })
    }

    @Test("office documents are not identity documents")
    func identityKinds() {
        #expect(AttachmentKind.allCases.filter(\.showsIdentity) == [.kkPhoto, .ktpPhoto])
        #expect(AttachmentKind.officeDocument.rawValue == "office_document")
    }
}

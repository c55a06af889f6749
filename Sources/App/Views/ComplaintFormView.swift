import AduanCore
import Vapor

/// The complaint form: its choices, the values typed so far, the files already accepted, and the
/// problems to fix, each beside its field.
struct ComplaintFormView: Encodable, Sendable {
    struct DistrictGroup: Encodable, Sendable {
        let label: String
        let options: [SelectOption]
    }

    struct KeptFile: Encodable, Sendable {
        let name: String
        let size: String
    }

    struct Values: Encodable, Sendable {
        var name = ""
        var nik = ""
        var kkNumber = ""
        var phone = ""
        var email = ""
        var description = ""
        var confidential = false
        var consent = false
    }

    let action: String
    let values: Values
    let services: [SelectOption]
    let classifications: [SelectOption]
    let districts: [SelectOption]
    let nagari: [DistrictGroup]
    let errors: [String: String]
    let errorList: [Link]
    let hasErrors: Bool
    /// An officer enters the complaint: NIK, KK, phone, photos and consent are optional, and the channel
    /// it came through is asked.
    let officer: Bool
    /// The citizen's form where the office requires an e-mail address (`AppConfig.emailRequired`).
    let emailRequired: Bool
    let officerChannels: [SelectOption]
    let channelReference: String
    let draftToken: String
    let keptKK: KeptFile?
    let keptKTP: KeptFile?
    let keptDocuments: [KeptFile]
    let maxFileBytes: Int
    let maxTotalBytes: Int
    let keptBytes: Int
    let limitsText: String
    let uploadMessages: UploadMessages
    let consentText: String
    /// The chat an officer makes a complaint of ("Jadikan pengaduan"): it joins the complaint on entry.
    let conversation: String?
}

extension ComplaintFormView {
    /// Builds the form for `request`, filled with what was typed (`input`) and showing `errors`.
    /// - Parameters:
    ///   - officer: the form an officer fills in for a complaint received elsewhere (identity optional).
    ///   - extraErrors: messages for fields outside the public form (`channel`, `channel_reference`).
    static func make(
        for request: Request, input: ComplaintSubmissionInput?, errors: FieldErrors, draftToken: String?, kept: [Attachment],
        officer: Bool = false, channel: String? = nil, channelReference: String = "", extraErrors: [String: String] = [:],
        conversation: String? = nil
    ) async throws -> ComplaintFormView {
        let language = request.language
        let references = ReferenceRepository(db: request.db, timeZone: request.aduan.config.timeZone)
        let config = request.aduan.config
        let settings = try await request.officeSettings()
        let services = try await references.activeServices()
        let districts = try await references.districts(of: config.office.regencyCode)
        let nagari = try await references.nagari(in: districts.compactMap(\.id))

        let chosenService = input?.service ?? ""
        let chosenClassification = input?.classification ?? Classification.pengaduan.rawValue
        let chosenDistrict = input?.district ?? ""
        let chosenNagari = input?.nagari ?? ""

        var messages: [String: String] = [:]
        var list: [Link] = []
        for (field, key) in errors.messages.sorted(by: { $0.key < $1.key }) {
            let text = request.text(key)
            messages[field.rawValue] = text
            list.append(Link(href: "#field-\(field.rawValue)", label: text))
        }

        func keptFile(_ attachment: Attachment) -> KeptFile {
            KeptFile(name: attachment.originalName, size: request.size(attachment.size))
        }

        return ComplaintFormView(
            action: SitePaths.link(SitePaths.submitComplaint),
            values: Values(
                name: input?.name ?? "", nik: input?.nik ?? "", kkNumber: input?.kkNumber ?? "",
                phone: input?.phone ?? "", email: input?.email ?? "", description: input?.description ?? "",
                confidential: input?.confidential ?? false, consent: input?.consent ?? false),
            services: services.map { SelectOption(value: $0.id!, label: language == .id ? $0.nameID : $0.nameEN, selected: $0.id == chosenService) },
            classifications: Classification.allCases.map {
                SelectOption(value: $0.rawValue, label: request.text($0.messageKey), selected: $0.rawValue == chosenClassification)
            },
            districts: districts.map { SelectOption(value: $0.id!, label: $0.name, selected: $0.id == chosenDistrict) },
            nagari: districts.map { district in
                DistrictGroup(
                    label: district.name,
                    options: nagari.filter { $0.parentCode == district.id }.map { SelectOption(value: $0.id!, label: $0.name, selected: $0.id == chosenNagari) })
            },
            errors: messages.merging(extraErrors) { first, _ in first },
            errorList: extraErrors.sorted { $0.key < $1.key }.map { Link(href: "#field-\($0.key)", label: $0.value) } + list,
            hasErrors: !errors.isEmpty || !extraErrors.isEmpty,
            officer: officer,
            emailRequired: !officer && config.emailRequired,
            officerChannels: officer ? ComplaintChannel.officerEntered.map {
                SelectOption(value: $0.rawValue, label: request.text($0.messageKey), selected: $0.rawValue == channel)
            } : [],
            channelReference: channelReference,
            draftToken: draftToken ?? "",
            keptKK: kept.last { $0.kind == .kkPhoto }.map(keptFile),
            keptKTP: kept.last { $0.kind == .ktpPhoto }.map(keptFile),
            keptDocuments: kept.filter { $0.kind == .document }.map(keptFile),
            maxFileBytes: config.maxFileBytes,
            maxTotalBytes: config.maxComplaintBytes,
            keptBytes: kept.reduce(0) { $0 + $1.size },
            limitsText: request.text("form.files.limits"),
            uploadMessages: UploadMessages(request),
            consentText: request.text("form.consent.text", ["office": settings.office.name, "years": String(settings.retentionYears)]),
            conversation: officer ? conversation.flatMap(UUID.init(uuidString:))?.uuidString : nil
        )
    }
}

/// The texts the page's script shows when a chosen file is too large or the connection drops, carried
/// in data attributes so that the script holds no text of its own.
struct UploadMessages: Encodable, Sendable {
    let tooLarge: String
    let total: String
    let network: String

    init(_ request: Request) {
        tooLarge = request.text("upload.too_large")
        total = request.text("upload.total_too_large")
        network = request.text("upload.network")
    }
}

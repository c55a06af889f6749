import AduanCore
import Fluent
import Vapor

/// The queue: every complaint this person may see, sorted by the deadline that applies now, filtered and
/// searched, a page at a time (keyset paging through `ComplaintQueue`, fast with a million rows).
struct ConsoleQueueController {
    struct QueueQuery: Content {
        var status: String?
        var channel: String?
        var service: String?
        var classification: String?
        var unit: String?
        var sla: String?
        var q: String?
        var from: String?
        var to: String?
        var cursor: String?
    }

    struct QueueView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let code: String
            let href: String
            let name: String
            let nik: String?
            let service: String
            let channel: String
            let status: String
            let statusCode: String
            let unit: String?
            let receivedAt: String
            let slaState: String
            let slaWords: String
            let dueAt: String?
        }
        let rows: [Row]
        let hasRows: Bool
        let statuses: [SelectOption]
        let channels: [SelectOption]
        let services: [SelectOption]
        let classifications: [SelectOption]
        let units: [SelectOption]
        let slaStates: [SelectOption]
        let q: String
        let from: String
        let to: String
        let nextHref: String?
        let firstHref: String?
        let showUnitFilter: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let query = try req.query.decode(QueueQuery.self)
        var filter = ComplaintQueue.Filter()
        filter.statuses = query.status.flatMap(ComplaintStatus.init(rawValue:)).map { [$0] } ?? []
        filter.channels = query.channel.flatMap(ComplaintChannel.init(rawValue:)).map { [$0] } ?? []
        filter.serviceCode = query.service?.nilIfEmpty
        filter.classification = query.classification.flatMap(Classification.init(rawValue:))
        filter.unitCode = query.unit?.nilIfEmpty
        filter.sla = query.sla.flatMap(SLAState.init(rawValue:))
        filter.search = query.q?.nilIfEmpty
        filter.receivedFrom = query.from.flatMap(CivilDate.init(iso:))
        filter.receivedTo = query.to.flatMap(CivilDate.init(iso:))
        if filter.statuses.isEmpty && query.status == nil {
            // By default the queue shows what still needs the office.
            filter.statuses = [.received, .inProgress, .needsInfo]
        }
        let cursor = query.cursor.flatMap(ComplaintQueue.Cursor.init(token:))
        let page = try await ComplaintQueue(db: req.db, context: req.aduan).page(filter: filter, cursor: cursor, limit: 50, viewer: staff.policy)

        let references = ReferenceRepository(db: req.db, timeZone: req.aduan.config.timeZone)
        let services = try await references.activeServices()
        let units = try await Unit.query(on: req.db).sort(\.$name).all()
        let serviceNames = Dictionary(uniqueKeysWithValues: services.map { ($0.id!, req.language == .id ? $0.nameID : $0.nameEN) })
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let dates = req.aduan.dateText

        let rows = page.items.map { item -> QueueView.Row in
            let complaint = item.complaint
            let sla = SLAText(position: item.sla, deadline: item.deadline, request: req)
            return QueueView.Row(
                code: (try? TrackingCode(complaint.trackingCode))?.display ?? complaint.trackingCode,
                href: SitePaths.consoleComplaint(complaint.trackingCode),
                name: item.identityVisible ? complaint.reporterName : req.text("console.queue.confidential"),
                nik: item.identityVisible ? complaint.nik.map(IdentityMask.masked) : nil,
                service: serviceNames[complaint.serviceCode] ?? complaint.serviceCode,
                channel: req.text(complaint.channel.messageKey),
                status: req.text(complaint.status.messageKey), statusCode: complaint.status.rawValue,
                unit: complaint.unitCode.map { unitNames[$0] ?? $0 },
                receivedAt: dates.short(complaint.receivedAt, in: req.language),
                slaState: sla.state, slaWords: sla.words, dueAt: sla.dueAt)
        }

        func options(_ values: [(String, String)], selected: String?) -> [SelectOption] {
            values.map { SelectOption(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        var nextHref: String?
        if let next = page.next {
            var components = URLComponents()
            components.path = SitePaths.link(SitePaths.consoleQueue)
            components.queryItems = (req.url.query.flatMap { URLComponents(string: "?\($0)")?.queryItems } ?? [])
                .filter { $0.name != "cursor" } + [URLQueryItem(name: "cursor", value: next.token)]
            nextHref = components.string
        }
        let view = QueueView(
            rows: rows, hasRows: !rows.isEmpty,
            statuses: options(ComplaintStatus.allCases.map { ($0.rawValue, req.text($0.messageKey)) }, selected: query.status),
            channels: options(ComplaintChannel.allCases.map { ($0.rawValue, req.text($0.messageKey)) }, selected: query.channel),
            services: options(services.map { ($0.id!, serviceNames[$0.id!] ?? $0.id!) }, selected: query.service),
            classifications: options(Classification.allCases.map { ($0.rawValue, req.text($0.messageKey)) }, selected: query.classification),
            units: options(units.map { ($0.id!, $0.name) }, selected: query.unit),
            slaStates: options(SLAState.allCases.map { ($0.rawValue, req.text($0.messageKey)) }, selected: query.sla),
            q: query.q ?? "", from: query.from ?? "", to: query.to ?? "",
            nextHref: nextHref, firstHref: cursor == nil ? nil : SitePaths.link(SitePaths.consoleQueue),
            showUnitFilter: staff.role != .bidang)
        return try await req.consolePage("console-queue", title: "console.queue.title", view)
    }
}

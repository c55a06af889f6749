import AduanCore
import Fluent
import Vapor

/// The working-day calendar behind every deadline: holidays by year (national, cuti bersama, local), a
/// year imported from the government's list, and the weekdays the office works.
struct AdminCalendarController {
    struct CalendarView: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let date: String
            let kind: String
            let name: String
            let form: AdminForm
            let kinds: [SelectOption]
            let updateAction: String
            let removeAction: String
        }
        let year: Int
        let previousYear: String
        let nextYear: String
        let rows: [Row]
        /// Leaf takes an empty list for true: templates test these flags instead.
        let hasRows: Bool
        let add: AdminForm
        let kinds: [SelectOption]
        let importYear: Int
        let importErrors: [String]
        let hasImportErrors: Bool
        let weekdays: [SelectOption]
        let weekdaysError: String?
        let addAction: String
        let importAction: String
        let weekdaysAction: String
        let done: String?
    }

    /// Monday first, as Indonesian calendars print it (1 = Sunday … 7 = Saturday).
    static let weekdayOrder = [2, 3, 4, 5, 6, 7, 1]
    static let weekdayKeys = [1: "admin.calendar.day.sunday", 2: "admin.calendar.day.monday", 3: "admin.calendar.day.tuesday",
                              4: "admin.calendar.day.wednesday", 5: "admin.calendar.day.thursday", 6: "admin.calendar.day.friday",
                              7: "admin.calendar.day.saturday"]
    static let kindKeys: [Holiday.Kind: String] = [.national: "admin.calendar.kinds.national",
                                                   .collectiveLeave: "admin.calendar.kinds.collective_leave", .local: "admin.calendar.kinds.local"]

    struct State {
        var year: Int
        var add = AdminForm(values: ["kind": Holiday.Kind.local.rawValue])
        var rowForm = AdminForm()
        var importErrors: [String] = []
        var weekdays: Set<Int>?
        var weekdaysError: String?
    }

    func show(_ req: Request) async throws -> Response {
        try await render(req, State(year: year(req)))
    }

    func add(_ req: Request) async throws -> Response {
        var input = AdminInput(req)
        guard let (date, kind, name) = holidayFields(&input) else {
            var state = State(year: year(req))
            state.add = input.form(req)
            return try await render(req, state, status: .unprocessableEntity)
        }
        try await Holiday(date: date.iso, kind: kind, name: name).create(on: req.db)
        try await req.audit(.settingsChanged, "holiday added \(date.iso) \(kind.rawValue)")
        return req.adminDone(link(date.year), .holidayAdded)
    }

    func update(_ req: Request) async throws -> Response {
        let holiday = try await find(req)
        var input = AdminInput(req)
        guard let (date, kind, name) = holidayFields(&input) else {
            var state = State(year: CivilDate(iso: holiday.date)?.year ?? year(req))
            state.rowForm = input.form(req, target: holiday.id?.uuidString)
            return try await render(req, state, status: .unprocessableEntity)
        }
        let before = holiday.date
        holiday.date = date.iso
        holiday.kind = kind
        holiday.name = name
        try await holiday.save(on: req.db)
        try await req.audit(.settingsChanged, "holiday updated \(before) -> \(date.iso) \(kind.rawValue)")
        return req.adminDone(link(date.year), .holidayUpdated)
    }

    func remove(_ req: Request) async throws -> Response {
        let holiday = try await find(req)
        try await holiday.delete(on: req.db)
        try await req.audit(.settingsChanged, "holiday removed \(holiday.date) \(holiday.kind.rawValue)")
        return req.adminDone(link(CivilDate(iso: holiday.date)?.year ?? year(req)), .holidayRemoved)
    }

    /// Replaces the year's national holidays and cuti bersama with the file's; local holidays stay.
    func importYear(_ req: Request) async throws -> Response {
        let form = try MultipartForm(request: req)
        let chosenYear = Int(form.text("year") ?? "").flatMap { (2000...2100).contains($0) ? $0 : nil }
        var state = State(year: chosenYear ?? year(req))
        guard let targetYear = chosenYear else {
            state.importErrors = [req.text("admin.calendar.import.bad_year")]
            return try await render(req, state, status: .unprocessableEntity)
        }
        guard let file = form.files("file").first else {
            state.importErrors = [req.text("admin.calendar.import.no_file")]
            return try await render(req, state, status: .unprocessableEntity)
        }
        guard let text = String(validating: Array(file.data.readableBytesView), as: UTF8.self) else {
            state.importErrors = [req.text("admin.calendar.import.not_text")]
            return try await render(req, state, status: .unprocessableEntity)
        }
        switch HolidayImport.parse(text, year: targetYear) {
        case .failure(let failure):
            state.importErrors = failure.lines.map { req.text($0.messageKey, ["line": String($0.line), "value": $0.value, "year": String(targetYear)]) }
            return try await render(req, state, status: .unprocessableEntity)
        case .success(let rows):
            try await req.db.transaction { db in
                try await Holiday.query(on: db)
                    .filter(\.$date >= "\(targetYear)-01-01").filter(\.$date <= "\(targetYear)-12-31")
                    .filter(\.$kind != .local).delete()
                for row in rows { try await Holiday(date: row.date.iso, kind: row.kind, name: row.name).create(on: db) }
            }
            try await req.audit(.settingsChanged, "holidays imported \(targetYear): \(rows.count) rows")
            return req.adminDone(link(targetYear), .holidaysImported)
        }
    }

    func saveWeekdays(_ req: Request) async throws -> Response {
        let input = AdminInput(req)
        let days = Set(Self.weekdayOrder.filter { input["day\($0)"] == "1" })
        guard !days.isEmpty else {
            var state = State(year: year(req))
            state.weekdays = days
            state.weekdaysError = req.text("admin.calendar.weekdays_empty")
            return try await render(req, state, status: .unprocessableEntity)
        }
        let text = OfficeProfileStore.weekdaysText(days)
        try await req.officeProfileStore.save([.workingWeekdays: text])
        try await req.audit(.settingsChanged, "working weekdays \(text)")
        return req.adminDone(SitePaths.link(SitePaths.adminCalendar), .weekdaysSaved)
    }

    // MARK: Helpers

    private func holidayFields(_ input: inout AdminInput) -> (CivilDate, Holiday.Kind, String)? {
        let date = CivilDate(iso: input["date"])
        if date == nil { input.fail("date", "admin.calendar.error.date") }
        let kind = Holiday.Kind(rawValue: input["kind"])
        if kind == nil { input.fail("kind", "admin.calendar.error.kind") }
        let name = input.text("name", max: 200)
        guard input.isValid, let date, let kind else { return nil }
        return (date, kind, name)
    }

    private func year(_ req: Request) -> Int {
        if let asked = try? req.query.get(Int.self, at: "tahun"), (2000...2100).contains(asked) { return asked }
        return WorkingCalendar(timeZone: req.aduan.config.timeZone, holidays: []).civilDate(of: req.now).year
    }

    private func link(_ year: Int) -> String { SitePaths.link(SitePaths.adminCalendar) + "?tahun=\(year)" }

    private func find(_ req: Request) async throws -> Holiday {
        guard let id = req.parameters.get("holiday", as: UUID.self), let holiday = try await Holiday.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return holiday
    }

    private func kinds(_ req: Request, selected: String?) -> [SelectOption] {
        [Holiday.Kind.national, .collectiveLeave, .local].map {
            SelectOption(value: $0.rawValue, label: req.text(Self.kindKeys[$0]!), selected: $0.rawValue == selected)
        }
    }

    private func render(_ req: Request, _ state: State, status: HTTPStatus = .ok) async throws -> Response {
        let holidays = try await Holiday.query(on: req.db)
            .filter(\.$date >= "\(state.year)-01-01").filter(\.$date <= "\(state.year)-12-31")
            .sort(\.$date).all()
        let dates = req.aduan.dateText
        let calendar = WorkingCalendar(timeZone: req.aduan.config.timeZone, holidays: [])
        let rows = holidays.map { holiday in
            let id = holiday.id?.uuidString ?? ""
            let form = state.rowForm.target == id ? state.rowForm
                : AdminForm(values: ["date": holiday.date, "kind": holiday.kind.rawValue, "name": holiday.name])
            let label = CivilDate(iso: holiday.date).map { dates.dateOnly(calendar.startOfDay($0).addingTimeInterval(43_200), in: req.language) }
            return CalendarView.Row(
                date: label ?? holiday.date, kind: req.text(Self.kindKeys[holiday.kind]!), name: holiday.name, form: form,
                kinds: kinds(req, selected: form.values["kind"]),
                updateAction: holiday.id.map { SitePaths.adminHoliday($0) } ?? "",
                removeAction: holiday.id.map { SitePaths.adminHoliday($0, SitePaths.adminHolidayDelete) } ?? "")
        }
        let weekdays: Set<Int>
        if let chosen = state.weekdays { weekdays = chosen } else { weekdays = try await req.officeSettings().workingWeekdays }
        return try await req.consolePage("console-admin-calendar", title: "admin.calendar.title", CalendarView(
            year: state.year, previousYear: link(state.year - 1), nextYear: link(state.year + 1), rows: rows, hasRows: !rows.isEmpty,
            add: state.add, kinds: kinds(req, selected: state.add.values["kind"]), importYear: state.year,
            importErrors: state.importErrors, hasImportErrors: !state.importErrors.isEmpty,
            weekdays: Self.weekdayOrder.map { SelectOption(value: String($0), label: req.text(Self.weekdayKeys[$0]!), selected: weekdays.contains($0)) },
            weekdaysError: state.weekdaysError,
            addAction: SitePaths.link(SitePaths.adminCalendar), importAction: SitePaths.link(SitePaths.adminHolidayImport),
            weekdaysAction: SitePaths.link(SitePaths.adminWorkingWeekdays), done: req.adminConfirmation), status: status)
    }
}

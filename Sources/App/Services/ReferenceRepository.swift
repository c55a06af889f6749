import AduanCore
import Fluent
import Foundation

/// Reads the reference data the rules need: the working-day calendar, the catalogue and the regions.
struct ReferenceRepository {
    let db: any Database
    let timeZone: TimeZone

    /// The holidays from the table and the working weekdays the admin set (Monday–Friday by default).
    func calendar() async throws -> WorkingCalendar {
        let dates = try await Holiday.query(on: db).all().compactMap { CivilDate(iso: $0.date) }
        let weekdays = try await Setting.find(OfficeProfileStore.Key.workingWeekdays.rawValue, on: db)
            .flatMap { OfficeProfileStore.parseWeekdays($0.value) } ?? OfficeProfileStore.defaultWorkingWeekdays
        return WorkingCalendar(timeZone: timeZone, workingWeekdays: weekdays, holidays: Set(dates))
    }

    func activeServices() async throws -> [Service] {
        try await Service.query(on: db).filter(\.$active == true).sort(\.$position).all()
    }

    func service(_ code: String) async throws -> Service? {
        try await Service.find(code, on: db)
    }

    func districts(of regencyCode: String) async throws -> [Region] {
        try await Region.query(on: db)
            .filter(\.$level == .kecamatan).filter(\.$parentCode == regencyCode)
            .sort(\.$name).all()
    }

    func nagari(in districtCodes: [String]) async throws -> [Region] {
        try await Region.query(on: db)
            .filter(\.$level == .nagari).filter(\.$parentCode ~~ districtCodes)
            .sort(\.$name).all()
    }

    func region(_ code: String) async throws -> Region? {
        try await Region.find(code, on: db)
    }

    /// The rules a new complaint is checked against, as of `now`.
    func submissionRules(regencyCode: String, now: Date, optionalFields: Set<SubmissionField> = [], requireEmail: Bool = false) async throws -> SubmissionRules {
        let services = try await activeServices()
        let districts = try await districts(of: regencyCode)
        let nagari = try await nagari(in: districts.compactMap(\.id))
        var members: [String: Set<String>] = [:]
        for district in districts { members[district.id!] = [] }
        for place in nagari { if let parent = place.parentCode, let code = place.id { members[parent, default: []].insert(code) } }
        let today = try await calendar().civilDate(of: now)
        return SubmissionRules(serviceCodes: Set(services.compactMap(\.id)), districts: members, today: today, optionalFields: optionalFields,
                               requireEmail: requireEmail)
    }
}

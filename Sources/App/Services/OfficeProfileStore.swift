import AduanCore
import Fluent
import Vapor

/// The values the admin may change in the console, over the configuration's defaults: the office profile
/// shown on public pages, the retention period and the working weekdays. One query reads them all.
struct OfficeProfileStore {
    let db: any Database
    let config: AppConfig

    /// The keys of the `settings` table. Stored: never rename one.
    enum Key: String, CaseIterable, Sendable {
        case name = "office.name"
        case shortName = "office.short_name"
        case address = "office.address"
        case phone = "office.phone"
        case whatsapp = "office.whatsapp"
        case email = "office.email"
        case website = "office.website"
        case facebook = "office.facebook"
        case instagram = "office.instagram"
        case twitter = "office.twitter"
        case tiktok = "office.tiktok"
        case laporURL = "office.lapor_url"
        case openingHours = "office.opening_hours"
        case retentionYears = "retention_years"
        case workingWeekdays = "working_weekdays"
    }

    /// What is in force now.
    struct Effective: Sendable {
        var office: OfficeProfile
        var retentionYears: Int
        /// 1 = Sunday … 7 = Saturday, as `WorkingCalendar` counts.
        var workingWeekdays: Set<Int>
    }

    static let defaultWorkingWeekdays: Set<Int> = [2, 3, 4, 5, 6]
    static let retentionRange = 1...30

    func effective() async throws -> Effective {
        let stored = try await Setting.query(on: db).all()
        var values: [Key: String] = [:]
        for setting in stored { if let id = setting.id, let key = Key(rawValue: id) { values[key] = setting.value } }
        return Self.apply(values, to: config)
    }

    /// The configuration with the stored values laid over it. A stored empty text clears an optional field;
    /// a value that no longer parses falls back to the default rather than breaking every page.
    static func apply(_ values: [Key: String], to config: AppConfig) -> Effective {
        var office = config.office
        func required(_ key: Key, _ field: WritableKeyPath<OfficeProfile, String>) {
            if let value = values[key], !value.isEmpty { office[keyPath: field] = value }
        }
        func optional(_ key: Key, _ field: WritableKeyPath<OfficeProfile, String?>) {
            if let value = values[key] { office[keyPath: field] = value.isEmpty ? nil : value }
        }
        required(.name, \.name)
        required(.shortName, \.shortName)
        required(.address, \.address)
        required(.laporURL, \.laporURL)
        required(.openingHours, \.openingHours)
        optional(.phone, \.phone)
        optional(.email, \.email)
        optional(.website, \.website)
        optional(.facebook, \.facebook)
        optional(.instagram, \.instagram)
        optional(.twitter, \.twitter)
        optional(.tiktok, \.tiktok)
        if let value = values[.whatsapp] { office.whatsapp = value.isEmpty ? nil : (try? PhoneNumber(value)) ?? office.whatsapp }
        let retention = values[.retentionYears].flatMap(Int.init).flatMap { retentionRange.contains($0) ? $0 : nil }
        return Effective(office: office, retentionYears: retention ?? config.retentionYears,
                         workingWeekdays: values[.workingWeekdays].flatMap(parseWeekdays) ?? defaultWorkingWeekdays)
    }

    /// "2,3,4,5,6" → {2, 3, 4, 5, 6}; nil when empty or malformed.
    static func parseWeekdays(_ text: String) -> Set<Int>? {
        let days = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !days.isEmpty, days.allSatisfy({ $0.map { (1...7).contains($0) } ?? false }) else { return nil }
        return Set(days.compactMap { $0 })
    }

    static func weekdaysText(_ days: Set<Int>) -> String {
        days.sorted().map(String.init).joined(separator: ",")
    }

    /// Stores `values`, replacing what was there.
    func save(_ values: [Key: String]) async throws {
        try await db.transaction { db in
            for (key, value) in values {
                if let setting = try await Setting.find(key.rawValue, on: db) {
                    setting.value = value
                    try await setting.update(on: db)
                } else {
                    try await Setting(key: key.rawValue, value: value).create(on: db)
                }
            }
        }
    }
}

extension Request {
    private struct EffectiveKey: StorageKey { typealias Value = OfficeProfileStore.Effective }

    var officeProfileStore: OfficeProfileStore { OfficeProfileStore(db: db, config: aduan.config) }

    /// The settings in force, read once per request.
    func officeSettings() async throws -> OfficeProfileStore.Effective {
        if let cached = storage[EffectiveKey.self] { return cached }
        let effective = try await officeProfileStore.effective()
        storage[EffectiveKey.self] = effective
        return effective
    }

    /// For the page that says the database is away: the configured settings, without asking the database.
    func useConfiguredOfficeSettings() {
        if storage[EffectiveKey.self] == nil { storage[EffectiveKey.self] = OfficeProfileStore.apply([:], to: aduan.config) }
    }
}

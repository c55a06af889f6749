import Foundation

extension WorkingCalendar {
    /// Fixed offsets of Indonesia's zones, which have no daylight saving time. Used when the system has no
    /// time-zone database (slim Linux images without tzdata return nil for "Asia/Jakarta").
    private static let indonesianOffsets: [String: Int] = [
        "Asia/Jakarta": 7, "Asia/Pontianak": 7,
        "Asia/Makassar": 8, "Asia/Ujung_Pandang": 8,
        "Asia/Jayapura": 9,
    ]

    private static let indonesianAbbreviations: [Int: String] = [7: "WIB", 8: "WITA", 9: "WIT"]

    /// The zone of an office by its IANA identifier, falling back to a fixed offset for the Indonesian
    /// zones when the system does not know the identifier. Nil for an unknown identifier.
    public static func officeTimeZone(identifier: String) -> TimeZone? {
        if let zone = TimeZone(identifier: identifier) { return zone }
        guard let hours = indonesianOffsets[identifier] else { return nil }
        return TimeZone(secondsFromGMT: hours * 3600)
    }

    /// "WIB", "WITA" or "WIT" for the Indonesian zones (by identifier, or by offset for a fixed-offset
    /// zone such as the fallback of `officeTimeZone`), else "UTC+X" ("UTC+5:30", "UTC-3", "UTC+0").
    /// Never read from the system: abbreviations depend on locale data that Linux images may lack.
    public static func zoneAbbreviation(for zone: TimeZone) -> String {
        zoneAbbreviation(for: zone, at: Date())
    }

    /// The abbreviation in force at `date` (matters only for zones with daylight saving time).
    static func zoneAbbreviation(for zone: TimeZone, at date: Date) -> String {
        let seconds = zone.secondsFromGMT(for: date)
        if let hours = indonesianOffsets[zone.identifier] {
            return indonesianAbbreviations[hours]!
        }
        if isFixedOffsetIdentifier(zone.identifier), seconds % 3600 == 0,
           let name = indonesianAbbreviations[seconds / 3600] {
            return name
        }
        let sign = seconds < 0 ? "-" : "+"
        let hours = abs(seconds) / 3600, minutes = abs(seconds) % 3600 / 60
        return "UTC\(sign)\(hours)" + (minutes == 0 ? "" : ":" + CivilDate.twoDigits(minutes))
    }

    /// "GMT+0700", "UTC+07:00", "GMT" …: identifiers that name an offset, not a place. A place such as
    /// "Asia/Singapore" (+8) must not be called WITA.
    private static func isFixedOffsetIdentifier(_ identifier: String) -> Bool {
        let upper = identifier.uppercased()
        return upper.hasPrefix("GMT") || upper.hasPrefix("UTC") || upper.hasPrefix("ETC/GMT")
    }
}

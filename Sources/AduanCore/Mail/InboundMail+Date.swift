import Foundation

/// The RFC 5322 date of a mail (`Mon, 30 Nov 2026 10:00:00 +0700`) and the forms mailers really write:
/// no weekday, two-digit years, no seconds, zone names (GMT, UT, the US zones, WIB/WITA/WIT), a
/// trailing `(WIB)` comment. Written by hand: no DateFormatter locale or cost in the parser.
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let indonesianMonths = ["jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "wib": 7, "wita": 8, "wit": 9,
    ]

    static func parse(_ raw: String) -> Date? {
        let text = HeaderValueWithParameters.stripComments(raw)
        var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map { $0.lowercased() }
        if let first = tokens.first, first.first?.isLetter == true, month(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 4 else { return nil }
        var day: Int?, monthNumber: Int?
        if let value = Int(tokens[0]) { day = value; monthNumber = month(tokens[1]) } else {
            // "Nov 30 2026" (asctime-like)
            monthNumber = month(tokens[0]); day = Int(tokens[1])
        }
        guard let day, let monthNumber, (1...31).contains(day), var year = Int(tokens[2]), (0...9999).contains(year) else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        let time = tokens[3].split(separator: ":").map { Int($0) }
        guard time.count >= 2, time.allSatisfy({ $0 != nil }) else { return nil }
        let hour = time[0]!, minute = time[1]!, second = time.count > 2 ? time[2]! : 0
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        var offset = 0
        if tokens.count > 4 {
            let zone = tokens[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
                offset = (value / 100 * 3600 + value % 100 * 60) * (sign == "-" ? -1 : 1)
            } else if let hours = zones[zone] {
                offset = hours * 3600
            }
        }
        let days = daysFromCivil(year: year, month: monthNumber, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func month(_ token: String) -> Int? {
        let prefix = String(token.prefix(3))
        if let index = months.firstIndex(of: prefix) { return index + 1 }
        if let index = indonesianMonths.firstIndex(of: prefix) { return index + 1 }
        return nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

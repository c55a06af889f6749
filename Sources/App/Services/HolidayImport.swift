import AduanCore
import Foundation

/// A year of national holidays (LN) and cuti bersama (CB) from a CSV file like the government's list
/// (SKB 3 Menteri): header `tanggal,jenis,keterangan`, one day per line. Either every row is right or
/// nothing is imported; each bad row is reported with its line number.
struct HolidayImport: Sendable {
    struct Row: Sendable, Equatable {
        let date: CivilDate
        let kind: Holiday.Kind
        let name: String
    }

    /// A problem on one line, with the catalogue key that explains it.
    struct LineError: Sendable, Equatable {
        let line: Int
        let messageKey: String
        let value: String
    }

    /// Every bad line of a file.
    struct Failure: Error, Sendable, Equatable {
        let lines: [LineError]
    }

    static let header = ["tanggal", "jenis", "keterangan"]

    /// The rows of `text` for `year`, or every line that is wrong.
    static func parse(_ text: String, year: Int) -> Result<[Row], Failure> {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        // "\r\n" is a single Character in Swift: split on each kind of line end as a whole.
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        var rows: [Row] = []
        var errors: [LineError] = []
        var seen: Set<CivilDate> = []
        guard let first = lines.first, CSVTable.fields(of: first).map({ $0.lowercased() }) == header else {
            return .failure(Failure(lines: [LineError(line: 1, messageKey: "admin.calendar.import.bad_header", value: lines.first ?? "")]))
        }
        for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = index + 1
            let fields = CSVTable.fields(of: line)
            guard fields.count == 3 else {
                errors.append(LineError(line: number, messageKey: "admin.calendar.import.bad_columns", value: line))
                continue
            }
            guard let date = CivilDate(iso: fields[0]) else {
                errors.append(LineError(line: number, messageKey: "admin.calendar.import.bad_date", value: fields[0]))
                continue
            }
            if date.year != year {
                errors.append(LineError(line: number, messageKey: "admin.calendar.import.other_year", value: fields[0]))
            }
            if !seen.insert(date).inserted {
                errors.append(LineError(line: number, messageKey: "admin.calendar.import.duplicate", value: fields[0]))
            }
            let kind = Holiday.Kind(rawValue: fields[1].uppercased())
            if kind != .national && kind != .collectiveLeave {
                errors.append(LineError(line: number, messageKey: "admin.calendar.import.bad_kind", value: fields[1]))
            }
            if fields[2].isEmpty || fields[2].count > 200 {
                errors.append(LineError(line: number, messageKey: "admin.calendar.import.bad_name", value: fields[2]))
            }
            if let kind { rows.append(Row(date: date, kind: kind, name: fields[2])) }
        }
        if errors.isEmpty && rows.isEmpty {
            errors.append(LineError(line: 2, messageKey: "admin.calendar.import.empty", value: ""))
        }
        return errors.isEmpty ? .success(rows) : .failure(Failure(lines: errors))
    }
}

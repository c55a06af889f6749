import Foundation

/// A small CSV reader for the reference data: a header row, commas, and double quotes around fields that
/// contain commas (as in `skm-unsur.csv`).
struct CSVTable: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    struct Row: Sendable {
        let header: [String: Int]
        let values: [String]
        subscript(column: String) -> String {
            guard let index = header[column], index < values.count else { return "" }
            return values[index]
        }
    }

    let columns: [String]
    let rows: [Row]

    init(_ text: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard let first = lines.first else { throw Failure(message: "empty CSV") }
        columns = Self.fields(of: first)
        let header = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        rows = try lines.dropFirst().map { line in
            let values = Self.fields(of: line)
            guard values.count == header.count else { throw Failure(message: "expected \(header.count) fields: \(line)") }
            return Row(header: header, values: values)
        }
    }

    static func fields(of line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"" where quoted:
                quoted = false
            case "\"" where current.isEmpty:
                quoted = true
            case "," where !quoted:
                fields.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        fields.append(current)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

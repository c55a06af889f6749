import AduanCore
import Foundation

/// Every text the user interface shows, in Bahasa Indonesia (first) and English, loaded from
/// `Resources/Locales/{id,en}/*.json` (one file per part of the product, merged; a key may be defined
/// only once). Keys are dotted paths (`form.nik.label`); a test holds both languages to the same keys.
struct MessageCatalogue: Sendable {
    /// A nested group of texts, as templates read it: `#(t.form.nik.label)`.
    indirect enum Node: Sendable, Encodable {
        case text(String)
        case group([String: Node])

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .text(let value):
                var container = encoder.singleValueContainer()
                try container.encode(value)
            case .group(let children):
                var container = encoder.container(keyedBy: DynamicKey.self)
                for (key, child) in children {
                    try container.encode(child, forKey: DynamicKey(key))
                }
            }
        }
    }

    struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private let flat: [Language: [String: String]]
    private let trees: [Language: Node]

    init(directory: String) throws {
        var flat: [Language: [String: String]] = [:]
        var trees: [Language: Node] = [:]
        for language in Language.allCases {
            let folder = "\(directory)/\(language.rawValue)"
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
            var entries: [String: String] = [:]
            for file in files {
                let path = "\(folder)/\(file)"
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw Failure(message: "\(path) must hold a JSON object")
                }
                var fileEntries: [String: String] = [:]
                _ = try Self.node(object, prefix: "", into: &fileEntries, file: path)
                if let clash = fileEntries.keys.first(where: { entries[$0] != nil }) {
                    throw Failure(message: "\(path): \(clash) is defined twice")
                }
                entries.merge(fileEntries) { first, _ in first }
            }
            flat[language] = entries
            trees[language] = try Self.tree(entries)
        }
        self.flat = flat
        self.trees = trees
    }

    private static func node(_ value: Any, prefix: String, into entries: inout [String: String], file: String) throws -> Node {
        if let text = value as? String {
            entries[prefix] = text
            return .text(text)
        }
        guard let object = value as? [String: Any] else { throw Failure(message: "\(file): \(prefix) is neither text nor group") }
        var children: [String: Node] = [:]
        for (key, child) in object {
            children[key] = try node(child, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &entries, file: file)
        }
        return .group(children)
    }

    /// Rebuilds the nested groups from dotted keys, so that templates read `t.form.nik.label`.
    private static func tree(_ entries: [String: String]) throws -> Node {
        var root: [String: Any] = [:]
        func insert(_ parts: ArraySlice<String>, _ value: String, into node: inout [String: Any]) throws {
            let head = parts.first!
            if parts.count == 1 {
                guard node[head] == nil else { throw Failure(message: "\(head) is both a text and a group") }
                node[head] = value
                return
            }
            var child = node[head] as? [String: Any] ?? [:]
            guard node[head] == nil || node[head] is [String: Any] else { throw Failure(message: "\(head) is both a text and a group") }
            try insert(parts.dropFirst(), value, into: &child)
            node[head] = child
        }
        for (key, value) in entries {
            try insert(ArraySlice(key.split(separator: ".").map(String.init)), value, into: &root)
        }
        var ignored: [String: String] = [:]
        return try node(root, prefix: "", into: &ignored, file: "catalogue")
    }

    func keys(_ language: Language) -> Set<String> { Set(flat[language, default: [:]].keys) }

    func tree(_ language: Language) -> Node { trees[language] ?? .group([:]) }

    /// The text for `key`, with `{name}` placeholders filled. A missing key shows itself, so it is seen
    /// and fixed rather than hidden (the catalogue test keeps that from shipping).
    func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        var text = flat[language]?[key] ?? flat[.id]?[key] ?? key
        for (name, value) in arguments {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }
}

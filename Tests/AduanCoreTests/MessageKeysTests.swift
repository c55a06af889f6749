import Foundation
import Testing
@testable import AduanCore

/// Every key the module returns has an Indonesian and an English text in MessageKeys.md, which the lead
/// copies into the message catalogue.
@Suite("Message keys")
struct MessageKeysTests {
    static let keysInCode: [String] =
        NIKError.allCases.map(\.messageKey) + KKNumberError.allCases.map(\.messageKey)
        + PhoneNumberError.allCases.map(\.messageKey) + EmailAddressError.allCases.map(\.messageKey)
        + TrackingCodeError.allCases.map(\.messageKey)
        + [LifecycleError.notAllowedInStatus(.resolve, .closed).messageKey,
           LifecycleError.notAllowedForRole(.resolve, .citizen).messageKey]
        + ComplaintStatus.allCases.map(\.messageKey) + SLAState.allCases.map(\.messageKey)

    /// key → (id, en), from the table rows of MessageKeys.md.
    static func catalogue() throws -> [String: (id: String, en: String)] {
        let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let file = testsFolder.appendingPathComponent("../../Sources/AduanCore/MessageKeys.md").standardized
        let text = try String(contentsOf: file, encoding: .utf8)
        var rows: [String: (id: String, en: String)] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, cells[0] != "key" else { continue }
            rows[cells[0]] = (cells[1], cells[2])
        }
        return rows
    }

    @Test func keysAreUnique() {
        #expect(Set(Self.keysInCode).count == Self.keysInCode.count)
    }

    @Test(arguments: keysInCode)
    func everyKeyHasBothTexts(key: String) throws {
        let row = try #require(try Self.catalogue()[key], "missing from MessageKeys.md")

        #expect(!row.id.isEmpty)
        #expect(!row.en.isEmpty)
        #expect(row.id != row.en || key.hasPrefix("status.") == false)
    }

    @Test func catalogueHasNoStaleKeys() throws {
        #expect(Set(try Self.catalogue().keys) == Set(Self.keysInCode))
    }
}

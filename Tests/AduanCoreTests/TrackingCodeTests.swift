import Foundation
import Testing
@testable import AduanCore

@Suite("TrackingCode")
struct TrackingCodeTests {
    static let alphabet = Array("23456789ACDEFGHJKMNPQRTUVWXY")

    static func sample(count: Int, seed: UInt64) -> [TrackingCode] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in TrackingCode.generate(using: &generator) }
    }

    /// Luhn mod N written from its textbook definition, as an oracle for the generated check character.
    static func luhnValid(_ code: String) -> Bool {
        var sum = 0
        for (position, character) in code.reversed().enumerated() {
            let value = alphabet.firstIndex(of: character)!
            let weighted = position % 2 == 1 ? value * 2 : value
            sum += weighted / 28 + weighted % 28
        }
        return sum % 28 == 0
    }

    @Test func alphabetHasNoLookAlikes() {
        #expect(TrackingCode.alphabet == Self.alphabet)
        #expect(Set(TrackingCode.alphabet).count == 28)
        #expect(Set(TrackingCode.alphabet).isDisjoint(with: "01OILBSZ"))
    }

    @Test(arguments: [("7KQ4MXR2CD9TAY", "7KQ4M-XR2CD-9TAY"), ("7kq4m-xr2cd-9tay", "7KQ4M-XR2CD-9TAY"),
                      (" 7KQ4M XR2CD 9TAY ", "7KQ4M-XR2CD-9TAY"), ("7KQ4M-XR2CD-9TAY", "7KQ4M-XR2CD-9TAY")])
    func readsAKnownCode(raw: String, display: String) throws {
        let code = try TrackingCode(raw)

        #expect(code.display == display)
        #expect(code.value == display.replacingOccurrences(of: "-", with: ""))
        #expect(code.description == display)
    }

    @Test(arguments: [UInt64(1), 2, 3, 42])
    func generatedCodesHaveTheirShapeAndRoundTrip(seed: UInt64) throws {
        for code in Self.sample(count: 200, seed: seed) {
            #expect(code.value.count == 14)
            #expect(code.value.allSatisfy(Self.alphabet.contains))
            #expect(Self.luhnValid(code.value))
            #expect(code.display.count == 16)
            #expect(code.display.split(separator: "-").map(\.count) == [5, 5, 4])
            #expect(try TrackingCode(code.display) == code)
            #expect(try TrackingCode(code.value.lowercased()) == code)
        }
    }

    /// Every single-character substitution, at every position, by every other character of the alphabet.
    @Test(arguments: sample(count: 24, seed: 7))
    func catchesEverySingleSubstitution(code: TrackingCode) {
        let characters = Array(code.value)
        var accepted: [String] = []
        for position in characters.indices {
            for replacement in Self.alphabet where replacement != characters[position] {
                var typo = characters
                typo[position] = replacement
                do {
                    _ = try TrackingCode(String(typo))
                    accepted.append(String(typo))
                } catch {
                    #expect(error == .checkFailed)
                }
            }
        }
        #expect(accepted.isEmpty)
    }

    @Test func catchesMostAdjacentSwaps() {
        var swaps = 0, caught = 0
        for code in Self.sample(count: 300, seed: 11) {
            let characters = Array(code.value)
            for position in 0..<(characters.count - 1) where characters[position] != characters[position + 1] {
                var typo = characters
                typo.swapAt(position, position + 1)
                swaps += 1
                if (try? TrackingCode(String(typo))) == nil { caught += 1 }
            }
        }
        #expect(swaps > 3000)
        #expect(Double(caught) / Double(swaps) > 0.9)
    }

    @Test(arguments: [
        ("", TrackingCodeError.empty), ("  - -", .empty), ("7KQ4M", .wrongLength), ("7KQ4M-XR2CD-9TA", .wrongLength),
        ("7KQ4M-XR2CD-9TAYY", .wrongLength), ("7KQ4M-XR2CD-9TA0", .invalidCharacter),
        ("7KQ4M-XR2CD-9TAO", .invalidCharacter), ("7KQ4M-XR2CD-9TA1", .invalidCharacter),
        ("7KQ4M-XR2CD-9TAI", .invalidCharacter), ("7KQ4M-XR2CD-9TAL", .invalidCharacter),
        ("7KQ4M-XR2CD-9TAB", .invalidCharacter), ("7KQ4M-XR2CD-9TAS", .invalidCharacter),
        ("7KQ4M-XR2CD-9TAZ", .invalidCharacter), ("7KQ4M_XR2CD9TA", .invalidCharacter),
        ("7KQ4M-XR2CD-9TAX", .checkFailed), ("K7Q4M-XR2CD-9TAY", .checkFailed), ("7KQ4M-XR2CD-9TYA", .checkFailed),
    ])
    func refuses(raw: String, error: TrackingCodeError) {
        #expect(throws: error) { try TrackingCode(raw) }
    }

    /// Each of the 13 random positions draws every character about equally often (chi-square, 27 degrees
    /// of freedom: 0.1 % critical value ≈ 55.5).
    @Test func randomCharactersAreUniform() {
        let codes = Self.sample(count: 5600, seed: 2026)
        for position in 0..<13 {
            var counts = [Character: Int]()
            for code in codes { counts[Array(code.value)[position], default: 0] += 1 }
            let expected = Double(codes.count) / 28
            let chiSquare = Self.alphabet.reduce(0.0) { sum, character in
                let observed = Double(counts[character, default: 0])
                return sum + (observed - expected) * (observed - expected) / expected
            }
            #expect(chiSquare < 60, "position \(position)")
        }
    }

    @Test func systemGeneratorGivesDistinctCodes() {
        let codes = (0..<2000).map { _ in TrackingCode.generate() }

        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { Self.luhnValid($0.value) })
    }

    @Test func codesAsCanonicalString() throws {
        let code = try TrackingCode("7kq4m xr2cd 9tay")

        let json = try JSONEncoder().encode([code])

        #expect(String(decoding: json, as: UTF8.self) == #"["7KQ4MXR2CD9TAY"]"#)
        #expect(try JSONDecoder().decode([TrackingCode].self, from: json) == [code])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([TrackingCode].self, from: Data(#"["7KQ4MXR2CD9TAX"]"#.utf8))
        }
    }
}

import Testing
@testable import AduanCore

@Suite("File sizes in words")
struct ByteCountTextTests {
    @Test(arguments: [
        (0, "1 KB", "1 KB"), (9_000, "9 KB", "9 KB"), (1_048_575, "1024 KB", "1024 KB"),
        (1_048_576, "1 MB", "1 MB"), (1_677_722, "1,6 MB", "1.6 MB"), (10 * 1_048_576, "10 MB", "10 MB"),
    ])
    func readable(bytes: Int, indonesian: String, english: String) {
        #expect(ByteCountText.text(bytes, in: .id) == indonesian)
        #expect(ByteCountText.text(bytes, in: .en) == english)
    }
}

import Foundation
import Testing
@testable import AduanCore

@Suite("WhatsAppMessage")
struct WhatsAppMessageTests {
    private let greeting = ChatOutbound(text: "Selamat datang di layanan pengaduan Disdukcapil.", style: .buttons, options: [
        .init(id: "buat", title: "Buat pengaduan"),
        .init(id: "cek", title: "Cek status pengaduan"),
        .init(id: "petugas", title: "Bicara dengan petugas"),
    ])

    @Test func buttonsKeepTheirIDsAndCutLongTitlesAtAWord() {
        let message = WhatsAppMessage.from(greeting)

        #expect(message == .buttons(body: greeting.text, buttons: [
            .init(id: "buat", title: "Buat pengaduan"),
            .init(id: "cek", title: "Cek status pengaduan"),
            .init(id: "petugas", title: "Bicara dengan…"),
        ]))
    }

    @Test func fourButtonsBecomeNumberedText() {
        var outbound = greeting
        outbound.options.append(.init(id: "bantuan", title: "Bantuan"))

        let message = WhatsAppMessage.from(outbound)

        #expect(message == .text(body: outbound.fallbackText, previewURL: false, replyTo: nil))
        #expect(outbound.fallbackText.hasSuffix("\n1. Buat pengaduan\n2. Cek status pengaduan\n3. Bicara dengan petugas\n4. Bantuan"))
    }

    @Test func titlesThatACutMakesEqualBecomeText() {
        let outbound = ChatOutbound(text: "Pilih", style: .buttons, options: [
            .init(id: "a", title: "Kartu Keluarga baru untuk pindah"),
            .init(id: "b", title: "Kartu Keluarga baru untuk lahir"),
        ])

        #expect(WhatsAppMessage.from(outbound) == .text(body: outbound.fallbackText, previewURL: false, replyTo: nil))
    }

    @Test func aListFitsTenRowsOfTwentyFourCharacters() {
        let rows = (1...10).map { ChatOutbound.Option(id: "layanan-\($0)", title: "Layanan nomor \($0)", description: "Keterangan layanan \($0)") }
        let outbound = ChatOutbound(text: "Pilih layanan", style: .list, options: rows, listButton: "Daftar layanan")

        #expect(WhatsAppMessage.from(outbound) == .list(body: "Pilih layanan", button: "Daftar layanan", rows: rows))
    }

    @Test(arguments: [
        // Eleven rows, a title of 25 characters, a description of 73, no button label.
        (11, String(repeating: "a", count: 10), nil as String?, "Daftar" as String?),
        (3, String(repeating: "a", count: 25), nil, "Daftar"),
        (3, "Akta kelahiran", String(repeating: "d", count: 73), "Daftar"),
        (3, "Akta kelahiran", nil, nil),
    ])
    func aListThatDoesNotFitBecomesText(rows: Int, title: String, description: String?, button: String?) {
        let options = (1...rows).map { ChatOutbound.Option(id: "r\($0)", title: title, description: description) }
        let outbound = ChatOutbound(text: "Pilih layanan", style: .list, options: options, listButton: button)

        #expect(WhatsAppMessage.from(outbound) == .text(body: outbound.fallbackText, previewURL: false, replyTo: nil))
    }

    @Test func aBodyOverTheInteractiveLimitBecomesText() {
        let outbound = ChatOutbound(text: String(repeating: "x", count: 1025), style: .buttons, options: greeting.options)

        #expect(WhatsAppMessage.from(outbound) == .text(body: outbound.fallbackText, previewURL: false, replyTo: nil))
    }

    @Test func plainWordsStayText() {
        let outbound = ChatOutbound(text: "Pengaduan Anda kami terima.")

        #expect(WhatsAppMessage.from(outbound) == .text(body: "Pengaduan Anda kami terima.", previewURL: false, replyTo: nil))
    }

    @Test(arguments: [
        ("Buat pengaduan", 20, "Buat pengaduan"),
        ("Bicara dengan petugas", 20, "Bicara dengan…"),
        ("Pengaduankependudukan", 20, "Pengaduankependuduk…"),
        ("  Cek status  ", 20, "Cek status"),
    ])
    func shortensAtAWord(text: String, limit: Int, expected: String) {
        let short = WhatsAppMessage.shortened(text, to: limit)

        #expect(short == expected)
        #expect(short.utf16.count <= limit)
    }

    @Test func quickRepliesForMessengerUpToThirteen() {
        let options = (1...13).map { ChatOutbound.Option(id: "o\($0)", title: "Pilihan \($0)") }

        let fits = MetaMessage.from(ChatOutbound(text: "Pilih", style: .list, options: options))
        let over = MetaMessage.from(ChatOutbound(text: "Pilih", style: .list, options: options + [.init(id: "o14", title: "Pilihan 14")]))

        #expect(fits == MetaMessage(text: "Pilih", quickReplies: options))
        #expect(over.quickReplies.isEmpty)
        #expect(over.text.hasSuffix("\n14. Pilihan 14"))
    }

    @Test func messengerAndInstagramTextLimits() {
        #expect(MetaMessage(text: String(repeating: "a", count: 2000)).fits(.messenger))
        #expect(!MetaMessage(text: String(repeating: "a", count: 2001)).fits(.messenger))
        #expect(MetaMessage(text: String(repeating: "a", count: 999)).fits(.instagram))
        #expect(!MetaMessage(text: String(repeating: "é", count: 500)).fits(.instagram))
    }

    @Test(arguments: [
        ("image/jpeg", WhatsAppMediaType.Kind.image, 5 * 1024 * 1024),
        ("image/png", .image, 5 * 1024 * 1024),
        ("application/pdf", .document, 100 * 1024 * 1024),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", .document, 100 * 1024 * 1024),
        ("text/plain; charset=utf-8", .document, 100 * 1024 * 1024),
        ("audio/ogg", .audio, 16 * 1024 * 1024),
        ("video/mp4", .video, 16 * 1024 * 1024),
    ])
    func mediaTypesAndLimits(mime: String, kind: WhatsAppMediaType.Kind, limit: Int) {
        #expect(WhatsAppMediaType.of(mimeType: mime) == WhatsAppMediaType(kind: kind, maxBytes: limit))
    }

    @Test func filesWhatsAppDoesNotTake() {
        #expect(WhatsAppMediaType.of(mimeType: "application/zip") == nil)
        #expect(WhatsAppMediaType.of(mimeType: "image/heic") == nil)
    }
}

import Foundation
import Testing
@testable import AduanCore

/// The committed real-world messages (Tests/AduanCoreTests/Fixtures/mail), as mail programs write them.
enum MailFixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures/mail"),
                               "fixture \(name).eml")
        return [UInt8](try Data(contentsOf: url))
    }

    static func mail(_ name: String) throws -> InboundMail {
        try InboundMail.parse(bytes(name))
    }

    /// The Message-ID of the office's outgoing mail the replies answer.
    static let ourMessageID = "20261130030000.7f3a9c@aduan.dharmasrayakab.go.id"
    static let office = "pengaduan.disdukcapil.dharmasraya@gmail.com"
}

struct Attachment: Equatable, Sendable, CustomStringConvertible {
    var filename: String?
    var contentType: String
    var size: Int
    var isInline: Bool
    var contentID: String?

    init(_ filename: String?, _ contentType: String, bytes: Int, inline: Bool, contentID: String?) {
        self.filename = filename
        self.contentType = contentType
        size = bytes
        isInline = inline
        self.contentID = contentID
    }

    init(_ part: MailPart) {
        self.init(part.filename, part.contentType, bytes: part.bytes.count, inline: part.isInline, contentID: part.contentID)
    }

    var description: String { "\(filename ?? "-") \(contentType) \(size)B inline=\(isInline) cid=\(contentID ?? "-")" }
}

struct MailExpectation: Sendable, CustomTestStringConvertible {
    var file: String
    var messageID: String?
    var inReplyTo: String?
    var from: InboundAddress?
    var subject: String?
    /// ISO 8601 in UTC.
    var date: String?
    var text: String
    /// nil: the same as `text` (nothing quoted).
    var visibleText: String?
    var hasHTML: Bool
    var attachments: [Attachment]
    var automatic: InboundMail.AutomaticReason?

    var testDescription: String { file }
}

@Suite("Inbound mail: real-world fixtures")
struct InboundMailFixtureTests {
    static let expectations: [MailExpectation] = [
        MailExpectation(
            file: "apple-mail-related",
            messageID: "A1B2C3D4-E5F6-4789-9ABC-DEF012345678@icloud.com", inReplyTo: nil,
            from: InboundAddress(name: "Dewi Lestari", address: "dewi.lestari@icloud.com"),
            subject: "Pengaduan: akta kelahiran anak belum terbit",
            date: "2026-12-01T04:02:44Z",
            text: """
            Selamat siang,

            Akta kelahiran anak saya belum terbit sejak Oktober. Berikut foto formulir yang sudah saya serahkan:

            Mohon bantuannya.

            Dewi
            —
            Dikirim dari iPhone saya
            """,
            visibleText: nil,
            hasHTML: true,
            attachments: [Attachment("formulir akta – halaman 1.jpeg", "image/jpeg", bytes: 632, inline: true, contentID: "9F8E7D6C-5B4A-4938-8271-605F4E3D2C1B"),
                          Attachment("Surat Keterangan Lahir – RSUD Sungai Dareh.pdf", "application/pdf", bytes: 45, inline: false, contentID: nil)],
            automatic: nil
        ),
        MailExpectation(
            file: "bare-lf",
            messageID: "CAF3nP8qR2sT5uV7wX9yZ1aB3cD5eF7gH9iJ1kL3mN5oP7q@mail.gmail.com", inReplyTo: nil,
            from: InboundAddress(name: "Hendra Gunawan", address: "hendra.gunawan@gmail.com"),
            subject: "Foto KTP rusak",
            date: "2026-12-01T09:20:00Z",
            text: "KTP-el saya rusak (patah). Terlampir fotonya.",
            visibleText: nil,
            hasHTML: false,
            attachments: [Attachment("ktp.png", "image/png", bytes: 69, inline: false, contentID: nil)],
            automatic: nil
        ),
        MailExpectation(
            file: "forwarded-rfc822",
            messageID: "0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a@dharmasraya.net.id", inReplyTo: nil,
            from: InboundAddress(name: "Andi Pratama", address: "andi@dharmasraya.net.id"),
            subject: "Fwd: Surat keterangan domisili",
            date: "2026-12-01T06:45:00Z",
            text: "Saya teruskan surat dari wali nagari untuk melengkapi pengaduan saya.",
            visibleText: nil,
            hasHTML: false,
            attachments: [Attachment("surat-keterangan-domisili.pdf", "application/pdf", bytes: 45, inline: false, contentID: nil)],
            automatic: nil
        ),
        MailExpectation(
            file: "gmail-android-photo",
            messageID: "CAGx5p=T8q2nVwYh3JkL9mF4cR7sB1aD6eZ0uX2yW5vQ8tN3oHg@mail.gmail.com", inReplyTo: "20261130030000.7f3a9c@aduan.dharmasrayakab.go.id",
            from: InboundAddress(name: "Budi Santoso", address: "budi.santoso.dhm@gmail.com"),
            subject: "Re: [Pengaduan KXV25-7FDHX-CRQQ] Permintaan dokumen",
            date: "2026-12-01T11:15:07Z",
            text: """
            Ini foto KK saya pak. Terima kasih

            Pada Sen, 30 Nov 2026 10.00, Disdukcapil Dharmasraya <
            pengaduan.disdukcapil.dharmasraya@gmail.com> menulis:

            > Yth. Bapak Budi Santoso,
            >
            > Mohon kirimkan foto Kartu Keluarga (KK) dengan membalas email ini.
            >
            """,
            visibleText: "Ini foto KK saya pak. Terima kasih",
            hasHTML: true,
            attachments: [Attachment("IMG_20261201_181422.jpg", "image/jpeg", bytes: 632, inline: false, contentID: "f_mi3k2a7q0")],
            automatic: nil
        ),
        MailExpectation(
            file: "gmail-web-reply",
            messageID: "CAJ8vN2pQ7x+Y3kR0fT5uZb9LmW4sA6dE1hG2iK3oP8qR7tU9v@mail.gmail.com", inReplyTo: "20261130030000.7f3a9c@aduan.dharmasrayakab.go.id",
            from: InboundAddress(name: "Siti Rahmawati", address: "Siti.Rahmawati88@gmail.com"),
            subject: "Re: [Pengaduan KXV25-7FDHX-CRQQ] Permintaan dokumen — KK",
            date: "2026-12-01T03:40:55Z",
            text: """
            Selamat pagi Bapak/Ibu,

            Baik, KK asli sudah saya fotokopi dan akan saya bawa ke kantor hari Kamis pukul 09.00. Apakah perlu membawa surat pengantar dari nagari juga?

            Terima kasih.

            Pada Sen, 30 Nov 2026 pukul 10.00 Disdukcapil Dharmasraya <
            pengaduan.disdukcapil.dharmasraya@gmail.com> menulis:

            > Yth. Ibu Siti Rahmawati,
            >
            > Untuk melanjutkan pengaduan Anda, mohon kirimkan foto Kartu Keluarga (KK) —
            > cukup dengan membalas email ini.
            >
            > Salam,
            > Disdukcapil Dharmasraya
            >
            """,
            visibleText: """
            Selamat pagi Bapak/Ibu,

            Baik, KK asli sudah saya fotokopi dan akan saya bawa ke kantor hari Kamis pukul 09.00. Apakah perlu membawa surat pengantar dari nagari juga?

            Terima kasih.
            """,
            hasHTML: true,
            attachments: [],
            automatic: nil
        ),
        MailExpectation(
            file: "html-only",
            messageID: "Xq8Zk2Lm9Np4Rt6Vw1Yb3Cd5Fg7Hj0@sitiung.desa.id", inReplyTo: nil,
            from: InboundAddress(name: "Website Nagari Sitiung", address: "website@sitiung.desa.id"),
            subject: "Pengaduan warga: NIK tidak terdaftar – Ahmad Fauzi",
            date: "2026-12-01T08:10:00Z",
            text: """
            Pengaduan warga

            Nama: Ahmad Fauzi
            NIK: 1306012345670001

            Isi pengaduan: NIK saya "tidak terdaftar" saat mendaftar BPJS & bank – mohon dibantu.

            - Sudah ke kantor nagari
            - Sudah ke kecamatan
            """,
            visibleText: nil,
            hasHTML: true,
            attachments: [],
            automatic: nil
        ),
        MailExpectation(
            file: "mailing-list",
            messageID: "8f3e2d1c-0b9a-4e8f-a7b6-c5d4e3f2a1b0n@googlegroups.com", inReplyTo: nil,
            from: InboundAddress(name: "'Sekretariat Nagari' via Info Nagari Se-Dharmasraya", address: "info-nagari@googlegroups.com"),
            subject: "[info-nagari] Jadwal perekaman KTP-el keliling Desember 2026",
            date: "2026-12-01T09:00:00Z",
            text: "Perekaman KTP-el keliling bulan Desember 2026 dijadwalkan di Nagari Koto Baru\npada 8 Desember, pukul 08.00-14.00 WIB.\n\n-- \nYou received this message because you are subscribed to the Google Groups \"Info Nagari Se-Dharmasraya\" group.",
            visibleText: """
            Perekaman KTP-el keliling bulan Desember 2026 dijadwalkan di Nagari Koto Baru
            pada 8 Desember, pukul 08.00-14.00 WIB.
            """,
            hasHTML: false,
            attachments: [],
            automatic: .mailingList("List-Id")
        ),
        MailExpectation(
            file: "no-message-id",
            messageID: nil, inReplyTo: nil,
            from: InboundAddress(name: nil, address: "warga_dhm@plasa.com"),
            subject: "kk hilang",
            date: "2026-12-01T00:30:00Z",
            text: "Selamat pagi, KK saya hilang waktu banjir. Bagaimana cara mengurus yang baru? Rumah saya di Sungai Rumbai — terima kasih.",
            visibleText: nil,
            hasHTML: false,
            attachments: [],
            automatic: nil
        ),
        MailExpectation(
            file: "out-of-office",
            messageID: "CAHk9yQ2vWm7Zp4B8xN1s0L3cT6rE5uA9dF2gJ7kH4iO1pX8wRg@mail.gmail.com", inReplyTo: "20261130030000.7f3a9c@aduan.dharmasrayakab.go.id",
            from: InboundAddress(name: "Yulia Safitri", address: "yulia.safitri.pns@gmail.com"),
            subject: "Saya sedang cuti",
            date: "2026-12-01T03:00:09Z",
            text: """
            Saya sedang cuti sampai 7 Desember 2026. Untuk urusan mendesak silakan
            hubungi kantor di (0754) 40123.
            """,
            visibleText: nil,
            hasHTML: true,
            attachments: [],
            automatic: .autoSubmitted("auto-replied")
        ),
        MailExpectation(
            file: "outlook-original-message",
            messageID: "000001db43a1$5e6f7a80$1b4e6f80$@yahoo.co.id", inReplyTo: "20261130030000.7f3a9c@aduan.dharmasrayakab.go.id",
            from: InboundAddress(name: "Rahmat Hidayat", address: "rahmat.hidayat@yahoo.co.id"),
            subject: "RE: [Pengaduan KXV25-7FDHX-CRQQ] Jadwal pengambilan KTP-el",
            date: "2026-12-01T01:12:30Z",
            text: """
            Baik, saya akan datang hari Rabu.

            -----Original Message-----
            From: Disdukcapil Dharmasraya [mailto:pengaduan.disdukcapil.dharmasraya@gmail.com]
            Sent: Monday, November 30, 2026 10:00 AM
            To: rahmat.hidayat@yahoo.co.id
            Subject: [Pengaduan KXV25-7FDHX-CRQQ] Jadwal pengambilan KTP-el

            KTP-el Anda dapat diambil mulai hari Rabu.
            """,
            visibleText: "Baik, saya akan datang hari Rabu.",
            hasHTML: false,
            attachments: [],
            automatic: nil
        ),
        MailExpectation(
            file: "outlook-windows1252",
            messageID: "SG2PR01MB4123A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6@SG2PR01MB4123.apcprd01.prod.exchangelabs.com", inReplyTo: "20261130030000.7f3a9c@aduan.dharmasrayakab.go.id",
            from: InboundAddress(name: "Hj. Nurhayati, S.Pd", address: "Nurhayati.Spd@outlook.co.id"),
            subject: "RE: [Pengaduan KXV25-7FDHX-CRQQ] Perbaikan data “KK” – mohon dicek",
            date: "2026-12-01T02:05:41Z",
            text: """
            Selamat siang,

            Nama ibu saya di KK tertulis “Nurhayati”, seharusnya “Nurhayati binti Ahmad’ali” – mohon dicek kembali.

            Hormat saya,
            Hj. Nurhayati, S.Pd

            ________________________________
            Dari: Disdukcapil Dharmasraya <pengaduan.disdukcapil.dharmasraya@gmail.com>
            Dikirim: Senin, 30 November 2026 10.00
            Kepada: Nurhayati.Spd@outlook.co.id <Nurhayati.Spd@outlook.co.id>
            Subjek: [Pengaduan KXV25-7FDHX-CRQQ] Perbaikan data “KK”

            Yth. Ibu Nurhayati,

            Pengaduan Anda telah kami terima.
            """,
            visibleText: """
            Selamat siang,

            Nama ibu saya di KK tertulis “Nurhayati”, seharusnya “Nurhayati binti Ahmad’ali” – mohon dicek kembali.

            Hormat saya,
            Hj. Nurhayati, S.Pd
            """,
            hasHTML: true,
            attachments: [],
            automatic: nil
        ),
        MailExpectation(
            file: "postfix-bounce",
            messageID: "20261130030007.5F2E3C0D4A@mx.dharmasrayakab.go.id", inReplyTo: nil,
            from: InboundAddress(name: "Mail Delivery System", address: "MAILER-DAEMON@mx.dharmasrayakab.go.id"),
            subject: "Undelivered Mail Returned to Sender",
            date: "2026-11-30T03:00:07Z",
            text: """
            This is the mail system at host mx.dharmasrayakab.go.id.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients. It's attached below.

            For further assistance, please send mail to postmaster.

            If you do so, please include this problem report. You can
            delete your own text from the attached returned message.

                               The mail system

            <warga.salah@gmial.com>: host mx.gmial.com[203.0.113.25] said: 550
                5.1.1 <warga.salah@gmial.com>: Recipient address rejected: User unknown in
                virtual mailbox table (in reply to RCPT TO command)
            """,
            visibleText: nil,
            hasHTML: false,
            attachments: [],
            automatic: .report(type: "delivery-status")
        ),
        MailExpectation(
            file: "thunderbird-flowed",
            messageID: "5c2e8a41-7b3d-4f19-9e62-0a1d2c3b4e5f@dharmasraya.net.id", inReplyTo: "20261130030000.7f3a9c@aduan.dharmasrayakab.go.id",
            from: InboundAddress(name: "Andi Pratama", address: "andi@dharmasraya.net.id"),
            subject: "Re: [Pengaduan KXV25-7FDHX-CRQQ] Jawaban atas pengaduan Anda",
            date: "2026-12-01T02:30:12Z",
            text: "Terima kasih atas jawabannya. Data saya sudah benar sekarang, tetapi nama kecamatan di KK masih tertulis \"Koto Baru\" padahal seharusnya \"Koto Besar\".\n\nSalam,\nAndi\n\nOn 30/11/2026 10:00, Disdukcapil Dharmasraya wrote:\n> Yth. Bapak Andi Pratama,\n>\n> Data Anda telah kami perbaiki. Silakan periksa kembali dan balas email ini jika masih ada yang keliru.\n>\n\n-- \nAndi Pratama\nKoto Besar, Dharmasraya",
            visibleText: """
            Terima kasih atas jawabannya. Data saya sudah benar sekarang, tetapi nama kecamatan di KK masih tertulis "Koto Baru" padahal seharusnya "Koto Besar".

            Salam,
            Andi
            """,
            hasHTML: false,
            attachments: [],
            automatic: nil
        ),
        MailExpectation(
            file: "yahoo-reply-latin1",
            messageID: "1294857362.4482913.1764562818123@mail.yahoo.com", inReplyTo: "20261130030000.7f3a9c@aduan.dharmasrayakab.go.id",
            from: InboundAddress(name: "Rina Marlina", address: "rina_marlina77@yahoo.com"),
            subject: "Re: [Pengaduan KXV25-7FDHX-CRQQ] Permintaan dokumen",
            date: "2026-12-01T04:20:18Z",
            text: """
            Nomor KK saya 1306xxxxxxxx0001, alamat Jorong Koto Tuo ± 2 km dari kantor nagari. Dokumen sudah saya titipkan ke Pak André (kader).

                Pada Senin, 30 November 2026 pukul 10.00.00 WIB, Disdukcapil Dharmasraya <pengaduan.disdukcapil.dharmasraya@gmail.com> menulis:

             Yth. Ibu Rina Marlina,

            Mohon lengkapi nomor KK dan alamat Anda.
            """,
            visibleText: "Nomor KK saya 1306xxxxxxxx0001, alamat Jorong Koto Tuo ± 2 km dari kantor nagari. Dokumen sudah saya titipkan ke Pak André (kader).",
            hasHTML: true,
            attachments: [],
            automatic: nil
        ),
    ]

    @Test("every field of each fixture", arguments: expectations)
    func fixture(_ expected: MailExpectation) throws {
        let mail = try MailFixture.mail(expected.file)

        #expect(mail.messageID == expected.messageID)
        #expect(mail.inReplyTo == expected.inReplyTo)
        #expect(mail.from == expected.from)
        #expect(mail.subject == expected.subject)
        #expect(mail.date.map { ISO8601DateFormatter().string(from: $0) } == expected.date)
        #expect(mail.text == expected.text)
        #expect(mail.visibleText == (expected.visibleText ?? expected.text))
        #expect((mail.html != nil) == expected.hasHTML)
        #expect(mail.attachments.map(Attachment.init) == expected.attachments)
        #expect(mail.automatic == expected.automatic)
        #expect((mail.bounce != nil) == (expected.file == "postfix-bounce"))
    }

    @Test("CRLF and bare LF give the same mail")
    func lineEndings() throws {
        let lf = try MailFixture.bytes("gmail-web-reply").filter { $0 != 0x0D }
        let crlf = try MailFixture.bytes("gmail-web-reply")

        let fromLF = try InboundMail.parse(lf), fromCRLF = try InboundMail.parse(crlf)

        #expect(crlf.contains(0x0D))
        #expect(fromLF.text == fromCRLF.text)
        #expect(fromLF.visibleText == fromCRLF.visibleText)
        #expect(fromLF.subject == fromCRLF.subject)
        #expect(fromLF.html == fromCRLF.html)
    }
}

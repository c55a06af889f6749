import AduanCore
import Testing

@Suite("What the citizen is told, and in which words")
struct CitizenMessageKindTests {
    @Test("each step the citizen must hear of has its message; notes, merges and service changes have none", arguments: [
        (ComplaintAction.submit, ComplaintStatus?.none, ComplaintStatus.received, CitizenMessageKind?.some(.receipt)),
        (.reply, .received, .inProgress, .answer),
        (.requestInfo, .inProgress, .needsInfo, .infoRequested),
        (.forward, .received, .inProgress, .forwarded),
        (.resolve, .inProgress, .resolved, .resolved),
        (.reject, .received, .rejected, .rejected),
        (.close, .resolved, .closed, .closed),
        (.withdraw, .needsInfo, .withdrawn, .withdrawn),
        (.reopen, .closed, .inProgress, .reopened),
        (.citizenReply, .resolved, .inProgress, .reopened),
        (.citizenReply, .needsInfo, .inProgress, nil),
        (.citizenReply, .inProgress, .inProgress, nil),
        (.note, .inProgress, .inProgress, nil),
        (.merge, .inProgress, .closed, nil),
        (.changeService, .received, .received, nil),
    ])
    func steps(action: ComplaintAction, from: ComplaintStatus?, to: ComplaintStatus, expected: CitizenMessageKind?) {
        #expect(CitizenMessageKind.forStep(action, from: from, to: to) == expected)
    }

    @Test func officersWordsAreNotAutomatic() {
        #expect(CitizenMessageKind.answer.isAutomatic == false)
        #expect(CitizenMessageKind.infoRequested.quotesOfficer)
        #expect(CitizenMessageKind.receipt.isAutomatic)
        #expect(CitizenMessageKind.withdrawalReminder.isAutomatic)
    }
}

@Suite("Message templates: placeholders checked and filled")
struct MessageTextTests {
    @Test("known placeholders are filled; a value with braces is not read again")
    func fills() {
        let text = MessageText(subject: "Pengaduan {kode}", body: "Yth. {nama},\n{pesan}\n{tautan}")
        let filled = text.filled(["kode": "KXV25-7FDHX-CRQQ", "nama": "Siti", "pesan": "Kirim {kode} lagi", "tautan": "https://x/tautan/abc"])
        #expect(filled.subject == "Pengaduan KXV25-7FDHX-CRQQ")
        #expect(filled.body == "Yth. Siti,\nKirim {kode} lagi\nhttps://x/tautan/abc")
    }

    @Test("unknown names are kept as written, missing values become empty")
    func unknown() {
        #expect(MessageText.fill("{nik} {nama} {unit}", ["nama": "Siti"]) == "{nik} Siti ")
        #expect(MessageText.fill("a { b", [:]) == "a { b")
    }

    @Test("the admin's wording is checked", arguments: [
        ("Yth. {nama}, kode {kode}", MessageText.Problem?.none),
        ("Nomor {nik}", .unknownPlaceholder("nik")),
        ("Kode {kode", .unclosedBrace),
        ("   \n", .empty),
        ("", .empty),
    ])
    func checks(template: String, problem: MessageText.Problem?) {
        #expect(MessageText.check(template) == problem)
    }
}

@Suite("A first guess at the service of a free-text complaint")
struct ServiceGuessTests {
    @Test(arguments: [
        ("KTP-el saya belum jadi", "ktp_el"),
        ("Mohon bantuan, e-KTP hilang", "ktp_el"),
        ("Perubahan data KK setelah menikah", "kk"),
        ("kartu keluarga anak saya salah tulis", "kk"),
        ("Akta kelahiran anak belum terbit", "akta_kelahiran"),
        ("Surat pindah (SKPWNI) ke Padang", "pindah"),
        ("NIK saya tidak aktif di BPJS", "nik"),
        ("Bagaimana aktivasi IKD?", "ikd"),
        ("Terima kasih atas pelayanannya", "lainnya"),
        ("Kakak saya (kkn) di desa", "lainnya"),
    ])
    func guesses(text: String, code: String) {
        #expect(ServiceGuess.code(for: text) == code)
    }
}

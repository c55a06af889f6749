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

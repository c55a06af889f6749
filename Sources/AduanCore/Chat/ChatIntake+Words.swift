import Foundation

/// The words a citizen may type instead of pressing a button, in Bahasa Indonesia and English. They are
/// what the intake understands, not what it says (its texts are in the catalogue); a test in AppTests holds
/// every catalogue title of an option to being understood as that option.
extension ChatIntake {
    /// Commands understood at any step.
    enum Command: String, CaseIterable {
        case cancel, back, help, menu, officer

        /// The id of a button that gives the command.
        var optionID: String { "cmd:\(rawValue)" }

        static func from(optionID: String) -> Command? {
            guard optionID.hasPrefix("cmd:") else { return nil }
            return Command(rawValue: String(optionID.dropFirst(4)))
        }

        var words: Set<String> {
            switch self {
            case .cancel: ["batal", "batalkan", "cancel", "stop", "berhenti"]
            case .back: ["kembali", "back", "balik", "sebelumnya", "previous"]
            case .help: ["bantuan", "help", "tolong", "?", "bantu"]
            case .menu: ["menu", "menu utama", "main menu", "mulai", "mulai lagi", "start", "restart"]
            case .officer: [
                "petugas", "bicara dengan petugas", "bicara ke petugas", "officer", "talk to an officer", "operator", "admin", "cs",
                "agent", "human", "hubungi petugas",
            ]
            }
        }

        static func matching(_ normalized: String) -> Command? {
            allCases.first { $0.words.contains(normalized) }
        }
    }

    /// Option ids and the words that choose them (besides their number and their id).
    static let optionWords: [String: Set<String>] = [
        "menu:complaint": [
            "buat pengaduan", "pengaduan", "buat", "adu", "lapor", "buat laporan", "file a complaint", "complaint",
            "new complaint",
        ],
        "menu:status": ["cek status pengaduan", "cek status", "status", "lacak", "check status", "check complaint status", "track"],
        "menu:officer": Command.officer.words,
        "svc:more": ["layanan lainnya", "more services", "more", "berikutnya", "selanjutnya", "next", "lagi"],
        "svc:prev": ["layanan sebelumnya", "previous services"],
        "docs:done": [
            "selesai", "done", "sudah", "cukup", "tidak ada", "tidak", "no", "finish", "finished", "lanjut", "next",
            "lewati", "skip",
        ],
        "skip": ["lewati", "skip", "tidak ada", "tidak punya", "tidak", "no", "none", "-"],
        "phone:yes": ["ya", "yes", "y", "iya", "ok", "oke", "benar", "betul", "ya benar", "correct", "that's right"],
        "phone:other": ["nomor lain", "ganti", "ganti nomor", "tidak", "no", "other number", "another number", "change"],
        "consent:yes": ["setuju", "saya setuju", "agree", "i agree", "ya", "yes", "iya", "ok", "oke"],
        "consent:no": ["tidak setuju", "tidak", "no", "disagree", "do not agree", "i do not agree", "tolak"],
        "cmd:back": Command.back.words,
        "cmd:cancel": Command.cancel.words,
        "cmd:menu": Command.menu.words,
        "cmd:help": Command.help.words,
        "cmd:officer": Command.officer.words,
    ]

    /// What a citizen says to greet or thank, which carries nothing for the officer.
    static let smallTalk: Set<String> = [
        "halo", "hallo", "hai", "hi", "hello", "helo", "p", "ping", "tes", "test", "permisi", "pagi", "siang", "sore",
        "malam", "selamat pagi", "selamat siang", "selamat sore", "selamat malam", "assalamualaikum",
        "assalamu'alaikum", "assalamualaikum wr wb", "terima kasih", "terimakasih", "makasih", "thanks", "thank you",
        "ok", "oke", "okay", "baik", "siap", "ya", "iya", "yes", "no", "tidak",
    ]

    /// Typed text as the intake compares it: trimmed, lower case, single spaces, without the punctuation
    /// and WhatsApp markup people put around a word ("*Batal*", "selesai.", "Ya!").
    static func normalized(_ text: String) -> String {
        let collapsed = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if collapsed == "?" || collapsed == "-" { return collapsed }
        let edge = CharacterSet(charactersIn: ".,!?;:*_~\"'`()[]")
        return collapsed.trimmingCharacters(in: edge).trimmingCharacters(in: .whitespaces)
    }

    /// "1", "2." or "3)" as the number of an option.
    static func typedNumber(_ normalized: String) -> Int? {
        guard !normalized.isEmpty, normalized.count <= 3, normalized.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(normalized)
    }

    static func isSmallTalk(_ text: String) -> Bool {
        let words = normalized(text)
        return words.isEmpty || smallTalk.contains(words) || words.allSatisfy { $0.isNumber || $0.isPunctuation || $0 == " " }
    }
}

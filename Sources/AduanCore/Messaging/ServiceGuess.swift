/// A first guess at the service a free-text complaint (an e-mail, a chat message) is about, from the
/// words citizens use; `lainnya` when nothing fits. The officer corrects it with "ubah layanan".
public enum ServiceGuess {
    /// Phrases (lowercased, whole words) and the service code they point to, most specific first.
    static let rules: [([String], String)] = [
        (["akta kelahiran", "akte kelahiran", "akta lahir", "birth certificate"], "akta_kelahiran"),
        (["akta kematian", "akte kematian", "death certificate"], "akta_kematian"),
        (["akta perceraian", "akte perceraian", "akta cerai", "divorce"], "akta_perceraian"),
        (["akta perkawinan", "akte perkawinan", "akta nikah", "marriage certificate"], "akta_perkawinan"),
        (["kartu identitas anak", "kia"], "kia"),
        (["identitas kependudukan digital", "ikd"], "ikd"),
        (["skpwni", "surat pindah", "pindah datang", "pindah keluar", "surat keterangan pindah"], "pindah"),
        (["ktp", "ktp-el", "ktpel", "e-ktp", "ektp", "ktp el"], "ktp_el"),
        (["kartu keluarga", "kk", "family card"], "kk"),
        (["biodata"], "biodata"),
        (["nik"], "nik"),
    ]

    public static func code(for text: String) -> String {
        let words = " " + text.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : " " }
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") + " "
        for (phrases, code) in rules where phrases.contains(where: { words.contains(" \($0) ") }) {
            return code
        }
        return "lainnya"
    }
}

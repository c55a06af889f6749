/// Who performs an action on a complaint. Raw values are stored: never change them.
public enum ActorRole: String, CaseIterable, Sendable, Codable {
    /// Warga, the person who filed the complaint.
    case citizen
    /// Petugas pengaduan (Pejabat Pengelola Pengaduan Publik).
    case pengelola
    /// Petugas bidang (Dafduk, Capil, PIAK, PDIP).
    case bidang
    /// Head of office and supervisors.
    case pimpinan
    case admin
    /// Background jobs (auto-close, auto-withdraw).
    case system
}

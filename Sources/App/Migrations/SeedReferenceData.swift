import AduanCore
import Fluent

/// Loads the reference data shipped with Aduan: the service catalogue, the regions of the office's
/// regency (Kepmendagri coding) and the national holidays and cuti bersama of 2026 and 2027
/// (SKB Menteri Agama, Menteri Ketenagakerjaan and MenPANRB). The admin may change them afterwards.
struct SeedReferenceData: AsyncMigration {
    let resources: ResourceLocator

    func prepare(on database: any Database) async throws {
        let services = try CSVTable(try resources.referenceFile("layanan.csv"))
        for (position, row) in services.rows.enumerated() {
            try await Service(
                code: row["kode"], nameID: row["nama"], nameEN: row["name"],
                resolutionDays: Int(row["target_hari_kerja"]) ?? 5, position: position
            ).create(on: database)
        }

        let regions = try CSVTable(try resources.referenceFile("wilayah-dharmasraya.csv"))
        for row in regions.rows {
            let code = row["kode"]
            guard let level = Region.Level(rawValue: row["tingkat"]) else { continue }
            let parent = code.split(separator: ".").dropLast().joined(separator: ".")
            try await Region(code: code, level: level, name: row["nama"], parentCode: parent.isEmpty ? nil : parent)
                .create(on: database)
        }

        let holidays = try CSVTable(try resources.referenceFile("libur-nasional.csv"))
        for row in holidays.rows {
            guard CivilDate(iso: row["tanggal"]) != nil, let kind = Holiday.Kind(rawValue: row["jenis"]) else {
                throw CSVTable.Failure(message: "bad holiday row \(row.values)")
            }
            try await Holiday(date: row["tanggal"], kind: kind, name: row["keterangan"]).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await Holiday.query(on: database).delete()
        try await Region.query(on: database).delete()
        try await Service.query(on: database).delete()
    }
}

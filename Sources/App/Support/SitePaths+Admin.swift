import AduanCore
import Foundation
import Vapor

/// The administration pages and the audit log.
extension SitePaths {
    static let adminUsers: [PathComponent] = consoleAdmin + ["pengguna"]
    static let adminUser: [PathComponent] = adminUsers + [":user"]
    static let adminUserUpdate: [PathComponent] = adminUser + ["ubah"]
    static let adminUserDeactivate: [PathComponent] = adminUser + ["nonaktifkan"]
    static let adminUserReactivate: [PathComponent] = adminUser + ["aktifkan"]
    static let adminUserPassword: [PathComponent] = adminUser + ["kata-sandi"]
    static let adminUserTwoFactor: [PathComponent] = adminUser + ["dua-langkah"]

    static let adminUnits: [PathComponent] = consoleAdmin + ["bidang"]
    static let adminUnit: [PathComponent] = adminUnits + [":unit"]
    static let adminUnitActive: [PathComponent] = adminUnit + ["status"]

    static let adminServices: [PathComponent] = consoleAdmin + ["layanan"]
    static let adminService: [PathComponent] = adminServices + [":service"]
    static let adminServiceActive: [PathComponent] = adminService + ["status"]

    static let adminCalendar: [PathComponent] = consoleAdmin + ["kalender"]
    static let adminHoliday: [PathComponent] = adminCalendar + [":holiday"]
    static let adminHolidayDelete: [PathComponent] = adminHoliday + ["hapus"]
    static let adminHolidayImport: [PathComponent] = adminCalendar + ["impor"]
    static let adminWorkingWeekdays: [PathComponent] = adminCalendar + ["hari-kerja"]

    static let adminOffice: [PathComponent] = consoleAdmin + ["kantor"]
    static let adminRetention: [PathComponent] = consoleAdmin + ["retensi"]

    static let adminReplies: [PathComponent] = consoleAdmin + ["balasan"]
    static let adminReply: [PathComponent] = adminReplies + [":reply"]
    static let adminReplyActive: [PathComponent] = adminReply + ["status"]

    /// The outbox: failed deliveries ("kirim ulang") and the wording of the messages to citizens.
    static let adminDeliveries: [PathComponent] = consoleAdmin + ["pengiriman"]
    static let adminDeliveryResend: [PathComponent] = adminDeliveries + [":message", "kirim-ulang"]
    static let adminTemplates: [PathComponent] = consoleAdmin + ["templat"]
    static let adminTemplate: [PathComponent] = adminTemplates + [":kind", ":language"]
    static let adminTemplateReset: [PathComponent] = adminTemplate + ["bawaan"]

    static let consoleAuditCSV: [PathComponent] = ["petugas", "audit.csv"]

    static func adminUser(_ id: UUID, _ path: [PathComponent] = adminUser) -> String { link(path, ["user": id.uuidString]) }
    static func adminUnit(_ code: String, _ path: [PathComponent] = adminUnit) -> String { link(path, ["unit": code]) }
    static func adminService(_ code: String, _ path: [PathComponent] = adminService) -> String { link(path, ["service": code]) }
    static func adminHoliday(_ id: UUID, _ path: [PathComponent] = adminHoliday) -> String { link(path, ["holiday": id.uuidString]) }
    static func adminReply(_ id: UUID, _ path: [PathComponent] = adminReply) -> String { link(path, ["reply": id.uuidString]) }
    static func adminDeliveryResend(_ id: UUID) -> String { link(adminDeliveryResend, ["message": id.uuidString]) }
    static func adminTemplate(_ kind: CitizenMessageKind, _ language: Language, _ path: [PathComponent] = adminTemplate) -> String {
        link(path, ["kind": kind.rawValue, "language": language.rawValue])
    }
}

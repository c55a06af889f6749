import Vapor

/// /api/v1/staff: what an officer does in the console, with a personal API token (`StaffAPIGuard`) and
/// the same roles and audit.
func registerStaffAPIRoutes(_ api: any RoutesBuilder, uploadLimit: ByteCount) {
    let staff = api.grouped("staff").grouped(StaffAPIGuard())
    let complaints = StaffComplaintsAPIController()
    staff.get("complaints", use: complaints.queue)
    staff.on(.POST, "complaints", body: .collect(maxSize: uploadLimit), use: complaints.enter)
    staff.get("complaints", ":code", use: complaints.show)
    // Streamed: the token and the complaint's visibility are checked before the body (with its files) is read.
    staff.on(.POST, "complaints", ":code", "events", body: .stream, use: complaints.addEvent)
    staff.get("complaints", ":code", "documents", ":document", use: complaints.document)
    staff.get("audit", use: StaffAuditAPIController().list)
    staff.delete("tokens", "current", use: StaffTokensAPIController().revokeCurrent)
}

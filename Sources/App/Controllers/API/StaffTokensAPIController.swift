import Vapor

/// DELETE /api/v1/staff/tokens/current: a client revokes the token it calls with (on logout, or when it
/// suspects the token leaked). 204; the token answers 401 from then on.
struct StaffTokensAPIController {
    func revokeCurrent(_ req: Request) async throws -> HTTPStatus {
        let staff = try req.requireStaff()
        guard let id = staff.apiTokenID else { throw Abort(.unauthorized, reason: "api.staff_token_invalid") }
        try await req.staffAuth.revokeToken(id, of: staff.user, address: req.clientAddress)
        return .noContent
    }
}

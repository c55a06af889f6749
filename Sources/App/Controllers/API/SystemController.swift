import Fluent
import Vapor

/// For load balancers and monitoring: the process answers and its database does too.
struct SystemController {
    struct Health: Content {
        var status: String
        var database: String
    }

    func health(_ req: Request) async throws -> Response {
        do {
            _ = try await Service.query(on: req.db).count()
            return try await Health(status: "ok", database: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.error("health check: database unreachable", metadata: ["error": .string(String(describing: error))])
            let response = try await Health(status: "unavailable", database: "error").encodeResponse(status: .serviceUnavailable, for: req)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(AppErrorMiddleware.retryAfterSeconds))
            return response
        }
    }
}

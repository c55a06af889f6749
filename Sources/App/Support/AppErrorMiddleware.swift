import AduanCore
import Vapor

/// Turns every error into an answer the person can act on: JSON under /api and for Meta's webhooks, an
/// Indonesian (or English) page elsewhere. Server errors are logged with context; client errors are not
/// errors in the logs.
struct AppErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await answer(error, for: request)
        }
    }

    private func answer(_ error: any Error, for req: Request) async -> Response {
        let response = await render(error, for: req)
        // What the error says about retrying (`Retry-After` of a rate limit) reaches the client.
        if let abort = error as? any AbortError {
            for (name, value) in abort.headers { response.headers.replaceOrAdd(name: name, value: value) }
        }
        return response
    }

    private func render(_ error: any Error, for req: Request) async -> Response {
        let status: HTTPStatus
        var messageKey: String
        var retryAfter: Int?
        switch error {
        case let unavailable where DatabaseSetup.isUnavailable(unavailable):
            // The database is away (restarting, disk full, pool exhausted): a clean answer to come back
            // shortly, never a stack; the pool reconnects by itself.
            status = .serviceUnavailable
            messageKey = "error.database_unavailable"
            retryAfter = Self.retryAfterSeconds
            req.useConfiguredOfficeSettings()
        case let abort as any AbortError:
            status = abort.status
            messageKey = abort.reason.contains(".") && !abort.reason.contains(" ") ? abort.reason : Self.key(for: status)
        case let failure as any ValidationFailure:
            status = .unprocessableEntity
            messageKey = failure.messageKey
        default:
            status = .internalServerError
            messageKey = Self.key(for: status)
        }
        if status.code >= 500 {
            req.logger.error("request failed", metadata: [
                "error": .string(String(reflecting: error)), "path": .string(req.url.path), "method": .string(req.method.rawValue),
            ])
        } else {
            req.logger.debug("client error", metadata: ["status": .stringConvertible(status.code), "path": .string(req.url.path)])
        }
        if req.catalogueKeyMissing(messageKey) { messageKey = Self.key(for: status) }

        let response = await render(status, messageKey: messageKey, for: req)
        if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter)) }
        return response
    }

    /// Seconds a client is asked to wait when the database is away.
    static let retryAfterSeconds = 5

    private func render(_ status: HTTPStatus, messageKey: String, for req: Request) async -> Response {
        if req.url.path.hasPrefix("/api/") || SitePaths.isWebhook(req.url.path) {
            let code = status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            do {
                return try await APIError.response(req, status, code: code, messageKey: messageKey)
            } catch {
                return Response(status: status)
            }
        }
        struct ErrorView: Encodable, Sendable {
            let status: Int
            let message: String
            let home: String
            let follow: String
        }
        let view = ErrorView(
            status: Int(status.code),
            message: req.text(messageKey),
            home: SitePaths.link(SitePaths.home), follow: SitePaths.link(SitePaths.followLookup))
        do {
            return try await req.page("error", title: "error.title", view, status: status)
        } catch {
            req.logger.error("error page failed", metadata: ["error": .string(String(reflecting: error))])
            return Response(status: status, body: .init(string: view.message))
        }
    }

    static func key(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "error.bad_request"
        case 401: "error.unauthorized"
        case 403: "error.forbidden"
        case 404: "error.not_found"
        case 413: "upload.total_too_large"
        case 415: "error.unsupported_media_type"
        case 422: "error.unprocessable"
        case 429: "error.too_many_requests"
        case 400..<500: "error.bad_request"
        default: "error.internal"
        }
    }
}

extension Request {
    fileprivate func catalogueKeyMissing(_ key: String) -> Bool {
        !aduan.catalogue.keys(.id).contains(key)
    }
}

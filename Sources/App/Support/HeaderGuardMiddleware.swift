import Vapor

/// The last word on every response: no header name or value may hold CR, LF or NUL. Vapor's server
/// writes headers as given (it does not install NIO's header validator), so a line break that reached a
/// header — from a redirect target, a file name, a cookie — would start headers or a body of someone
/// else's choosing (response splitting). Such a header is dropped and logged as the bug it is.
struct HeaderGuardMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        Self.guardHeaders(of: response, logger: request.logger, path: request.url.path)
        return response
    }

    static func guardHeaders(of response: Response, logger: Logger, path: String) {
        let unsafe = response.headers.filter { !isSafe($0.name) || !isSafe($0.value) }
        guard !unsafe.isEmpty else { return }
        let names = Set(unsafe.map(\.name))
        var kept = HTTPHeaders()
        for (name, value) in response.headers where isSafe(name) && isSafe(value) { kept.add(name: name, value: value) }
        response.headers = kept
        logger.error("response header with a line break dropped", metadata: [
            "headers": .string(names.sorted().joined(separator: ",")), "path": .string(path),
        ])
    }

    static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}

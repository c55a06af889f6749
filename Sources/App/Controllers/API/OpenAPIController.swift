import Vapor

/// Serves the OpenAPI document of /api/v1, kept in `Resources/openapi.json`; a test holds it and the
/// routes to each other.
struct OpenAPIController {
    func document(_ req: Request) async throws -> Response {
        let path = req.aduan.resources.root + "/openapi.json"
        let data = try await req.application.threadPool.runIfActive { try Data(contentsOf: URL(fileURLWithPath: path)) }
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

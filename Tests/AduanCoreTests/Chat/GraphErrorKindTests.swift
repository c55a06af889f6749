import Foundation
import Testing
@testable import AduanCore

@Suite("GraphErrorKind")
struct GraphErrorKindTests {
    // (code, subcode, HTTP status, expected kind): Meta's documented codes as they arrive in an HTTP error
    // answer or in a `failed` status callback (no HTTP status there).
    @Test(arguments: [
        // Rate limits.
        (130_429, nil, 400, GraphErrorKind.rateLimited),
        (131_056, nil, 400, .rateLimited),
        (131_048, nil, nil, .rateLimited),
        (4, nil, 400, .rateLimited),
        (80_007, nil, 400, .rateLimited),
        (613, nil, 400, .rateLimited),
        (100, nil, 429, .rateLimited),
        // The 24-hour window.
        (131_047, nil, 400, .windowClosed),
        (131_047, nil, nil, .windowClosed),
        (10, 2_018_278, 400, .windowClosed),
        (10, 2_534_022, 400, .windowClosed),
        // Not reachable on the platform.
        (131_026, nil, nil, .notOnChannel),
        (131_021, nil, 400, .notOnChannel),
        (131_049, nil, nil, .notOnChannel),
        (131_050, nil, nil, .notOnChannel),
        (551, 1_545_041, 400, .notOnChannel),
        (551, nil, 400, .notOnChannel),
        (200, 1_545_041, 403, .notOnChannel),
        (10, 2_018_108, 400, .notOnChannel),
        (100, 2_018_001, 400, .notOnChannel),
        // Auth: only these flag re-authentication.
        (190, nil, 401, .invalidToken),
        (190, 463, 400, .invalidToken),
        (0, nil, 401, .invalidToken),
        (102, nil, 400, .invalidToken),
        (12_345, nil, 401, .invalidToken),
        // Media and templates.
        (131_053, nil, 400, .mediaRejected),
        (100, 2_018_047, 400, .mediaRejected),
        (132_000, nil, 400, .templateProblem),
        (132_001, nil, 404, .templateProblem),
        (132_015, nil, nil, .templateProblem),
        (132_016, nil, nil, .templateProblem),
        // Meta's side for a moment.
        (131_000, nil, 500, .retryLater),
        (1, nil, 400, .retryLater),
        (2, nil, 503, .retryLater),
        (131_016, nil, 503, .retryLater),
        (1200, nil, 400, .retryLater),
        (99_999, nil, 502, .retryLater),
        // The request itself: permission, parameters, policy.
        (10, nil, 403, .permanent),
        (100, nil, 400, .permanent),
        (131_008, nil, 400, .permanent),
        (131_009, nil, 400, .permanent),
        (131_051, nil, nil, .permanent),
        (368, nil, 403, .permanent),
        (200, nil, 403, .permanent),
    ] as [(Int, Int?, Int?, GraphErrorKind)])
    func classifiesMetaCodes(code: Int, subcode: Int?, status: Int?, expected: GraphErrorKind) {
        let error = GraphError(code: code, title: "OAuthException", message: "(#\(code))", httpStatus: status, subcode: subcode)

        #expect(GraphErrorKind.of(error) == expected)
        #expect(error.kind == expected)
    }

    @Test(arguments: [
        (GraphError.networkFailure, nil, GraphErrorKind.retryLater),
        (GraphError.badResponse, 502, .retryLater),
        (GraphError.badResponse, nil, .retryLater),
        (GraphError.badResponse, 200, .permanent),
        (GraphError.badResponse, 404, .permanent),
        (GraphError.badResponse, 401, .invalidToken),
        (GraphError.badResponse, 429, .rateLimited),
        (GraphError.tooLarge, nil, .permanent),
        (GraphError.refusedLocally, nil, .permanent),
        (GraphError.checksumMismatch, nil, .retryLater),
        (GraphError.notConfigured, nil, .permanent),
    ] as [(Int, Int?, GraphErrorKind)])
    func classifiesAduansOwnCodes(code: Int, status: Int?, expected: GraphErrorKind) {
        #expect(GraphErrorKind.of(GraphError(code: code, httpStatus: status)) == expected)
    }

    @Test func onlyRateLimitsAndPassingFailuresAreRetried() {
        let retried = GraphErrorKind.allCases.filter(\.retryable)

        #expect(Set(retried) == [.rateLimited, .retryLater])
    }

    @Test func theWordingDoesNotDecide() {
        // Chatwoot #14729: a 190 whose message says nothing of tokens is still an auth error, and an
        // "AuthException" word on another code is not.
        let expired = GraphError(code: 190, title: "OAuthException", message: "Error validating access token: Session has expired", httpStatus: 400)
        let worded = GraphError(code: 100, title: "AuthException", message: "Invalid parameter", httpStatus: 400)

        #expect(expired.kind == .invalidToken)
        #expect(worded.kind == .permanent)
    }
}

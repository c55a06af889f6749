import Foundation

/// What Aduan does about a failed Graph API call or a `failed` status callback, by the error's code (and,
/// for Messenger and Instagram, its subcode). Meta asks integrators to act on `code` and `details`, never
/// on the wording of titles (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes).
///
/// Only `invalidToken` alerts the admin to renew the token: flagging every error as an auth problem meant
/// constant false disconnects elsewhere (PITFALLS #35: Chatwoot #3133, #14729).
public enum GraphErrorKind: String, Sendable, Equatable, CaseIterable {
    /// Too many messages for now (per number, per pair of numbers, per app): send again later.
    case rateLimited
    /// The 24-hour customer-service window is closed: WhatsApp takes an approved template instead;
    /// Messenger and Instagram continue on the citizen's other channels.
    case windowClosed
    /// The person cannot be reached on this platform (not a WhatsApp user, blocked the office, Meta chose
    /// not to deliver): the next channel (e-mail) carries the message and the officer sees why.
    case notOnChannel
    /// The access token is expired, revoked or wrong: the admin is alerted to set a new one.
    case invalidToken
    /// Meta did not take the file (type, size or a failed upload/fetch on its side).
    case mediaRejected
    /// The template is missing, paused, disabled, or its parameters do not match what was approved.
    case templateProblem
    /// Meta or the network failed for a moment: the same request may succeed later.
    case retryLater
    /// The request itself is wrong or not allowed (parameters, permissions, policy): sending it again
    /// changes nothing; it is recorded on the message for the officer and the admin.
    case permanent

    /// Whether sending the same request again later can succeed.
    public var retryable: Bool {
        switch self {
        case .rateLimited, .retryLater: true
        case .windowClosed, .notOnChannel, .invalidToken, .mediaRejected, .templateProblem, .permanent: false
        }
    }

    public static func of(_ error: GraphError) -> GraphErrorKind {
        if error.code < 0 { return local(error) }
        if let kind = bySubcode(error) { return kind }
        if let kind = byCode[error.code] { return kind }
        // Template errors: 132000 parameter count mismatch, 132001 template does not exist (in that
        // language), 132005 translated text too long, 132007 format policy, 132012 parameter format
        // mismatch, 132015 paused, 132016 disabled, 132068/132069 its flow blocked or throttled.
        if (132_000..<133_000).contains(error.code) { return .templateProblem }
        // Graph's 200–299 are permissions not granted or withdrawn: the admin's setup, not the token.
        switch error.httpStatus {
        case 401?: return .invalidToken
        case 429?: return .rateLimited
        case let status? where status >= 500: return .retryLater
        default: return .permanent
        }
    }

    /// Failures that never reached Graph or came back unreadable (Aduan's own negative codes).
    private static func local(_ error: GraphError) -> GraphErrorKind {
        switch error.code {
        case GraphError.networkFailure, GraphError.checksumMismatch: return .retryLater
        case GraphError.badResponse:
            // A proxy's HTML page or a cut answer: judged by the HTTP status it came with.
            switch error.httpStatus {
            case nil: return .retryLater
            case 401?: return .invalidToken
            case 429?: return .rateLimited
            case let status? where status >= 500: return .retryLater
            default: return .permanent
            }
        default: return .permanent  // tooLarge, refusedLocally, notConfigured
        }
    }

    /// Messenger and Instagram say what happened in the subcode of a generic code (10, 100, 200, 551).
    /// Sources: developers.facebook.com/docs/messenger-platform/error-codes, and the codes integrators
    /// report for Instagram's Messenger API.
    private static func bySubcode(_ error: GraphError) -> GraphErrorKind? {
        switch (error.code, error.subcode) {
        // (#10) "This message is sent outside of allowed window." — Messenger's 24-hour rule.
        case (10, 2_018_278?), (10, 2_018_065?): return .windowClosed
        // The same refusal as Instagram words it.
        case (10, 2_534_022?): return .windowClosed
        // (#10) "This person isn't receiving messages from you right now."
        case (10, 2_018_108?): return .notOnChannel
        // (#100) "No matching user found": the PSID is unknown to the Page (deleted, never wrote).
        case (100, 2_018_001?): return .notOnChannel
        // Instagram: the user cannot be found (account deleted or blocked the business).
        case (100, 2_534_014?), (10, 2_534_014?): return .notOnChannel
        // (#200) / (#551) "This person isn't available right now" (turned off messages from the Page).
        case (200, 1_545_041?), (551, _): return .notOnChannel
        // (#100) "Upload attachment failure" and "Attachment size exceeds allowable limit".
        case (100, 2_018_047?), (100, 2_018_109?): return .mediaRejected
        default: return nil
        }
    }

    private static let byCode: [Int: GraphErrorKind] = [
        // Authorization. 0 AuthException "We were unable to authenticate the app user" (HTTP 401);
        // 190 "Access token has expired" / "Invalid OAuth access token" (whatever the message says,
        // Chatwoot #14729); 102 API Session: the session or token is no longer valid.
        0: .invalidToken,
        102: .invalidToken,
        190: .invalidToken,
        // Throttling. 4 app call rate limit; 17 user request limit; 32 Page request limit; 613 "Calls to
        // this api have exceeded the rate limit" (Messenger); 80001/80002/80006/80007 business use case
        // limits of Pages, Instagram, Messenger and the WhatsApp Business Account; 130429 Cloud API
        // throughput (80 msg/s per number by default); 131048 spam rate limit (quality-based);
        // 131056 pair rate limit (about one message per 6 s to the same person).
        4: .rateLimited,
        17: .rateLimited,
        32: .rateLimited,
        613: .rateLimited,
        80_001: .rateLimited,
        80_002: .rateLimited,
        80_006: .rateLimited,
        80_007: .rateLimited,
        130_429: .rateLimited,
        131_048: .rateLimited,
        131_056: .rateLimited,
        // 131047 Re-engagement message: more than 24 hours since the customer last wrote; only a
        // template may go (it may also come later in a status callback).
        131_047: .windowClosed,
        // Not reachable on WhatsApp. 131026 Message undeliverable: not a WhatsApp number, an old app,
        // terms not accepted, or the person blocked the business; 131021 the recipient is the sender's
        // own number; 131049 Meta chose not to deliver (per-user limit on business messages: retrying
        // soon fails the same way); 131050 the person stopped marketing messages; 130472 the number is
        // part of a Meta experiment; 130497 the business may not message users in that country.
        131_026: .notOnChannel,
        131_021: .notOnChannel,
        131_049: .notOnChannel,
        131_050: .notOnChannel,
        130_472: .notOnChannel,
        130_497: .notOnChannel,
        // 131053 Media upload error: Meta could not take or fetch the file (type, size, a link it would
        // not follow: PITFALLS #22).
        131_053: .mediaRejected,
        // Meta's side for a moment. 1 API Unknown (possible server error); 2 API Service (temporary
        // downtime or overload); 131000 "Something went wrong"; 131016 a service temporarily
        // unavailable; 131057 the business account is in maintenance mode; 133004 server temporarily
        // unavailable; 1200 Messenger "Temporary send message failure. Please try again later".
        1: .retryLater,
        2: .retryLater,
        131_000: .retryLater,
        131_016: .retryLater,
        131_057: .retryLater,
        133_004: .retryLater,
        1200: .retryLater,
        // Everything else is permanent, among them: 3 capability, 10 permission denied, 100 invalid
        // parameter, 131008 required parameter missing, 131009 parameter value not valid, 131051
        // unsupported message type, 131052 media sent by the user could not be downloaded, 368 blocked
        // for policy violations, 131031 account locked, 133010 phone number not registered.
    ]
}

extension GraphError {
    // Aduan's own codes for failures that never reached Graph or came back unreadable; Graph's are ≥ 0.

    /// The connection failed (refused, reset, DNS, TLS) or the answer took longer than
    /// `ADUAN_GRAPH_TIMEOUT_SECONDS`; `httpStatus` is nil. Retried later.
    public static let networkFailure = -1
    /// The answer was not the documented JSON (a proxy's page, a cut body, a success without an id);
    /// `httpStatus` is the status it came with. Judged by that status.
    public static let badResponse = -2
    /// A file is over a limit: the Cloud API's for its type when uploading, or the caller's `maxBytes`
    /// when downloading (checked before and while reading). Permanent.
    public static let tooLarge = -3
    /// The message does not fit the platform's contract (text too long, a file type it does not take, a
    /// URL that is not http or https): refused before sending. Permanent.
    public static let refusedLocally = -4
    /// The downloaded bytes do not match the sha256 Meta gave: spoiled on the way. Retried later.
    public static let checksumMismatch = -5
    /// The channel's settings (`ADUAN_WHATSAPP_*`, `ADUAN_META_*`) are not set. Permanent.
    public static let notConfigured = -6

    /// What Aduan does about this error.
    public var kind: GraphErrorKind { GraphErrorKind.of(self) }
}

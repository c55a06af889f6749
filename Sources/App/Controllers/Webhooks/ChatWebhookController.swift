import AduanCore
import Fluent
import Vapor

/// Meta's webhooks: `/webhooks/whatsapp` (WhatsApp Business Account) and `/webhooks/meta` (Facebook
/// Page and Instagram). The GET is the subscription handshake; a POST is verified by its
/// `X-Hub-Signature-256` before anything is read or kept, then stored as received with a `chat_webhook`
/// job in one transaction, and acknowledged at once: Meta needs a fast 200 and retries for days
/// otherwise (PITFALLS #19). The JSON is read by the job, never here.
struct ChatWebhookController {
    /// Meta's challenges are a few digits; a longer one is not Meta's.
    static let maxChallengeLength = 200

    func verifyWhatsApp(_ req: Request) throws -> Response {
        try verify(req, expecting: req.aduan.config.chat.whatsapp?.verifyToken)
    }

    func verifyMeta(_ req: Request) throws -> Response {
        try verify(req, expecting: req.aduan.config.chat.meta?.verifyToken)
    }

    func receiveWhatsApp(_ req: Request) async throws -> Response {
        try await receive(req, source: .whatsapp, secret: req.aduan.config.chat.whatsapp?.appSecret)
    }

    func receiveMeta(_ req: Request) async throws -> Response {
        try await receive(req, source: .meta, secret: req.aduan.config.chat.meta?.appSecret)
    }

    /// `hub.mode=subscribe` with our verify token: the bare `hub.challenge` back.
    private func verify(_ req: Request, expecting verifyToken: String?) throws -> Response {
        guard let verifyToken else { throw Abort(.notFound) }
        let mode = req.query[String.self, at: "hub.mode"]
        let token = req.query[String.self, at: "hub.verify_token"] ?? ""
        guard mode == "subscribe", constantTimeEquals(token, verifyToken) else { throw Abort(.forbidden) }
        guard let challenge = req.query[String.self, at: "hub.challenge"], !challenge.isEmpty,
              challenge.count <= Self.maxChallengeLength,
              challenge.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { throw Abort(.badRequest) }
        return Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: challenge))
    }

    private func receive(_ req: Request, source: ReceivedWebhook.Source, secret: String?) async throws -> Response {
        guard let secret else { throw Abort(.notFound) }
        let body = req.body.data.map { Array($0.readableBytesView) } ?? []
        // The route's collection refuses larger bodies as they stream in; this holds for a body that came whole.
        guard body.count <= req.aduan.config.chat.maxWebhookBytes else { throw Abort(.payloadTooLarge) }
        let signature = req.headers.first(name: MetaSignature.headerName)
        guard MetaSignature.isValid(header: signature, body: body, secret: secret) else {
            // Not an error of ours, but worth seeing: a misconfigured secret, or someone trying (PITFALLS #23).
            req.logger.warning("webhook signature refused", metadata: [
                "source": .string(source.rawValue), "signature": .string(signature == nil ? "missing" : "wrong"),
                "bytes": .stringConvertible(body.count),
            ])
            throw Abort(.unauthorized)
        }
        let now = req.aduan.clock.now()
        let webhookID = try await req.db.transaction { db in
            let webhook = ReceivedWebhook(source: source, body: body, at: now)
            try await webhook.create(on: db)
            try await JobQueue.enqueue(.chatWebhook, reference: webhook.id, now: now, on: db)
            return webhook.id
        }
        req.aduan.jobs.wake()
        req.logger.debug("webhook received", metadata: ["source": .string(source.rawValue), "webhook": .string(webhookID?.uuidString ?? "")])
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: "{}"))
    }
}

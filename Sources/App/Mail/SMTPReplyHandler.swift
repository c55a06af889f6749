import NIOCore
import NIOSSL

/// Frames the server's bytes into replies and hands each to the command waiting for it: one reply per
/// command, since this client does not pipeline. Touched only on the channel's event loop.
///
/// For STARTTLS the handler itself puts TLS in front of the pipeline as soon as the 220 has been read,
/// inside the same read, so no later plaintext byte can be taken for a reply. Bytes that came with the
/// 220 are refused: a man in the middle can append forged replies to it (CVE-2011-0411 and kin).
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; this leaves room for servers that exceed it.
    static let maxLineLength = 4096

    struct TLSUpgrade: Sendable {
        var context: NIOSSLContext
        var serverHostname: String?
    }

    private var buffer = ByteBuffer()
    private var parser = SMTPReplyParser()
    private var replies: [SMTPResponse] = []
    private var waiter: (promise: EventLoopPromise<SMTPResponse>, timeout: Scheduled<Void>)?
    private var failure: SMTPError?
    private var stage = SMTPStage.greeting
    private var upgrade: TLSUpgrade?
    private var context: ChannelHandlerContext?
    private let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Sends `command` (nothing for the greeting) and waits at most `timeout` for its reply. With
    /// `startTLS`, a 2xx reply switches the connection to TLS before anything else is read.
    func exchange(_ command: ByteBuffer?, stage: SMTPStage, timeout: TimeAmount, startTLS: TLSUpgrade? = nil) -> EventLoopFuture<SMTPResponse> {
        if let failure { return eventLoop.makeFailedFuture(failure) }
        guard let context else { return eventLoop.makeFailedFuture(SMTPError.connectionClosed(stage: stage)) }
        self.stage = stage
        if let command {
            guard replies.isEmpty else {
                let unexpected = SMTPReplyParser.excerpt(replies[0].description)
                fail(.protocolViolation(detail: "a reply nobody asked for: \(unexpected)", stage: stage))
                return eventLoop.makeFailedFuture(failure!)
            }
            upgrade = startTLS
            context.writeAndFlush(wrapOutboundOut(command), promise: nil)
        } else if !replies.isEmpty {
            return eventLoop.makeSucceededFuture(replies.removeFirst())
        }
        let promise = eventLoop.makePromise(of: SMTPResponse.self)
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        let scheduled = eventLoop.scheduleTask(in: timeout) {
            handler.value.fail(.timeout(stage: stage, after: timeout))
        }
        waiter = (promise, scheduled)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard failure == nil else { return }
        buffer.writeBuffer(&bytes)
        do {
            while let line = try nextLine() {
                guard let reply = try parser.parse(line) else { continue }
                if let upgrade {
                    self.upgrade = nil
                    if (200..<300).contains(reply.code) {
                        guard buffer.readableBytes == 0 else {
                            throw SMTPError.protocolViolation(
                                detail: "the server sent more after its STARTTLS reply, before TLS began (a STARTTLS injection)",
                                stage: stage
                            )
                        }
                        try startTLS(upgrade, context: context)
                    }
                }
                deliver(reply)
            }
            buffer.discardReadBytes()
        } catch let error as SMTPReplyParser.Failure {
            fail(.protocolViolation(detail: error.detail, stage: stage))
        } catch {
            fail(Self.smtpError(error, stage: stage))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed(stage: stage))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.smtpError(error, stage: stage))
    }

    private func startTLS(_ upgrade: TLSUpgrade, context: ChannelHandlerContext) throws {
        let tls = try NIOSSLClientHandler(context: upgrade.context, serverHostname: upgrade.serverHostname)
        try context.pipeline.syncOperations.addHandler(tls, position: .first)
    }

    /// The next line without its CRLF (a bare LF is accepted), or nil until one is complete.
    private func nextLine() throws -> String? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            guard view.count <= Self.maxLineLength else {
                throw SMTPReplyParser.Failure(detail: "a reply line longer than \(Self.maxLineLength) bytes")
            }
            return nil
        }
        let length = newline - view.startIndex
        guard length <= Self.maxLineLength else {
            throw SMTPReplyParser.Failure(detail: "a reply line longer than \(Self.maxLineLength) bytes")
        }
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    private func deliver(_ reply: SMTPResponse) {
        if let waiter {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    /// The first failure ends the session: it is kept for every later request, and the channel closes.
    private func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        if let waiter {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.fail(failure!)
        }
        context?.close(promise: nil)
    }

    static func smtpError(_ error: any Error, stage: SMTPStage) -> SMTPError {
        switch error {
        case let error as SMTPError:
            return error
        case NIOSSLError.uncleanShutdown:
            return .connectionClosed(stage: stage)
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            return .tlsFailure(detail: String(describing: error))
        default:
            return .connectionClosed(stage: stage)
        }
    }
}

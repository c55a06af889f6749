import AduanCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// The responses of one connection, handed from the event loop to the client's task one at a time.
///
/// The timeout is one of silence: a wait fails when nothing at all arrived for `timeout`, so a large
/// message that keeps coming is never cut, while a server that stops answering at any stage is.
final class IMAPInbox: Sendable {
    private struct State {
        var queue: [IMAPResponse] = []
        var failure: IMAPError?
        var waiter: CheckedContinuation<IMAPResponse, any Error>?
        var waiterID = 0
        var lastActivity = NIODeadline.now()
        var stage: IMAPError.Stage = .connect
        var bye: String?
        var channel: (any Channel)?
    }

    private let state = NIOLockedValueBox(State())
    let eventLoop: any EventLoop
    let timeout: TimeAmount

    init(eventLoop: any EventLoop, timeout: TimeAmount) {
        self.eventLoop = eventLoop
        self.timeout = timeout
    }

    var stage: IMAPError.Stage {
        get { state.withLockedValue { $0.stage } }
        set { state.withLockedValue { $0.stage = newValue } }
    }

    var queuedCount: Int { state.withLockedValue { $0.queue.count } }

    /// The error that ended the connection, if it has ended.
    var failure: IMAPError? { state.withLockedValue { $0.failure } }

    func attach(_ channel: any Channel) {
        state.withLockedValue { $0.channel = channel }
    }

    // MARK: From the event loop

    func touch() {
        state.withLockedValue { $0.lastActivity = .now() }
    }

    func deliver(_ response: IMAPResponse) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<IMAPResponse, any Error>? in
            if case .untagged(.status(let status)) = response, status.status == .bye { state.bye = status.displayText }
            guard state.failure == nil else { return nil }
            guard let waiter = state.waiter else {
                state.queue.append(response)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: response)
    }

    /// Ends the connection for good: the waiting task and every later wait get `error`.
    func fail(_ error: IMAPError) {
        let (waiter, channel) = state.withLockedValue { state -> (CheckedContinuation<IMAPResponse, any Error>?, (any Channel)?) in
            guard state.failure == nil else { return (nil, nil) }
            state.failure = error
            defer { state.waiter = nil }
            return (state.waiter, state.channel)
        }
        waiter?.resume(throwing: error)
        channel?.close(promise: nil)
    }

    func closed() {
        let (stage, bye) = state.withLockedValue { ($0.stage, $0.bye) }
        if let bye {
            fail(IMAPError(kind: .closedByServer, stage: stage, detail: bye))
        } else {
            fail(IMAPError(kind: .connection, stage: stage, detail: "the server closed the connection"))
        }
    }

    // MARK: From the client's task

    func next() async throws -> IMAPResponse {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<IMAPResponse, any Error>) in
                enum Action { case answer(IMAPResponse), failure(IMAPError), wait(Int) }
                let action = state.withLockedValue { state -> Action in
                    if !state.queue.isEmpty { return .answer(state.queue.removeFirst()) }
                    if let failure = state.failure { return .failure(failure) }
                    state.waiterID += 1
                    state.waiter = continuation
                    state.lastActivity = .now()
                    return .wait(state.waiterID)
                }
                switch action {
                case .answer(let response): continuation.resume(returning: response)
                case .failure(let error): continuation.resume(throwing: error)
                case .wait(let id): checkSilence(of: id, at: .now() + timeout)
                }
            }
        } onCancel: {
            fail(IMAPError(kind: .connection, stage: stage, detail: "cancelled"))
        }
    }

    private func checkSilence(of waiterID: Int, at deadline: NIODeadline) {
        eventLoop.scheduleTask(deadline: deadline) { [self] in
            let (expired, later) = state.withLockedValue { state -> (IMAPError.Stage?, NIODeadline?) in
                guard state.waiter != nil, state.waiterID == waiterID else { return (nil, nil) }
                let due = state.lastActivity + timeout
                return due > .now() ? (nil, due) : (state.stage, nil)
            }
            if let later { checkSilence(of: waiterID, at: later) }
            if let expired {
                let seconds = timeout.nanoseconds / 1_000_000_000
                fail(IMAPError(kind: .timeout, stage: expired, detail: "no answer for \(seconds) seconds"))
            }
        }
    }
}

/// Cuts the bytes into responses and hands them to the inbox; turns channel errors into `IMAPError`.
final class IMAPResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var framer: IMAPResponseFramer
    private let inbox: IMAPInbox

    init(inbox: IMAPInbox, maxLiteralBytes: Int) {
        self.inbox = inbox
        framer = IMAPResponseFramer(maxLineBytes: 1_048_576, maxLiteralBytes: maxLiteralBytes)
    }

    /// No byte is waiting to be framed: what comes next is read afresh (the check before STARTTLS).
    var isIdle: Bool { framer.bufferedByteCount == 0 }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        inbox.touch()
        framer.append(buffer.readableBytesView)
        do throws(IMAPParseError) {
            while let frame = try framer.next() {
                inbox.deliver(try IMAPResponse(frame: frame))
            }
        } catch {
            let kind: IMAPError.Kind = if case .literalTooLarge = error { .messageTooLarge } else { .protocolViolation }
            inbox.fail(IMAPError(kind: kind, stage: inbox.stage, detail: error.description))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.closed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let tls = error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError
        inbox.fail(IMAPError(kind: tls ? .tls : .connection, stage: inbox.stage, detail: String(describing: error)))
    }
}

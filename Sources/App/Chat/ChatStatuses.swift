import AduanCore
import Fluent
import Foundation

/// The platform's word on the messages the office sent: sent, delivered, read, failed. A status only
/// moves forward (a late `sent` never undoes `delivered`), and `failed` stands. A complaint's message that
/// failed is handled by the kind of its error: the window closed → sent again as the approved
/// template; the citizen cannot be reached on the chat → by e-mail; anything else → the officers hear.
struct ChatStatuses {
    let context: AduanContext

    func apply(_ update: ChatStatusUpdate, at: Date, on db: any Database) async throws {
        let error = update.errors.first
        for row in try await ChatMessage.query(on: db).filter(\.$externalID == update.externalID).filter(\.$direction == .outbound).all() {
            let current = row.deliveryStatus
            let next = current.advanced(by: update.status)
            guard next != current else { continue }
            row.state = ChatMessage.State(next)
            if next == .failed, let error {
                row.errorCode = error.code
                row.error = error.words ?? "error \(error.code)"
            }
            row.updatedAt = at
            try await row.save(on: db)
        }
        guard let message = try await OutgoingMessage.query(on: db).filter(\.$externalID == update.externalID).first() else { return }
        let current = message.deliveryStatus ?? .accepted
        let next = current.advanced(by: update.status)
        guard next != current else { return }
        message.deliveryStatus = next
        message.updatedAt = at
        if next == .failed {
            // The same rule as a refused send: `DeliveryFailure` says whether the next channel takes it.
            let failure = error.map { DeliveryFailure($0, platform: update.platform) }
                ?? DeliveryFailure(reason: "\(update.platform.rawValue): failed", permanent: true, nextChannel: true)
            message.lastError = String(failure.reason.prefix(2000))
            let kind = error.map(GraphErrorKind.of) ?? .permanent
            if kind == .windowClosed, message.templateOnly != true {
                // Meta's clock says the window had closed: the same message again, as the approved template.
                message.templateOnly = true
                message.state = .queued
                message.deliveryStatus = nil
                message.externalID = nil
                try await message.save(on: db)
                try await JobQueue.enqueue(.deliver, reference: message.id, now: at, on: db)
                return
            }
            message.state = .failed
            try await message.save(on: db)
            if kind == .invalidToken {
                try await ComplaintRecorder(context: context).alertAdmins(.channelProblem, at: at, on: db)
            }
            if let complaint = try await Complaint.find(message.$complaint.id, on: db) {
                try await OutboxFallback(context: context).failed(message, of: complaint, nextChannel: failure.nextChannel, at: at, on: db)
            }
            return
        }
        try await message.save(on: db)
    }

    /// Messenger and Instagram: every message of the chat sent up to the watermark was delivered or read.
    func apply(_ mark: ChatWatermark, at: Date, on db: any Database) async throws {
        guard let conversation = try await ChatConversation.query(on: db).filter(\.$platform == mark.platform)
            .filter(\.$citizen == mark.citizen).first()
        else { return }
        let rows = try await ChatMessage.query(on: db).filter(\.$conversation.$id == conversation.requireID())
            .filter(\.$direction == .outbound).filter(\.$sentAt <= mark.watermark)
            .filter(\.$state ~~ [.sent, .delivered]).all()
        for row in rows {
            let next = row.deliveryStatus.advanced(by: mark.status)
            guard next != row.deliveryStatus else { continue }
            row.state = ChatMessage.State(next)
            row.updatedAt = at
            try await row.save(on: db)
            if let id = row.outgoingMessageID, let message = try await OutgoingMessage.find(id, on: db) {
                message.deliveryStatus = (message.deliveryStatus ?? .accepted).advanced(by: mark.status)
                message.updatedAt = at
                try await message.save(on: db)
            }
        }
    }
}

extension ChatMessage {
    /// An outbound message's state as the platform's delivery status.
    var deliveryStatus: ChatDeliveryStatus {
        switch state {
        case .pending, .received, .queued: .accepted
        case .sent: .sent
        case .delivered: .delivered
        case .read: .read
        case .failed: .failed
        }
    }
}

extension ChatMessage.State {
    init(_ status: ChatDeliveryStatus) {
        switch status {
        case .accepted: self = .sent
        case .sent: self = .sent
        case .delivered: self = .delivered
        case .read: self = .read
        case .failed: self = .failed
        }
    }
}

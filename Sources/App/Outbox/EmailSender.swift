import AduanCore
import Foundation
import NIOCore

/// The e-mail channel: a rendered message as an RFC 5322 mail (`MailComposer`) handed to the office's
/// SMTP server (`SMTPClient`). SMTP's answers become the outbox's kinds of failure.
struct EmailSender: MessageSender {
    let settings: MailSettings
    let timeZone: TimeZone
    let clock: any AppClock
    var eventLoopGroup: any EventLoopGroup

    func compose(_ message: RenderedMessage) -> [UInt8] {
        MailComposer.compose(OutgoingMail(
            from: settings.from, to: [MailAddress(name: message.recipientName, address: message.recipient)],
            subject: message.subject, messageID: message.messageID, inReplyTo: message.inReplyTo, references: message.references,
            date: clock.now(), timeZone: timeZone, textBody: message.text, htmlBody: message.html,
            attachments: message.documents.map { MailAttachment(filename: $0.name, contentType: $0.contentType, data: $0.bytes) },
            automatic: message.automatic))
    }

    func send(_ message: RenderedMessage) async throws(DeliveryFailure) -> DeliveryReceipt {
        let data = compose(message)
        do {
            try await SMTPClient(settings: settings.smtp, eventLoopGroup: eventLoopGroup)
                .send(from: settings.from.address, to: [message.recipient], data: data)
        } catch let error as SMTPError {
            throw DeliveryFailure(reason: error.reason, permanent: error.isPermanent, configuration: error.isConfigurationProblem)
        } catch {
            throw DeliveryFailure(reason: String(describing: error), permanent: false)
        }
        return DeliveryReceipt(externalID: nil)
    }
}

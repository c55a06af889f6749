import AduanCore
import Vapor

/// What the whole application shares: its configuration, clock, file store and message catalogue.
struct AduanContext: Sendable {
    var config: AppConfig
    var clock: any AppClock
    var store: AttachmentStore
    var catalogue: MessageCatalogue
    var resources: ResourceLocator
    /// Wakes this process's job workers when work was queued.
    var jobs: JobSignal = JobSignal()
    /// The senders of the citizen's channels that are configured (`OutboxDelivery`).
    var senders: MessageSenders = MessageSenders()
    /// Meta's Graph API (WhatsApp, Messenger, Instagram); nil while no chat channel is configured.
    var graph: GraphClient?

    var dateText: DateText { DateText(timeZone: config.timeZone) }
}

extension Application {
    private struct AduanKey: StorageKey {
        typealias Value = AduanContext
    }

    var aduan: AduanContext {
        get {
            guard let context = storage[AduanKey.self] else { fatalError("configure(_:) has not run") }
            return context
        }
        set { storage[AduanKey.self] = newValue }
    }
}

extension Request {
    var aduan: AduanContext { application.aduan }
    var now: Date { application.aduan.clock.now() }
}

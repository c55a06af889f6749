import AduanCore
import Foundation

extension AppConfig {
    /// The office's sending identity when e-mail is configured; nil when nothing is sent by e-mail.
    var mailSender: (address: String, domain: String)? {
        mail.map { ($0.from.address, $0.from.domain) }
    }
}

extension AppConfig {
    /// How often the office's mailbox is fetched (`ADUAN_IMAP_POLL_SECONDS`).
    var mailboxPollInterval: TimeInterval { imap?.pollInterval ?? 60 }
}

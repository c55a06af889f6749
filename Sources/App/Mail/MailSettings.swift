import AduanCore
import Foundation
import NIOCore
import NIOSSL

/// Outgoing e-mail: the SMTP server and the office's sender. `AppConfig.mail` is nil when
/// `ADUAN_SMTP_URL` is not set: then nothing is sent by e-mail.
struct MailSettings: Sendable, Equatable {
    var smtp: SMTPSettings
    /// From of every message, and the domain of its Message-ID.
    var from: MailAddress

    /// Builds the settings from the raw values of the variables (AppConfig reads them).
    ///
    /// `ADUAN_MAIL_FROM` may be left out when the SMTP user is itself an address (as with Gmail): then
    /// mail goes from that address under the office's short name. A From that is set but malformed is an
    /// error even while e-mail is off, so that a typo shows at the first start, not at the first mail.
    static func make(
        url: String?, from: String?, timeoutSeconds: Int, caFile: String?, heloName: String?, officeName: String
    ) throws(AppConfig.Error) -> MailSettings? {
        var sender: MailAddress?
        if let from {
            guard let address = MailAddress(parsing: from) else {
                throw AppConfig.Error(variable: "ADUAN_MAIL_FROM", problem: "expected an address with an optional name, e.g. \"Disdukcapil Dharmasraya\" <pengaduan@example.go.id>, got \(from)")
            }
            sender = address
        }
        guard let url else { return nil }
        var smtp = try SMTPSettings(url: url, timeout: .seconds(Int64(timeoutSeconds)))
        if sender == nil, let user = smtp.username, let address = try? EmailAddress(user) {
            sender = MailAddress(name: officeName, address: address.value)
        }
        guard let sender else {
            throw AppConfig.Error(variable: "ADUAN_MAIL_FROM", problem: "required with ADUAN_SMTP_URL (unless its user is an e-mail address), e.g. \"Disdukcapil Dharmasraya\" <pengaduan@example.go.id>")
        }
        if let caFile {
            let certificates = try? NIOSSLCertificate.fromPEMFile(caFile)
            guard let certificates, !certificates.isEmpty else {
                throw AppConfig.Error(variable: "ADUAN_SMTP_CA_FILE", problem: "\(caFile) is not a readable PEM file of certificates")
            }
            smtp.trustRoots = caFile
        }
        smtp.heloName = heloName ?? sender.domain
        return MailSettings(smtp: smtp, from: sender)
    }
}

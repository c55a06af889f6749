import AduanCore
import Foundation
import Vapor

/// The console's chat pages: conversations not yet complaints, and the admin's WhatsApp page.
extension SitePaths {
    static let consoleConversations: [PathComponent] = ["petugas", "percakapan"]
    static let consoleConversation: [PathComponent] = consoleConversations + [":conversation"]
    static let consoleConversationTakeOver: [PathComponent] = consoleConversation + ["ambil-alih"]
    static let consoleConversationReply: [PathComponent] = consoleConversation + ["balas"]
    static let consoleConversationDocument: [PathComponent] = consoleConversation + ["dokumen", ":document"]

    static let adminWhatsApp: [PathComponent] = consoleAdmin + ["whatsapp"]
    static let adminWhatsAppTemplate: [PathComponent] = adminWhatsApp + ["templat", ":kind"]
    static let adminWhatsAppTemplateDelete: [PathComponent] = adminWhatsAppTemplate + ["hapus"]

    /// Where Meta calls back (the webhooks of issue 8), as the admin page shows them to paste into
    /// Meta's dashboard. The webhook routes should be registered from these.
    static let metaCallbackWhatsApp: [PathComponent] = ["webhooks", "whatsapp"]
    static let metaCallbackPages: [PathComponent] = ["webhooks", "meta"]

    static func consoleConversation(_ id: UUID, _ path: [PathComponent] = consoleConversation) -> String {
        link(path, ["conversation": id.uuidString])
    }
    static func consoleConversationDocument(_ id: UUID, _ document: UUID) -> String {
        link(consoleConversationDocument, ["conversation": id.uuidString, "document": document.uuidString])
    }
    static func adminWhatsAppTemplate(_ kind: CitizenMessageKind, _ path: [PathComponent] = adminWhatsAppTemplate) -> String {
        link(path, ["kind": kind.rawValue])
    }
}

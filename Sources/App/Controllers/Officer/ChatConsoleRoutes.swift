import Vapor

/// The console's chat pages (conversations not yet complaints) and the admin's WhatsApp page, behind
/// `ConsoleGuard`.
func registerChatConsoleRoutes(_ console: any RoutesBuilder) {
    let conversations = ConsoleConversationsController()
    console.get(SitePaths.consoleConversations, use: conversations.list)
    console.get(SitePaths.consoleConversation, use: conversations.show)
    console.post(SitePaths.consoleConversationTakeOver, use: conversations.takeOver)
    console.post(SitePaths.consoleConversationReply, use: conversations.reply)
    console.get(SitePaths.consoleConversationDocument, use: conversations.document)

    let admin = console.grouped(AdminGuard())
    let whatsapp = AdminWhatsAppController()
    admin.get(SitePaths.adminWhatsApp, use: whatsapp.show)
    admin.get(SitePaths.adminWhatsAppTemplate, use: whatsapp.template)
    admin.post(SitePaths.adminWhatsAppTemplate, use: whatsapp.post)
    admin.post(SitePaths.adminWhatsAppTemplateDelete, use: whatsapp.delete)
}

import Vapor

/// Every route of Aduan, by section. Paths come from `SitePaths`.
func routes(_ app: Application) throws {
    let uploadLimit = ByteCount(value: app.aduan.config.maxUploadRequestBytes)

    // MARK: Public pages
    let home = HomeController()
    app.get(SitePaths.home, use: home.home)
    app.get(SitePaths.privacy, use: home.privacy)

    let complaints = ComplaintFormController()
    app.get(SitePaths.newComplaint, use: complaints.form)
    // Streamed: the handler checks the rate limit (and for replies the citizen's access) before it reads
    // the body, so a refused request costs no upload.
    app.on(.POST, SitePaths.submitComplaint, body: .stream, use: complaints.submit)
    app.get(SitePaths.receipt, use: complaints.receipt)

    let follow = FollowController()
    app.get(SitePaths.followLookup, use: follow.lookup)
    app.get(SitePaths.follow, use: follow.show)
    app.post(SitePaths.followProof, use: follow.prove)
    app.post(SitePaths.followSignOut, use: follow.signOut)
    app.on(.POST, SitePaths.followReply, body: .stream, use: follow.reply)
    app.on(.POST, SitePaths.followComplete, body: .stream, use: follow.complete)
    app.get(SitePaths.followDocument, use: follow.document)
    let links = AccessLinkController()
    app.get(SitePaths.accessLink, use: links.show)
    app.post(SitePaths.accessLink, use: links.open)

    // MARK: Officer console
    let signIn = SignInController()
    app.get(SitePaths.consoleLogin, use: signIn.form)
    app.post(SitePaths.consoleLogin, use: signIn.signIn)
    app.get(SitePaths.consoleLoginCode, use: signIn.codeForm)
    app.post(SitePaths.consoleLoginCode, use: signIn.confirmCode)

    let console = app.grouped(ConsoleGuard(maxBodySize: Int(uploadLimit.value)))
    console.get(SitePaths.console) { req in req.redirect(to: SitePaths.link(SitePaths.consoleQueue)) }
    console.post(SitePaths.consoleSignOut, use: signIn.signOut)
    let account = AccountController()
    console.get(SitePaths.consoleAccount, use: account.show)
    console.post(SitePaths.consoleTokens, use: account.createToken)
    console.post(SitePaths.consoleTokenRevoke, use: account.revokeToken)
    console.post(SitePaths.consoleSignOutEverywhere, use: account.signOutEverywhere)
    console.get(SitePaths.consoleTwoFactor, use: account.twoFactor)
    console.post(SitePaths.consoleTwoFactor, use: account.enableTwoFactor)
    registerConsoleRoutes(console, uploadLimit: uploadLimit)
    registerAdminRoutes(console)
    registerChatConsoleRoutes(console)

    // MARK: JSON API
    let api = app.grouped(SitePaths.api)
    let citizenAPI = ComplaintsAPIController()
    api.on(.POST, "complaints", body: .stream, use: citizenAPI.create)
    api.get("complaints", ":code", use: citizenAPI.show)
    api.post("complaints", ":code", "access", use: citizenAPI.access)
    api.on(.POST, "complaints", ":code", "messages", body: .stream, use: citizenAPI.addMessage)
    api.get("complaints", ":code", "documents", ":document", use: citizenAPI.document)
    api.get("services", use: citizenAPI.services)
    api.get("openapi.json", use: OpenAPIController().document)
    registerStaffAPIRoutes(api, uploadLimit: uploadLimit)

    // MARK: Meta's webhooks (WhatsApp, Facebook Page, Instagram)
    // Collected whole (up to `config.chat.maxWebhookBytes`; larger is 413): the signature covers the exact
    // bytes. Vapor refuses a body that reaches its limit, hence one byte more.
    let webhooks = ChatWebhookController()
    let webhookLimit = ByteCount(value: app.aduan.config.chat.maxWebhookBytes + 1)
    app.get(SitePaths.whatsappWebhook, use: webhooks.verifyWhatsApp)
    app.on(.POST, SitePaths.whatsappWebhook, body: .collect(maxSize: webhookLimit), use: webhooks.receiveWhatsApp)
    app.get(SitePaths.metaWebhook, use: webhooks.verifyMeta)
    app.on(.POST, SitePaths.metaWebhook, body: .collect(maxSize: webhookLimit), use: webhooks.receiveMeta)

    // MARK: Operations
    app.get(SitePaths.health, use: SystemController().health)
}

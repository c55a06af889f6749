import Vapor

/// The console's complaint pages (queue, complaint, actions, entering complaints, notifications),
/// behind `ConsoleGuard`.
func registerConsoleRoutes(_ console: any RoutesBuilder, uploadLimit: ByteCount) {
    console.get(SitePaths.consoleQueue, use: ConsoleQueueController().list)

    let entry = ConsoleEntryController()
    console.get(SitePaths.consoleNewComplaint, use: entry.form)
    console.on(.POST, SitePaths.consoleNewComplaint, body: .collect(maxSize: uploadLimit), use: entry.submit)

    let complaint = ConsoleComplaintController()
    console.get(SitePaths.consoleComplaint, use: complaint.show)
    console.post(SitePaths.consoleComplaintReveal, use: complaint.reveal)
    console.post(SitePaths.consoleComplaintAction, use: complaint.act)
    console.get(SitePaths.consoleDocument, use: complaint.document)

    let notifications = NotificationsController()
    console.get(SitePaths.consoleNotifications, use: notifications.list)
}

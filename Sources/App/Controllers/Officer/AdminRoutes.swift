import Vapor

/// The administration pages (admin only) and the audit log (admin and pimpinan), inside the console.
func registerAdminRoutes(_ console: any RoutesBuilder) {
    let audit = AdminAuditController()
    console.get(SitePaths.consoleAudit, use: audit.show)
    console.get(SitePaths.consoleAuditCSV, use: audit.csv)

    let admin = console.grouped(AdminGuard())
    admin.get(SitePaths.consoleAdmin, use: AdminHomeController().show)

    let users = AdminUsersController()
    admin.get(SitePaths.adminUsers, use: users.list)
    admin.post(SitePaths.adminUsers, use: users.create)
    admin.get(SitePaths.adminUser, use: users.show)
    admin.post(SitePaths.adminUserUpdate, use: users.update)
    admin.post(SitePaths.adminUserDeactivate, use: users.deactivate)
    admin.post(SitePaths.adminUserReactivate, use: users.reactivate)
    admin.post(SitePaths.adminUserPassword, use: users.resetPassword)
    admin.post(SitePaths.adminUserTwoFactor, use: users.resetTwoFactor)

    let units = AdminUnitsController()
    admin.get(SitePaths.adminUnits, use: units.list)
    admin.post(SitePaths.adminUnits, use: units.add)
    admin.post(SitePaths.adminUnit, use: units.rename)
    admin.post(SitePaths.adminUnitActive, use: units.toggle)

    let services = AdminServicesController()
    admin.get(SitePaths.adminServices, use: services.list)
    admin.post(SitePaths.adminServices, use: services.add)
    admin.post(SitePaths.adminService, use: services.update)
    admin.post(SitePaths.adminServiceActive, use: services.toggle)

    let calendar = AdminCalendarController()
    admin.get(SitePaths.adminCalendar, use: calendar.show)
    admin.post(SitePaths.adminCalendar, use: calendar.add)
    admin.on(.POST, SitePaths.adminHolidayImport, body: .collect(maxSize: "1mb"), use: calendar.importYear)
    admin.post(SitePaths.adminWorkingWeekdays, use: calendar.saveWeekdays)
    admin.post(SitePaths.adminHoliday, use: calendar.update)
    admin.post(SitePaths.adminHolidayDelete, use: calendar.remove)

    let office = AdminOfficeController()
    admin.get(SitePaths.adminOffice, use: office.show)
    admin.post(SitePaths.adminOffice, use: office.saveProfile)
    admin.post(SitePaths.adminRetention, use: office.saveRetention)

    let replies = AdminRepliesController()
    admin.get(SitePaths.adminReplies, use: replies.list)
    admin.post(SitePaths.adminReplies, use: replies.add)
    admin.post(SitePaths.adminReply, use: replies.update)
    admin.post(SitePaths.adminReplyActive, use: replies.toggle)

    let deliveries = AdminDeliveriesController()
    admin.get(SitePaths.adminDeliveries, use: deliveries.list)
    admin.post(SitePaths.adminDeliveryResend, use: deliveries.resend)

    let templates = AdminTemplatesController()
    admin.get(SitePaths.adminTemplates, use: templates.list)
    admin.get(SitePaths.adminTemplate, use: templates.show)
    admin.post(SitePaths.adminTemplate, use: templates.post)
    admin.post(SitePaths.adminTemplateReset, use: templates.reset)
}

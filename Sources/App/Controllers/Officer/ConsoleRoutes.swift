import Vapor

/// The console's complaint pages (queue, complaint, actions, entering complaints, notifications,
/// administration, audit), behind `ConsoleGuard`.
func registerConsoleRoutes(_ console: any RoutesBuilder, uploadLimit: ByteCount) {
}

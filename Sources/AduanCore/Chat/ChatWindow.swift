import Foundation

/// The customer-service window of WhatsApp and Messenger: for 24 hours after the citizen's latest
/// message the office may write freely; after that only an approved template goes out on WhatsApp
/// (free text is refused with 131047), and on Messenger and Instagram nothing at all.
///
/// The window runs from the citizen's message by the platform's clock (its `timestamp`), never from when
/// Aduan processed it, and only the citizen's messages open it (PITFALLS.md 26).
public enum ChatWindow {
    /// 24 hours.
    public static let length: TimeInterval = 24 * 3600

    /// When the window of a chat whose citizen last wrote at `lastInbound` closes; nil when the citizen
    /// never wrote (the window was never open).
    public static func closesAt(lastInbound: Date?) -> Date? {
        lastInbound.map { $0.addingTimeInterval(length) }
    }

    /// Whether free text may go out at `now`. The window is open up to, not at, its closing instant.
    public static func isOpen(lastInbound: Date?, now: Date) -> Bool {
        guard let closes = closesAt(lastInbound: lastInbound) else { return false }
        return now < closes
    }
}

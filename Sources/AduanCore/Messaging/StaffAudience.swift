/// Who in the office hears of a step under the console's bell. One rule per kind of notice, so that
/// every step (an officer's, the citizen's, the sweep's) reaches the same people.
public struct StaffAudience: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The officer who took the complaint up.
    public static let assigned = StaffAudience(rawValue: 1 << 0)
    /// Every complaints officer (pengelola), when nobody took the complaint up yet.
    public static let officersWhenUnassigned = StaffAudience(rawValue: 1 << 1)
    /// The members of the unit the complaint is forwarded to.
    public static let unit = StaffAudience(rawValue: 1 << 2)
    /// Every pimpinan (an escalation).
    public static let leadership = StaffAudience(rawValue: 1 << 3)
    /// Every admin (the office's setup is at fault).
    public static let admins = StaffAudience(rawValue: 1 << 4)

    /// Whoever works on the complaint now.
    public static let handlers: StaffAudience = [.assigned, .officersWhenUnassigned, .unit]
}

/// The complaint state machine (DESIGN.md "Lifecycle").
///
/// | action         | from                               | to                  | roles                              |
/// |----------------|------------------------------------|---------------------|------------------------------------|
/// | submit         | (nothing: creates the complaint)   | received            | —                                  |
/// | reply          | received, in_progress              | in_progress         | pengelola, bidang, admin           |
/// | request_info   | received, in_progress              | needs_info          | pengelola, bidang, admin           |
/// | citizen_reply  | needs_info → in_progress; received → received; in_progress → in_progress; resolved → in_progress (a reply to a resolution reopens it) | | citizen |
/// | note           | any                                | unchanged           | pengelola, bidang, pimpinan, admin |
/// | forward        | received, in_progress              | in_progress         | pengelola, pimpinan, admin         |
/// | change_service | received, in_progress, needs_info  | unchanged           | pengelola, admin                   |
/// | resolve        | received, in_progress              | resolved            | pengelola, bidang, admin           |
/// | reject         | received, in_progress, needs_info  | rejected            | pengelola, pimpinan, admin         |
/// | reopen         | resolved, rejected, closed         | in_progress         | pengelola, pimpinan, admin         |
/// | close          | resolved                           | closed              | system, pengelola, admin           |
/// | withdraw       | received, in_progress, needs_info  | withdrawn           | system, citizen                    |
/// | merge          | received, in_progress, needs_info  | closed              | pengelola, admin                   |
///
/// `citizen_reply` is the citizen's own: an officer cannot take it on the citizen's behalf (a message
/// received by phone or at the counter is recorded by the officer under an officer action, e.g. a note).
///
/// The status is checked before the role: an action that does not exist from a status fails with
/// `notAllowedInStatus` whoever tries it.
public enum Lifecycle: Sendable {
    /// The status of a complaint just submitted.
    public static let initialStatus = ComplaintStatus.received

    public static func apply(
        _ action: ComplaintAction, to status: ComplaintStatus, by role: ActorRole
    ) throws(LifecycleError) -> ComplaintStatus {
        guard let next = target(of: action, from: status) else { throw .notAllowedInStatus(action, status) }
        guard roles(for: action).contains(role) else { throw .notAllowedForRole(action, role) }
        return next
    }

    /// The actions `role` may take on a complaint in `status`, in declaration order.
    public static func allowedActions(for status: ComplaintStatus, role: ActorRole) -> [ComplaintAction] {
        ComplaintAction.allCases.filter { action in
            target(of: action, from: status) != nil && roles(for: action).contains(role)
        }
    }

    private static func target(of action: ComplaintAction, from status: ComplaintStatus) -> ComplaintStatus? {
        switch (action, status) {
        case (.submit, _):
            return nil
        case (.reply, .received), (.reply, .inProgress):
            return .inProgress
        case (.requestInfo, .received), (.requestInfo, .inProgress):
            return .needsInfo
        case (.citizenReply, .needsInfo), (.citizenReply, .inProgress), (.citizenReply, .resolved):
            return .inProgress
        case (.citizenReply, .received):
            return .received
        case (.note, _):
            return status
        case (.forward, .received), (.forward, .inProgress):
            return .inProgress
        case (.changeService, .received), (.changeService, .inProgress), (.changeService, .needsInfo):
            return status
        case (.resolve, .received), (.resolve, .inProgress):
            return .resolved
        case (.reject, .received), (.reject, .inProgress), (.reject, .needsInfo):
            return .rejected
        case (.reopen, .resolved), (.reopen, .rejected), (.reopen, .closed):
            return .inProgress
        case (.close, .resolved):
            return .closed
        case (.withdraw, .received), (.withdraw, .inProgress), (.withdraw, .needsInfo):
            return .withdrawn
        case (.merge, .received), (.merge, .inProgress), (.merge, .needsInfo):
            return .closed
        default:
            return nil
        }
    }

    /// The roles that may take `action` in some status.
    public static func roles(for action: ComplaintAction) -> Set<ActorRole> {
        switch action {
        case .submit: []
        case .reply, .requestInfo, .resolve: [.pengelola, .bidang, .admin]
        case .citizenReply: [.citizen]
        case .note: [.pengelola, .bidang, .pimpinan, .admin]
        case .forward, .reject, .reopen: [.pengelola, .pimpinan, .admin]
        case .changeService, .merge: [.pengelola, .admin]
        case .close: [.system, .pengelola, .admin]
        case .withdraw: [.system, .citizen]
        }
    }
}

public enum LifecycleError: ValidationFailure, Equatable {
    /// The action does not exist from the complaint's current status (e.g. resolving a closed complaint).
    case notAllowedInStatus(ComplaintAction, ComplaintStatus)
    /// The action exists from this status, but this role may not take it.
    case notAllowedForRole(ComplaintAction, ActorRole)

    public var messageKey: String {
        switch self {
        case .notAllowedInStatus: "lifecycle.not_allowed_in_status"
        case .notAllowedForRole: "lifecycle.not_allowed_for_role"
        }
    }
}

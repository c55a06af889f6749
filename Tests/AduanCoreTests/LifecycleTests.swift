import Testing
@testable import AduanCore

@Suite("Lifecycle")
struct LifecycleTests {
    /// The table of the brief, written out independently of `Lifecycle`.
    struct Rule {
        let transitions: [ComplaintStatus: ComplaintStatus]
        let roles: Set<ActorRole>
    }

    static let everyStatusUnchanged = Dictionary(uniqueKeysWithValues: ComplaintStatus.allCases.map { ($0, $0) })

    static let table: [ComplaintAction: Rule] = [
        .submit: Rule(transitions: [:], roles: []),
        .reply: Rule(transitions: [.received: .inProgress, .inProgress: .inProgress],
                     roles: [.pengelola, .bidang, .admin]),
        .requestInfo: Rule(transitions: [.received: .needsInfo, .inProgress: .needsInfo],
                           roles: [.pengelola, .bidang, .admin]),
        .citizenReply: Rule(transitions: [.needsInfo: .inProgress, .received: .received,
                                          .inProgress: .inProgress, .resolved: .inProgress],
                            roles: [.citizen]),
        .note: Rule(transitions: everyStatusUnchanged, roles: [.pengelola, .bidang, .pimpinan, .admin]),
        .forward: Rule(transitions: [.received: .inProgress, .inProgress: .inProgress],
                       roles: [.pengelola, .pimpinan, .admin]),
        .changeService: Rule(transitions: [.received: .received, .inProgress: .inProgress, .needsInfo: .needsInfo],
                             roles: [.pengelola, .admin]),
        .resolve: Rule(transitions: [.received: .resolved, .inProgress: .resolved],
                       roles: [.pengelola, .bidang, .admin]),
        .reject: Rule(transitions: [.received: .rejected, .inProgress: .rejected, .needsInfo: .rejected],
                      roles: [.pengelola, .pimpinan, .admin]),
        .reopen: Rule(transitions: [.resolved: .inProgress, .rejected: .inProgress, .closed: .inProgress],
                      roles: [.pengelola, .pimpinan, .admin]),
        .close: Rule(transitions: [.resolved: .closed], roles: [.system, .pengelola, .admin]),
        .withdraw: Rule(transitions: [.received: .withdrawn, .inProgress: .withdrawn, .needsInfo: .withdrawn],
                        roles: [.system, .citizen]),
        .merge: Rule(transitions: [.received: .closed, .inProgress: .closed, .needsInfo: .closed],
                     roles: [.pengelola, .admin]),
    ]

    @Test func tableCoversEveryAction() {
        #expect(Set(Self.table.keys) == Set(ComplaintAction.allCases))
    }

    /// Every action × status × role.
    @Test(arguments: ComplaintAction.allCases, ComplaintStatus.allCases)
    func appliesTheTable(action: ComplaintAction, status: ComplaintStatus) {
        let rule = Self.table[action]!
        for role in ActorRole.allCases {
            let result = Result { () throws(LifecycleError) -> ComplaintStatus in
                try Lifecycle.apply(action, to: status, by: role)
            }
            switch (rule.transitions[status], rule.roles.contains(role)) {
            case (nil, _):
                #expect(result == .failure(.notAllowedInStatus(action, status)), "\(role)")
            case (_?, false):
                #expect(result == .failure(.notAllowedForRole(action, role)), "\(role)")
            case (let target?, true):
                #expect(result == .success(target), "\(role)")
            }
        }
    }

    @Test(arguments: ComplaintStatus.allCases, ActorRole.allCases)
    func allowedActionsMatchTheTable(status: ComplaintStatus, role: ActorRole) {
        let expected = ComplaintAction.allCases.filter { action in
            Self.table[action]!.transitions[status] != nil && Self.table[action]!.roles.contains(role)
        }

        #expect(Lifecycle.allowedActions(for: status, role: role) == expected)
    }

    @Test(arguments: [
        (ComplaintStatus.needsInfo, ActorRole.citizen, [ComplaintAction.citizenReply, .withdraw]),
        (.resolved, .citizen, [.citizenReply]),
        (.closed, .citizen, []),
        (.resolved, .system, [.close]),
        (.needsInfo, .system, [.withdraw]),
        (.withdrawn, .admin, [.note]),
        (.received, .bidang, [.reply, .requestInfo, .note, .resolve]),
    ])
    func allowedActionsExamples(status: ComplaintStatus, role: ActorRole, actions: [ComplaintAction]) {
        #expect(Lifecycle.allowedActions(for: status, role: role) == actions)
    }

    @Test func submitOnlyCreates() {
        #expect(Lifecycle.initialStatus == .received)
        for role in ActorRole.allCases {
            #expect(throws: LifecycleError.notAllowedInStatus(.submit, .received)) {
                try Lifecycle.apply(.submit, to: .received, by: role)
            }
        }
    }

    @Test(arguments: [
        (ComplaintStatus.received, "received", true, false), (.inProgress, "in_progress", true, false),
        (.needsInfo, "needs_info", true, false), (.resolved, "resolved", false, false),
        (.closed, "closed", false, true), (.rejected, "rejected", false, true), (.withdrawn, "withdrawn", false, true),
    ])
    func statusProperties(status: ComplaintStatus, raw: String, open: Bool, terminal: Bool) {
        #expect(status.rawValue == raw)
        #expect(status.messageKey == "status." + raw)
        #expect(status.isOpen == open)
        #expect(status.isTerminal == terminal)
    }

    @Test func storedRawValuesAreStable() {
        #expect(ComplaintAction.allCases.map(\.rawValue) == [
            "submit", "reply", "request_info", "citizen_reply", "note", "forward", "resolve", "reject",
            "reopen", "close", "withdraw", "merge", "change_service",
        ])
        #expect(ActorRole.allCases.map(\.rawValue) == ["citizen", "pengelola", "bidang", "pimpinan", "admin", "system"])
    }

    @Test func errorKeys() {
        #expect(LifecycleError.notAllowedInStatus(.resolve, .closed).messageKey == "lifecycle.not_allowed_in_status")
        #expect(LifecycleError.notAllowedForRole(.resolve, .citizen).messageKey == "lifecycle.not_allowed_for_role")
    }
}

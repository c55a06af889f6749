import AduanCore
import Vapor

/// The JSON shapes of /api/v1/staff. A complainant the viewer may not identify is `null`, never absent,
/// so that a client cannot mistake hidden for missing.
extension APIDTO {
    struct Citizen: Content {
        var name: String
        /// `NIK.masked`; nil when the complaint came without a NIK.
        var nikMasked: String?
        /// The whole NIK and KK number, only when asked for with `?reveal=identity` (recorded in the audit).
        var nik: String?
        var kkNumber: String?
        var phone: String?
        var email: String?
    }

    struct CitizenSummary: Content {
        var name: String
        var nikMasked: String?
    }

    struct QueueItem: Content {
        var trackingCode: String
        var status: String
        var channel: String
        var service: String
        var classification: String
        var receivedAt: String
        var deadline: Deadline
        /// on_time, due_soon, overdue, paused; null when the complaint is finished.
        var sla: String?
        /// Working seconds to the deadline (negative when overdue); null while paused or finished.
        var workingSecondsLeft: Int?
        var unit: String?
        var confidential: Bool
        var citizen: CitizenSummary?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trackingCode, forKey: .trackingCode)
            try container.encode(status, forKey: .status)
            try container.encode(channel, forKey: .channel)
            try container.encode(service, forKey: .service)
            try container.encode(classification, forKey: .classification)
            try container.encode(receivedAt, forKey: .receivedAt)
            try container.encode(deadline, forKey: .deadline)
            try container.encode(sla, forKey: .sla)
            try container.encode(workingSecondsLeft, forKey: .workingSecondsLeft)
            try container.encode(unit, forKey: .unit)
            try container.encode(confidential, forKey: .confidential)
            try container.encode(citizen, forKey: .citizen)
        }
    }

    struct QueuePage: Content {
        var items: [QueueItem]
        /// Pass as `cursor` for the next page; null on the last.
        var nextCursor: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items, forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    struct Author: Content {
        var name: String
        var role: String
    }

    struct StaffEvent: Content {
        var id: UUID
        var at: String
        var type: String
        var fromStatus: String?
        var toStatus: String
        var author: Author
        var message: String?
        /// `public`: on the citizen's follow page; `internal`: for the office only.
        var visibility: String
        var unit: String?
        var documents: [UUID]
    }

    struct StaffComplaint: Content {
        var trackingCode: String
        var status: String
        var statusLabel: String
        var channel: String
        var channelReference: String?
        var service: ServiceRef
        var classification: String
        var description: String
        var district: String?
        var nagari: String?
        var receivedAt: String
        var firstResponseDueAt: String
        var firstRespondedAt: String?
        var resolutionDueAt: String?
        var deadline: Deadline
        var sla: String?
        var workingSecondsLeft: Int?
        var unit: String?
        var confidential: Bool
        var consentMethod: String?
        var enteredBy: String?
        var mergedInto: String?
        var citizen: Citizen?
        /// What the viewer may do now (`type` values for POST …/events).
        var allowedActions: [String]
        var timeline: [StaffEvent]
        var documents: [Document]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trackingCode, forKey: .trackingCode)
            try container.encode(status, forKey: .status)
            try container.encode(statusLabel, forKey: .statusLabel)
            try container.encode(channel, forKey: .channel)
            try container.encode(channelReference, forKey: .channelReference)
            try container.encode(service, forKey: .service)
            try container.encode(classification, forKey: .classification)
            try container.encode(description, forKey: .description)
            try container.encode(district, forKey: .district)
            try container.encode(nagari, forKey: .nagari)
            try container.encode(receivedAt, forKey: .receivedAt)
            try container.encode(firstResponseDueAt, forKey: .firstResponseDueAt)
            try container.encode(firstRespondedAt, forKey: .firstRespondedAt)
            try container.encode(resolutionDueAt, forKey: .resolutionDueAt)
            try container.encode(deadline, forKey: .deadline)
            try container.encode(sla, forKey: .sla)
            try container.encode(workingSecondsLeft, forKey: .workingSecondsLeft)
            try container.encode(unit, forKey: .unit)
            try container.encode(confidential, forKey: .confidential)
            try container.encode(consentMethod, forKey: .consentMethod)
            try container.encode(enteredBy, forKey: .enteredBy)
            try container.encode(mergedInto, forKey: .mergedInto)
            try container.encode(citizen, forKey: .citizen)
            try container.encode(allowedActions, forKey: .allowedActions)
            try container.encode(timeline, forKey: .timeline)
            try container.encode(documents, forKey: .documents)
        }
    }

    /// POST /api/v1/staff/complaints/{tracking_code}/events.
    struct EventRequest: Content {
        var type: String
        var message: String?
        var unit: String?
        var service: String?
        var classification: String?
        var mergeInto: String?

        enum CodingKeys: String, CodingKey {
            case type, message, unit, service, classification
            case mergeInto = "merge_into"
        }
    }

    struct StaffComplaintCreated: Content {
        var trackingCode: String
        var status: String
        var channel: String
        var channelReference: String?
        var receivedAt: String
        var firstResponseDueAt: String
    }

    struct AuditItem: Content {
        var id: UUID
        var at: String
        var action: String
        var actorRole: String
        var actorName: String
        var complaint: String?
        var detail: String?
        var address: String?
    }

    struct AuditPage: Content {
        var items: [AuditItem]
        var nextCursor: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items, forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }
}

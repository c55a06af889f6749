import AduanCore
import Vapor

/// The JSON shapes of /api/v1, one per operation; models are never encoded directly.
/// Keys are snake_case (the encoder converts); times are ISO 8601 with the office's offset.
enum APIDTO {
    struct ErrorBody: Content {
        struct Detail: Codable, Sendable {
            var code: String
            var message: String
            var fields: [String: String]?
        }
        var error: Detail
    }

    struct ComplaintCreated: Content {
        var trackingCode: String
        var status: String
        var receivedAt: String
        var firstResponseDueAt: String
    }

    struct ServiceItem: Content {
        var code: String
        var name: String
        var nameEn: String
        var resolutionDays: Int
    }

    struct ServiceList: Content {
        var services: [ServiceItem]
    }

    struct AccessRequest: Content {
        var proof: String?
    }

    struct AccessGranted: Content {
        var accessToken: String
        var tokenType: String
        var expiresAt: String
    }

    struct Deadline: Content {
        var kind: String
        var dueAt: String?
    }

    struct TimelineEntry: Content {
        var at: String
        var type: String
        var status: String
        var label: String
    }

    struct Message: Content {
        var id: UUID
        var at: String
        var author: String
        var type: String
        var message: String?
        var documents: [UUID]
    }

    struct Document: Content {
        var id: UUID
        var kind: String
        var name: String
        var contentType: String
        var size: Int
        var uploadedAt: String
        var uploadedBy: String
        var url: String
    }

    struct ServiceRef: Content {
        var code: String
        var name: String
    }

    struct Complaint: Content {
        var trackingCode: String
        var status: String
        var statusLabel: String
        var service: ServiceRef
        var classification: String
        var receivedAt: String
        var firstResponseDueAt: String
        var deadline: Deadline
        var timeline: [TimelineEntry]
        var conversation: [Message]?
        var documents: [Document]?
    }
}

/// ISO 8601 with the office's UTC offset (`2026-11-30T14:00:00+07:00`).
struct ISOTime: Sendable {
    let timeZone: TimeZone

    func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

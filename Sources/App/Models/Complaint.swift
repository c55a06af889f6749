import AduanCore
import Fluent
import Foundation

/// A complaint, from its receipt to its closing. The history lives in `ComplaintEvent` and is never rewritten.
final class Complaint: Model, @unchecked Sendable {
    static let schema = "complaints"

    // MARK: Identifier
    @ID(key: .id) var id: UUID?
    @Field(key: "tracking_code") var trackingCode: String

    // MARK: What and where from
    @Field(key: "status") var status: ComplaintStatus
    @Field(key: "channel") var channel: ComplaintChannel
    @Field(key: "service_code") var serviceCode: String
    @Field(key: "classification") var classification: Classification
    @Field(key: "description") var description: String
    @OptionalField(key: "district_code") var districtCode: String?
    @OptionalField(key: "nagari_code") var nagariCode: String?

    // MARK: The citizen (specific personal data, UU 27/2022)
    @Field(key: "reporter_name") var reporterName: String
    @OptionalField(key: "nik") var nik: String?
    @OptionalField(key: "kk_number") var kkNumber: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @Field(key: "confidential") var confidential: Bool
    @OptionalField(key: "consent_at") var consentAt: Date?
    @OptionalField(key: "consent_version") var consentVersion: String?

    // MARK: The clock
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "first_response_due_at") var firstResponseDueAt: Date
    @OptionalField(key: "first_responded_at") var firstRespondedAt: Date?
    @Field(key: "resolution_days") var resolutionDays: Int
    @OptionalField(key: "resolution_due_at") var resolutionDueAt: Date?
    @OptionalField(key: "paused_since") var pausedSince: Date?
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    // MARK: Handling by the office
    /// The unit (bidang) the complaint was forwarded to.
    @OptionalField(key: "unit_code") var unitCode: String?
    /// The officer who took it up (the first to act), warned before its deadlines.
    @OptionalField(key: "assigned_user_id") var assignedUserID: UUID?
    /// A link to a social-media post, or the SP4N-LAPOR! tracking id.
    @OptionalField(key: "channel_reference") var channelReference: String?
    /// How consent was given: `online` (the form) or `in_person` (recorded by an officer).
    @OptionalField(key: "consent_method") var consentMethod: String?
    /// The officer who entered a complaint received elsewhere.
    @OptionalField(key: "entered_by_user_id") var enteredByUserID: UUID?
    /// The complaint this duplicate was merged into.
    @OptionalField(key: "merged_into_id") var mergedIntoID: UUID?
    /// The queue's sort key: the deadline that applies now, kept by `ComplaintQueueKeyMiddleware`
    /// (see `ComplaintQueue`). Never read it as a deadline; use `ComplaintSnapshot.deadline(of:)`.
    @OptionalField(key: "queue_due_at") var queueDueAt: Date?
    /// The citizen's language, for the messages to them (nil: Bahasa Indonesia).
    @OptionalField(key: "language") var language: Language?

    // MARK: Relations
    @Children(for: \.$complaint) var events: [ComplaintEvent]
    @Children(for: \.$complaint) var attachments: [Attachment]
    @Children(for: \.$complaint) var pauses: [SLAPause]

    init() {}
}

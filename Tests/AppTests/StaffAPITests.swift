import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("The office's API: /api/v1/staff")
struct StaffAPITests {
    struct QueuePage: Decodable {
        struct Item: Decodable {
            struct Citizen: Decodable { let name: String; let nik_masked: String? }
            let tracking_code: String
            let status: String
            let deadline: CitizenAPITests.View.Deadline
            let sla: String?
            let working_seconds_left: Int?
            let unit: String?
            let citizen: Citizen?
        }
        let items: [Item]
        let next_cursor: String?
    }

    struct Complaint: Decodable {
        struct Citizen: Decodable { let name: String; let nik_masked: String?; let phone: String?; let email: String? }
        struct Document: Decodable { let id: UUID; let kind: String; let url: String }
        let tracking_code: String
        let status: String
        let channel: String
        let channel_reference: String?
        let deadline: CitizenAPITests.View.Deadline
        let sla: String?
        let unit: String?
        let consent_method: String?
        let entered_by: String?
        let citizen: Citizen?
        let allowed_actions: [String]
        let timeline: [Event]
        let documents: [Document]
    }

    struct Event: Decodable {
        struct Author: Decodable { let name: String; let role: String }
        let type: String
        let to_status: String
        let author: Author
        let message: String?
        let visibility: String
        let unit: String?
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }

    // MARK: Roles and limits

    @Test("without a valid token the answer is 401 in the API's error shape")
    func unauthorized() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            for headers: HTTPHeaders in [[:], ["Authorization": "Bearer adn_not-a-token"]] {
                try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints", headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    let failure = try response.content.decode(ErrorBody.self).error
                    #expect(failure.code == "unauthorized")
                }
            }
        }
    }

    @Test("a unit's staff see only what was forwarded to their unit; anything else does not exist", arguments: TestDatabase.available)
    func unitSeesOnlyItsComplaints(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let forwarded = try await aduan.fileComplaint()
            let other = try await aduan.fileComplaint()
            try await aduan.act(.forward, on: try await aduan.complaint(forwarded)) { $0.unitCode = "capil" }
            let capil = try await aduan.staffToken("rina", role: .bidang, unit: "capil")

            let page = try await aduan.queue(capil)
            #expect(page.items.map(\.tracking_code) == [forwarded])
            #expect(try await aduan.queue(capil, "unit=dafduk").items.isEmpty)
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(other)", headers: bearer(capil)) { response in
                #expect(response.status == .notFound)
            }
            try await aduan.postEvent(other, capil, ["type": "note", "message": "Catatan."]) { response in
                #expect(response.status == .notFound)
            }
            let otherDocument = try #require(try await Attachment.query(on: aduan.app.db)
                .filter(\.$complaint.$id == aduan.complaint(other).requireID()).first()?.requireID())
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(other)/documents/\(otherDocument)", headers: bearer(capil)) { response in
                #expect(response.status == .notFound)
            }
            let shown = try await aduan.staffComplaint(forwarded, capil)
            #expect(shown.unit == "capil")
            #expect(shown.citizen?.name == Fixture.name)
        }
    }

    @Test("a confidential complainant stays unknown to a unit's staff, in the list, the complaint, the documents and search", arguments: TestDatabase.available)
    func confidentialIdentityHidden(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["confidential": "true"]))
            try await aduan.act(.forward, on: try await aduan.complaint(code)) { $0.unitCode = "capil" }
            let capil = try await aduan.staffToken("rina", role: .bidang, unit: "capil")
            let officer = try await aduan.staffToken("budi", role: .pengelola)

            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints", headers: bearer(capil)) { response in
                #expect(response.body.string.contains("\"citizen\":null"))
                #expect(!response.body.string.contains(Fixture.name))
            }
            let hidden = try await aduan.staffComplaint(code, capil)
            #expect(hidden.citizen == nil)
            #expect(hidden.documents.map(\.kind) == ["document"])
            #expect(hidden.timeline.first?.author.name != Fixture.name)
            let photo = try #require(try await Attachment.query(on: aduan.app.db).filter(\.$kind == .ktpPhoto).first()?.requireID())
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(code)/documents/\(photo)", headers: bearer(capil)) { response in
                #expect(response.status == .notFound)
            }
            #expect(try await aduan.queue(capil, "q=\(Fixture.nik)").items.isEmpty)
            #expect(try await aduan.queue(capil, "q=Siti").items.isEmpty)
            #expect(try await aduan.queue(capil, "q=belum%20dicetak").items.map(\.tracking_code) == [code])

            let seen = try await aduan.staffComplaint(code, officer)
            #expect(seen.citizen?.name == Fixture.name)
            #expect(seen.citizen?.nik_masked == (try NIK(Fixture.nik, today: CivilDate(year: 2026, month: 11, day: 30)!)).masked)
            #expect(seen.citizen?.nik_masked?.contains("450790") == false)
            #expect(try await aduan.queue(officer, "q=\(Fixture.nik)").items.map(\.tracking_code) == [code])
        }
    }

    @Test("outside the role's rights the answer is 403; outside the lifecycle 409; a missing text 422")
    func roleAndLifecycleLimits() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let head = try await aduan.staffToken("kadis", role: .pimpinan)
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            let capil = try await aduan.staffToken("rina", role: .bidang, unit: "capil")

            try await aduan.postEvent(code, head, ["type": "resolve", "message": "Sudah selesai."]) { response in
                #expect(response.status == .forbidden)
                let failure = try response.content.decode(ErrorBody.self).error
                #expect(failure.code == "not_allowed_for_role")
            }
            try await aduan.postEvent(code, officer, ["type": "reply"]) { response in
                #expect(response.status == .unprocessableEntity)
                let failure = try response.content.decode(ErrorBody.self).error
                #expect(failure.fields?["message"] != nil)
            }
            try await aduan.postEvent(code, officer, ["type": "forward", "unit": "keuangan"]) { response in
                #expect(response.status == .unprocessableEntity)
                let failure = try response.content.decode(ErrorBody.self).error
                #expect(failure.fields?["unit"] != nil)
            }
            try await aduan.postEvent(code, officer, ["type": "withdraw"]) { response in
                #expect(response.status == .unprocessableEntity)
                let failure = try response.content.decode(ErrorBody.self).error
                #expect(failure.fields?["type"] != nil)
            }
            try await aduan.postEvent(code, officer, ["type": "resolve", "message": "KTP-el sudah dicetak."]) { response in
                #expect(response.status == .created)
            }
            try await aduan.postEvent(code, officer, ["type": "resolve", "message": "Sekali lagi."]) { response in
                #expect(response.status == .conflict)
                let failure = try response.content.decode(ErrorBody.self).error
                #expect(failure.code == "not_allowed_in_status")
            }
            for token in [officer, capil] {
                try await aduan.app.testing().test(.GET, "/api/v1/staff/audit", headers: bearer(token)) { response in
                    #expect(response.status == .forbidden)
                }
            }
            let form = Self.entryForm(channel: "telepon")
            for token in [head, capil] {
                try await aduan.app.testing().test(.POST, "/api/v1/staff/complaints", headers: form.headers.adding(bearer(token)), body: form.build()) { response in
                    #expect(response.status == .forbidden)
                }
            }
        }
    }

    // MARK: Actions and what the citizen sees

    @Test("each action reaches the citizen exactly as meant: replies in words, forwarding as a step, notes never", arguments: TestDatabase.available)
    func actionsAndTheCitizensView(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let citizen = try await aduan.accessToken(code)
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            let head = try await aduan.staffToken("kadis", role: .pimpinan)
            let steps: [(String, [String: String], String, String)] = [
                (officer, ["type": "note", "message": "Catatan internal: cek SIAK."], "received", "internal"),
                (officer, ["type": "reply", "message": "Terima kasih, kami periksa data Anda."], "in_progress", "public"),
                (officer, ["type": "forward", "unit": "dafduk", "message": "Mohon dicek blangko."], "in_progress", "public"),
                (officer, ["type": "request_info", "message": "Mohon kirim foto KTP-el yang lebih jelas."], "needs_info", "public"),
                (officer, ["type": "change_service", "service": "kk"], "needs_info", "public"),
                (head, ["type": "reject", "message": "Di luar kewenangan; silakan ke Kemendagri."], "rejected", "public"),
                (head, ["type": "reopen", "message": "Dibuka kembali setelah ditinjau."], "in_progress", "public"),
                (officer, ["type": "resolve", "message": "KTP-el Anda sudah dicetak dan dapat diambil."], "resolved", "public"),
            ]
            for (token, body, status, visibility) in steps {
                aduan.clock.advance(by: 60)
                try await aduan.postEvent(code, token, body) { response in
                    #expect(response.status == .created, "\(body["type"]!): \(response.body.string)")
                    let event = try response.content.decode(Event.self)
                    #expect(event.type == body["type"])
                    #expect(event.to_status == status)
                    #expect(event.visibility == visibility)
                }
            }

            let conversation = try await aduan.citizenView(code, token: citizen)
            let texts = (conversation.conversation ?? []).compactMap(\.message)
            #expect(texts.contains("Terima kasih, kami periksa data Anda."))
            #expect(texts.contains("KTP-el Anda sudah dicetak dan dapat diambil."))
            #expect(texts.contains("Di luar kewenangan; silakan ke Kemendagri."))
            #expect(!texts.contains { $0.contains("Catatan internal") })
            #expect(!texts.contains("Mohon dicek blangko."))
            let forward = try #require(conversation.conversation?.first { $0.type == "forward" })
            #expect(forward.message == nil)
            #expect(conversation.status == "resolved")

            let anonymous = try await aduan.citizenView(code, token: nil)
            #expect(anonymous.timeline.map(\.type) == ["submit", "reply", "forward", "request_info", "change_service", "reject", "reopen", "resolve"])
            #expect(anonymous.conversation == nil)

            let staff = try await aduan.staffComplaint(code, officer)
            #expect(staff.timeline.map(\.type) == ["submit", "note", "reply", "forward", "request_info", "change_service", "reject", "reopen", "resolve"])
            #expect(staff.timeline.first { $0.type == "note" }?.message == "Catatan internal: cek SIAK.")
            #expect(staff.timeline.first { $0.type == "forward" }?.unit == "dafduk")
            #expect(staff.timeline.first { $0.type == "reply" }?.author.name == "Budi")
            #expect(staff.allowed_actions.contains("reopen"))
            #expect(try await aduan.complaint(code).serviceCode == "kk")
        }
    }

    @Test("a duplicate merges into another complaint and leaves the queue's open part")
    func mergeDuplicate() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let original = try await aduan.fileComplaint()
            let duplicate = try await aduan.fileComplaint()
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            try await aduan.postEvent(duplicate, officer, ["type": "merge", "merge_into": original]) { response in
                #expect(response.status == .created)
            }
            #expect(try await aduan.complaint(duplicate).status == .closed)
            #expect(try await aduan.queue(officer, "status=received").items.map(\.tracking_code) == [original])
            try await aduan.postEvent(original, officer, ["type": "merge", "merge_into": original]) { response in
                #expect(response.status == .unprocessableEntity)
            }
        }
    }

    @Test("the first reply stops the first-response clock; a request for information pauses the resolution clock", arguments: TestDatabase.available)
    func clock(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            let fresh = try await aduan.staffComplaint(code, officer)
            #expect(fresh.deadline.kind == "first_response")
            #expect(fresh.deadline.due_at == "2026-12-01T10:00:00+07:00")
            #expect(fresh.sla == "on_time")

            aduan.clock.advance(by: 3600)
            try await aduan.postEvent(code, officer, ["type": "reply", "message": "Sedang kami periksa."]) { response in
                #expect(response.status == .created)
            }
            let answered = try await aduan.staffComplaint(code, officer)
            #expect(answered.deadline.kind == "resolution")
            #expect(answered.deadline.due_at == "2026-12-07T10:00:00+07:00")
            #expect(try await aduan.citizenView(code, token: nil).deadline.kind == "resolution")

            try await aduan.postEvent(code, officer, ["type": "request_info", "message": "Mohon kirim foto KK terbaru."]) { response in
                #expect(response.status == .created)
            }
            let paused = try await aduan.staffComplaint(code, officer)
            #expect(paused.deadline.kind == "paused")
            #expect(paused.sla == "paused")
            #expect(try await aduan.queue(officer, "sla=paused").items.map(\.tracking_code) == [code])
        }
    }

    // MARK: The queue

    @Test("the queue pages through thirty complaints by deadline, and filters and searches them", arguments: TestDatabase.available)
    func queuePagingFiltersSearch(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            var codes: [String] = []
            for index in 0..<30 {
                let phone = index == 17 ? "0813-1111-2222" : Fixture.phone
                let form = Fixture.complaintForm(
                    overriding: ["classification": "aspirasi", "phone": phone, "description": "Saran nomor \(index) untuk pelayanan."],
                    kkPhoto: nil, ktpPhoto: nil, documents: [])
                codes.append(try await aduan.fileComplaint(form))
                aduan.clock.advance(by: 1200)
            }
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            // The oldest waits for the citizen: it has no running deadline and goes last.
            try await aduan.postEvent(codes[0], officer, ["type": "request_info", "message": "Mohon lengkapi alamat."]) { response in
                #expect(response.status == .created)
            }

            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await aduan.queue(officer, "limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.items.count <= 7)
                seen += page.items.map(\.tracking_code)
                cursor = page.next_cursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 5)
            #expect(seen == Array(codes.dropFirst()) + [codes[0]])

            let byPhone = try await aduan.queue(officer, "q=%2B62%20813%201111%202222")
            #expect(byPhone.items.map(\.tracking_code) == [codes[17]])
            #expect(try await aduan.queue(officer, "q=\(codes[5])").items.map(\.tracking_code) == [codes[5]])
            #expect(try await aduan.queue(officer, "q=saran%20nomor%2023").items.map(\.tracking_code) == [codes[23]])
            #expect(try await aduan.queue(officer, "status=needs_info").items.map(\.tracking_code) == [codes[0]])
            #expect(try await aduan.queue(officer, "channel=lapor").items.isEmpty)
            #expect(try await aduan.queue(officer, "channel=api&limit=200").items.count == 30)
            #expect(try await aduan.queue(officer, "from=2026-12-01").items.isEmpty)
            #expect(try await aduan.queue(officer, "to=2026-11-30&limit=200").items.count == 30)

            // Filed from Monday 10:00 every 20 minutes, each due 24 working hours later. At Tuesday 09:00
            // those due by 13:00 (all but the paused first: numbers 1 to 9) have at most 4 working hours left;
            // at 11:00 numbers 1 to 3 are overdue.
            aduan.clock.set(mondayMorning.addingTimeInterval(23 * 3600))
            let dueSoon = try await aduan.queue(officer, "sla=due_soon&limit=200")
            #expect(dueSoon.items.first?.tracking_code == codes[1])
            #expect(dueSoon.items.allSatisfy { $0.sla == "due_soon" && ($0.working_seconds_left ?? 0) <= 4 * 3600 })
            #expect(dueSoon.items.count == 9)
            aduan.clock.set(mondayMorning.addingTimeInterval(25 * 3600))
            let overdue = try await aduan.queue(officer, "sla=overdue&limit=200")
            #expect(overdue.items.map(\.tracking_code) == Array(codes[1...3]))
            #expect(overdue.items.allSatisfy { $0.sla == "overdue" && ($0.working_seconds_left ?? 0) <= 0 })
            let onTime = try await aduan.queue(officer, "sla=on_time&limit=200")
            #expect(onTime.items.allSatisfy { $0.sla == "on_time" })
            #expect(onTime.items.count + overdue.items.count + (try await aduan.queue(officer, "sla=due_soon&limit=200")).items.count == 29)

            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints?sla=late&cursor=xyz", headers: bearer(officer)) { response in
                #expect(response.status == .unprocessableEntity)
                let fields = try response.content.decode(ErrorBody.self).error.fields ?? [:]
                #expect(Set(fields.keys) == ["sla", "cursor"])
            }
        }
    }

    @Test("complaints with the same deadline page by id: none is lost or repeated", arguments: TestDatabase.available)
    func pagingThroughTies(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            var codes: Set<String> = []
            for _ in 0..<5 {
                let form = Fixture.complaintForm(overriding: ["classification": "aspirasi"], kkPhoto: nil, ktpPhoto: nil, documents: [])
                codes.insert(try await aduan.fileComplaint(form))
            }
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await aduan.queue(officer, "limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += page.items.map(\.tracking_code)
                cursor = page.next_cursor
            } while cursor != nil && seen.count < 20
            #expect(seen.count == 5)
            #expect(Set(seen) == codes)
        }
    }

    // MARK: Complaints that arrive elsewhere

    static func entryForm(channel: String, reference: String? = nil, consent: Bool = true, omitting: Set<String> = []) -> MultipartBuilder {
        var form = MultipartBuilder()
        var values = ["name": "Anonim", "service": "akta_kelahiran", "classification": "pengaduan", "channel": channel,
                      "description": "Akta kelahiran anak saya belum terbit sejak dua bulan."]
        if let reference { values["channel_reference"] = reference }
        if consent { values["consent"] = "true" }
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where !omitting.contains(key) { form.field(key, value) }
        return form
    }

    @Test("an officer enters a complaint from SP4N-LAPOR! with its tracking id; the channel's missing fields may stay empty", arguments: TestDatabase.available)
    func enterOnBehalf(database: TestDatabase) async throws {
        try await withAduan(database, environment: StaffAuthTests.fastHashing) { aduan in
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            let form = Self.entryForm(channel: "lapor", reference: "LAPOR-3921847")
            var code = ""
            try await aduan.app.testing().test(.POST, "/api/v1/staff/complaints", headers: form.headers.adding(bearer(officer)), body: form.build()) { response in
                #expect(response.status == .created, "\(response.body.string)")
                code = try #require(response.body.string.firstMatch(of: /"tracking_code":"([A-Z0-9]+)"/)?.1).description
                #expect(response.headers.first(name: .location) == "/api/v1/staff/complaints/\(code)")
            }
            let complaint = try await aduan.complaint(code)
            #expect(complaint.channel == .lapor)
            #expect(complaint.channelReference == "LAPOR-3921847")
            #expect(complaint.consentMethod == "in_person")
            #expect(complaint.consentAt != nil)
            #expect(complaint.nik == nil && complaint.phone == nil)
            let user = try #require(try await User.query(on: aduan.app.db).filter(\.$username == "budi").first())
            #expect(complaint.enteredByUserID == user.id)
            let audit = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .complaintEntered).all()
            #expect(audit.count == 1)
            #expect(audit.first?.actorUserID == user.id && audit.first?.complaintID == complaint.id)

            let shown = try await aduan.staffComplaint(code, officer)
            #expect(shown.channel == "lapor" && shown.channel_reference == "LAPOR-3921847" && shown.entered_by == "budi")
            #expect(shown.deadline.kind == "first_response")
            #expect(try await aduan.queue(officer, "channel=lapor").items.map(\.tracking_code) == [code])

            let cases: [(MultipartBuilder, String)] = [
                (Self.entryForm(channel: "lapor"), "channel_reference"),
                (Self.entryForm(channel: "instagram", reference: "lihat DM"), "channel_reference"),
                (Self.entryForm(channel: "web"), "channel"),
                (Self.entryForm(channel: "telepon", omitting: ["name"]), "name"),
                (Self.entryForm(channel: "telepon", omitting: ["description"]), "description"),
            ]
            for (bad, field) in cases {
                try await aduan.app.testing().test(.POST, "/api/v1/staff/complaints", headers: bad.headers.adding(bearer(officer)), body: bad.build()) { response in
                    #expect(response.status == .unprocessableEntity)
                    let failure = try response.content.decode(ErrorBody.self).error
                    #expect(failure.fields?[field] != nil, "\(field): \(response.body.string)")
                }
            }
            let box = Self.entryForm(channel: "kotak_pengaduan", consent: false)
            try await aduan.app.testing().test(.POST, "/api/v1/staff/complaints", headers: box.headers.adding(bearer(officer)), body: box.build()) { response in
                #expect(response.status == .created)
            }
            let letter = try #require(try await App.Complaint.query(on: aduan.app.db).filter(\.$channel == .complaintBox).first())
            #expect(letter.consentMethod == nil && letter.consentAt == nil)
        }
    }

    // MARK: Audit

    @Test("views of complaints and documents are audited, and the admin reads and exports the log")
    func auditLog() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint()
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            let admin = try await aduan.staffToken("admin", role: .admin)
            let head = try await aduan.staffToken("kadis", role: .pimpinan)
            aduan.clock.advance(by: 60)
            let shown = try await aduan.staffComplaint(code, officer)
            let document = try #require(shown.documents.first)
            aduan.clock.advance(by: 60)
            try await aduan.app.testing().test(.GET, document.url, headers: bearer(officer)) { response in
                #expect(response.status == .ok)
            }
            let user = try #require(try await User.query(on: aduan.app.db).filter(\.$username == "budi").first())
            let views = try await AuditEntry.query(on: aduan.app.db).filter(\.$actorUserID == user.id).all()
            #expect(Set(views.map(\.action)).isSuperset(of: [.complaintViewed, .documentViewed]))

            try await aduan.app.testing().test(.GET, "/api/v1/staff/audit?format=csv&user=budi", headers: bearer(admin)) { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.description.hasPrefix("text/csv") == true)
                let lines = response.body.string.split(separator: "\r\n")
                #expect(lines.first == "\"at\",\"action\",\"actor_role\",\"actor_name\",\"complaint\",\"detail\",\"address\"")
                #expect(lines.contains { $0.contains(",\"complaint_viewed\",\"pengelola\",\"budi\",\"\(code)\",") })
                #expect(lines.contains { $0.contains(",\"document_viewed\",\"pengelola\",\"budi\",\"\(code)\",") })
            }
            var all: [String] = []
            var cursor: String?
            repeat {
                try await aduan.app.testing().test(.GET, "/api/v1/staff/audit?limit=2&complaint=\(code)" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                                   headers: bearer(head)) { response in
                    #expect(response.status == .ok)
                    let page = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    let items = page?["items"] as? [[String: Any]] ?? []
                    all += items.compactMap { $0["action"] as? String }
                    cursor = page?["next_cursor"] as? String
                }
            } while cursor != nil && all.count < 50
            #expect(all.last == "complaint_submitted")
            #expect(all.count == (try await AuditEntry.query(on: aduan.app.db).filter(\.$complaintID == aduan.complaint(code).id).count()))
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .auditExported).count() == 1)
        }
    }
}

func bearer(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)"] }

extension HTTPHeaders {
    func adding(_ other: HTTPHeaders) -> HTTPHeaders {
        var headers = self
        for (name, value) in other { headers.add(name: name, value: value) }
        return headers
    }
}

extension TestAduan {
    /// A user of the office and a personal API token of theirs.
    func staffToken(_ username: String, role: StaffRole, unit: String? = nil) async throws -> String {
        let user = try await createUser(username, role: role, unit: unit)
        return try await StaffAuth(db: app.db, context: app.aduan, threadPool: app.threadPool).createToken(for: user, name: "test")
    }

    func queue(_ token: String, _ query: String = "") async throws -> StaffAPITests.QueuePage {
        var page: StaffAPITests.QueuePage?
        try await app.testing().test(.GET, "/api/v1/staff/complaints?\(query)", headers: bearer(token)) { response in
            try #require(response.status == .ok, "queue: \(response.body.string)")
            page = try response.content.decode(StaffAPITests.QueuePage.self)
        }
        return try #require(page)
    }

    func staffComplaint(_ code: String, _ token: String) async throws -> StaffAPITests.Complaint {
        var complaint: StaffAPITests.Complaint?
        try await app.testing().test(.GET, "/api/v1/staff/complaints/\(code)", headers: bearer(token)) { response in
            try #require(response.status == .ok, "complaint: \(response.body.string)")
            complaint = try response.content.decode(StaffAPITests.Complaint.self)
        }
        return try #require(complaint)
    }

    func postEvent(_ code: String, _ token: String, _ body: [String: String], _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.POST, "/api/v1/staff/complaints/\(code)/events", headers: bearer(token), beforeRequest: { request in
            try request.content.encode(body, as: .json)
        }, afterResponse: check)
    }

    func citizenView(_ code: String, token: String?) async throws -> CitizenAPITests.View {
        var view: CitizenAPITests.View?
        try await app.testing().test(.GET, "/api/v1/complaints/\(code)", headers: token.map(bearer) ?? [:]) { response in
            try #require(response.status == .ok)
            view = try response.content.decode(CitizenAPITests.View.self)
        }
        return try #require(view)
    }
}

@Suite("The office's API: revealing the identity")
struct StaffAPIRevealTests {
    struct Detail: Decodable {
        struct Citizen: Decodable { let nik_masked: String?; let nik: String?; let kk_number: String? }
        let citizen: Citizen?
    }

    @Test("the whole NIK only when asked for, recorded; never for a unit on a confidential complaint")
    func reveal() async throws {
        try await withAduan(environment: StaffAuthTests.fastHashing) { aduan in
            let code = try await aduan.fileComplaint(Fixture.complaintForm(overriding: ["confidential": "true"]))
            let officer = try await aduan.staffToken("budi", role: .pengelola)
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(code)", headers: ["Authorization": "Bearer \(officer)"]) { response in
                let detail = try response.content.decode(Detail.self)
                #expect(detail.citizen?.nik == nil)
                #expect(detail.citizen?.nik_masked == "131005••••••••01")
            }
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(code)?reveal=identity", headers: ["Authorization": "Bearer \(officer)"]) { response in
                let detail = try response.content.decode(Detail.self)
                #expect(detail.citizen?.nik == Fixture.nik)
                #expect(detail.citizen?.kk_number == Fixture.kk)
            }
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .identityRevealed).count() == 1)

            try await aduan.act(.forward, on: try await aduan.complaint(code)) { $0.unitCode = "capil" }
            let unit = try await aduan.staffToken("capil1", role: .bidang, unit: "capil")
            try await aduan.app.testing().test(.GET, "/api/v1/staff/complaints/\(code)?reveal=identity", headers: ["Authorization": "Bearer \(unit)"]) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}

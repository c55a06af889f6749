import AduanCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

extension TestAduan {
    /// Creates an admin with TOTP and signs in with the password and the code.
    func signInAdmin(_ username: String = "admin") async throws -> ConsoleBrowser {
        try await createUser(username, role: .admin, totp: true)
        return try await signIn(username)
    }

    /// Posts a console form and returns the response's status, location and body.
    @discardableResult
    func post(_ path: String, _ fields: [String: String], as browser: ConsoleBrowser) async throws -> (HTTPStatus, String?, String) {
        var result: (HTTPStatus, String?, String) = (.internalServerError, nil, "")
        var form = fields
        form["_csrf"] = browser.csrf
        try await app.testing().test(.POST, path, headers: browser.headers, beforeRequest: { request in
            try request.content.encode(form, as: .urlEncodedForm)
        }, afterResponse: { response in
            result = (response.status, response.headers.first(name: .location), response.body.string)
        })
        return result
    }

    func getWithLocation(_ path: String, as browser: ConsoleBrowser? = nil) async throws -> (HTTPStatus, String?, String) {
        var result: (HTTPStatus, String?, String) = (.internalServerError, nil, "")
        try await app.testing().test(.GET, path, headers: browser?.headers ?? [:]) { response in
            result = (response.status, response.headers.first(name: .location), response.body.string)
        }
        return result
    }

    func get(_ path: String, as browser: ConsoleBrowser? = nil) async throws -> (HTTPStatus, String) {
        var result: (HTTPStatus, String) = (.internalServerError, "")
        try await app.testing().test(.GET, path, headers: browser?.headers ?? [:]) { response in
            result = (response.status, response.body.string)
        }
        return result
    }
}

@Suite("Administration")
struct AdminTests {
    static let fastHashing = StaffAuthTests.fastHashing

    @Test("only the admin reaches the administration pages", arguments: [StaffRole.pengelola, .bidang, .pimpinan])
    func othersAreForbidden(role: StaffRole) async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            try await aduan.createUser("orang", role: role, unit: role == .bidang ? "capil" : nil)
            let browser = try await aduan.signIn("orang")
            for path in ["/petugas/admin", "/petugas/admin/pengguna", "/petugas/admin/kalender", "/petugas/admin/kantor"] {
                let (status, body) = try await aduan.get(path, as: browser)
                #expect(status == .forbidden, "\(path)")
                #expect(body.contains("<html"), "a friendly page")
            }
            let (status, _, _) = try await aduan.post("/petugas/admin/bidang", ["code": "baru", "name": "Bidang Baru"], as: browser)
            #expect(status == .forbidden)
            #expect(try await Unit.find("baru", on: aduan.app.db) == nil)
        }
    }

    @Test("the admin creates a bidang user, who then signs in", arguments: TestDatabase.available)
    func createBidangUser(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let (home, html) = try await aduan.get("/petugas/admin", as: admin)
            #expect(home == .ok)
            #expect(html.contains("/petugas/admin/pengguna") && html.contains("/petugas/audit"))

            // Missing unit and a short password: 422 with messages and the typed values kept.
            let (bad, _, page) = try await aduan.post("/petugas/admin/pengguna", [
                "username": "rina", "name": "Rina Capil", "role": "bidang", "unit": "", "password": "pendek"], as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(page.contains("Petugas bidang harus memiliki bidang yang aktif"))
            #expect(page.contains("Kata sandi minimal 10 karakter"))
            #expect(page.contains("value=\"Rina Capil\""))
            #expect(!page.contains("pendek"))

            let (created, location, _) = try await aduan.post("/petugas/admin/pengguna", [
                "username": "rina", "name": "Rina Capil", "role": "bidang", "unit": "capil", "password": "kata-sandi-rina"], as: admin)
            #expect(created == .seeOther)
            #expect(location == "/petugas/admin/pengguna?ok=user_created")
            let (_, list) = try await aduan.get(location!, as: admin)
            #expect(list.contains("Pengguna dibuat."))
            #expect(list.contains("Rina Capil"))

            let user = try #require(try await User.query(on: aduan.app.db).filter(\.$username == "rina").first())
            #expect(user.role == .bidang && user.unitCode == "capil")
            let rina = try await aduan.signIn("rina", password: "kata-sandi-rina")
            let (account, _) = try await aduan.get("/petugas/akun", as: rina)
            #expect(account == .ok)
            let changes = try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .userChanged).all()
            #expect(changes.count == 1 && changes[0].actorName == "admin")

            // The same username again is refused.
            let (again, _, taken) = try await aduan.post("/petugas/admin/pengguna", [
                "username": "rina", "name": "X", "role": "pengelola", "password": "kata-sandi-rina"], as: admin)
            #expect(again == .unprocessableEntity)
            #expect(taken.contains("Nama pengguna ini sudah dipakai"))
        }
    }

    @Test("deactivating a user ends their sessions and API tokens; reactivating lets them sign in again", arguments: TestDatabase.available)
    func deactivation(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let budi = try await aduan.createUser("budi", role: .pengelola)
            let session = try await aduan.signIn("budi")
            let token = try await StaffAuth(db: aduan.app.db, context: aduan.app.aduan, threadPool: aduan.app.threadPool)
                .createToken(for: budi, name: "uji")
            let before = StaffAuth(db: aduan.app.db, context: aduan.app.aduan, threadPool: aduan.app.threadPool)
            #expect(try await before.user(apiToken: token) != nil)
            let id = try budi.requireID()

            let (status, location, _) = try await aduan.post("/petugas/admin/pengguna/\(id)/nonaktifkan", [:], as: admin)
            #expect(status == .seeOther)
            #expect(location == "/petugas/admin/pengguna/\(id)?ok=user_deactivated")

            let (after, _) = try await aduan.get("/petugas/akun", as: session)
            #expect(after == .seeOther, "the old session is gone")
            #expect(try await StaffSession.query(on: aduan.app.db).filter(\.$user.$id == id).count() == 0)
            let auth = StaffAuth(db: aduan.app.db, context: aduan.app.aduan, threadPool: aduan.app.threadPool)
            #expect(try await auth.user(apiToken: token) == nil)
            #expect(try await APIToken.query(on: aduan.app.db).filter(\.$user.$id == id).filter(\.$revokedAt == nil).count() == 0)

            // The admin cannot deactivate themselves.
            let adminID = try #require(try await User.query(on: aduan.app.db).filter(\.$username == "admin").first()?.id)
            let (own, _, _) = try await aduan.post("/petugas/admin/pengguna/\(adminID)/nonaktifkan", [:], as: admin)
            #expect(own == .unprocessableEntity)

            _ = try await aduan.post("/petugas/admin/pengguna/\(id)/aktifkan", [:], as: admin)
            _ = try await aduan.signIn("budi")
        }
    }

    @Test("edit role and unit, reset the password and the second factor")
    func editUser() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let budi = try await aduan.createUser("budi", role: .pengelola, totp: true)
            let id = try budi.requireID()

            let (bad, _, page) = try await aduan.post("/petugas/admin/pengguna/\(id)/ubah", ["name": "", "role": "bidang", "unit": "tidak-ada"], as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(page.contains("Kolom ini wajib diisi"))
            #expect(page.contains("Petugas bidang harus memiliki bidang"))

            let (ok, _, _) = try await aduan.post("/petugas/admin/pengguna/\(id)/ubah", ["name": "Budi Dafduk", "role": "bidang", "unit": "dafduk"], as: admin)
            #expect(ok == .seeOther)
            var user = try #require(try await User.find(id, on: aduan.app.db))
            #expect(user.role == .bidang && user.unitCode == "dafduk" && user.displayName == "Budi Dafduk")

            let (short, _, _) = try await aduan.post("/petugas/admin/pengguna/\(id)/kata-sandi", ["password": "123"], as: admin)
            #expect(short == .unprocessableEntity)
            _ = try await aduan.post("/petugas/admin/pengguna/\(id)/kata-sandi", ["password": "sandi-baru-budi"], as: admin)
            _ = try await aduan.post("/petugas/admin/pengguna/\(id)/dua-langkah", [:], as: admin)
            user = try #require(try await User.find(id, on: aduan.app.db))
            #expect(!user.totpEnabled && user.totpSecret == nil)
            let browser = try await aduan.signIn("budi", password: "sandi-baru-budi")
            let (account, _) = try await aduan.get("/petugas/akun", as: browser)
            #expect(account == .ok, "no second factor is asked any more (budi is bidang now, who need not set one up)")
        }
    }

    @Test("units: add, rename, deactivate; the code is permanent", arguments: TestDatabase.available)
    func units(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let (_, list) = try await aduan.get("/petugas/admin/bidang", as: admin)
            for code in ["dafduk", "capil", "piak", "pdip"] { #expect(list.contains("<code>\(code)</code>")) }

            let (bad, _, page) = try await aduan.post("/petugas/admin/bidang", ["code": "Bidang Baru!", "name": "Bidang Baru"], as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(page.contains("Kode harus 2–20 huruf kecil"))
            #expect(page.contains("value=\"Bidang Baru\""))
            let (taken, _, _) = try await aduan.post("/petugas/admin/bidang", ["code": "capil", "name": "Lagi"], as: admin)
            #expect(taken == .unprocessableEntity)

            let (added, _, _) = try await aduan.post("/petugas/admin/bidang", ["code": "sekretariat", "name": "Sekretariat"], as: admin)
            #expect(added == .seeOther)
            let (renamed, _, _) = try await aduan.post("/petugas/admin/bidang/sekretariat", ["name": "Sekretariat Dinas"], as: admin)
            #expect(renamed == .seeOther)
            let (emptyName, _, _) = try await aduan.post("/petugas/admin/bidang/sekretariat", ["name": ""], as: admin)
            #expect(emptyName == .unprocessableEntity)
            _ = try await aduan.post("/petugas/admin/bidang/sekretariat/status", [:], as: admin)
            let unit = try #require(try await Unit.find("sekretariat", on: aduan.app.db))
            #expect(unit.name == "Sekretariat Dinas" && !unit.active)

            // An inactive unit is not offered for new bidang users.
            let (refused, _, _) = try await aduan.post("/petugas/admin/pengguna", [
                "username": "sek", "name": "Sek", "role": "bidang", "unit": "sekretariat", "password": "kata-sandi-panjang"], as: admin)
            #expect(refused == .unprocessableEntity)
        }
    }

    @Test("services: add, rename, target, order, deactivate", arguments: TestDatabase.available)
    func services(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let (bad, _, page) = try await aduan.post("/petugas/admin/layanan", [
                "code": "KIA-baru", "name_id": "Kartu Identitas Anak", "name_en": "", "resolution_days": "61"], as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(page.contains("huruf kecil a–z"))
            #expect(page.contains("dari 1 sampai 60"))
            #expect(page.contains("value=\"Kartu Identitas Anak\""))

            let (added, _, _) = try await aduan.post("/petugas/admin/layanan", [
                "code": "surat_uji", "name_id": "Surat Uji", "name_en": "Test Letter", "resolution_days": "7"], as: admin)
            #expect(added == .seeOther)
            var service = try #require(try await Service.find("surat_uji", on: aduan.app.db))
            #expect(service.resolutionDays == 7 && service.active)
            let (_, form) = try await aduan.get("/pengaduan/baru")
            #expect(form.contains("Surat Uji"))

            let (updated, _, _) = try await aduan.post("/petugas/admin/layanan/surat_uji", [
                "name_id": "Surat Uji Coba", "name_en": "Trial Letter", "resolution_days": "10", "position": "0"], as: admin)
            #expect(updated == .seeOther)
            _ = try await aduan.post("/petugas/admin/layanan/surat_uji/status", [:], as: admin)
            service = try #require(try await Service.find("surat_uji", on: aduan.app.db))
            #expect(service.nameID == "Surat Uji Coba" && service.resolutionDays == 10 && service.position == 0 && !service.active)
            let (_, after) = try await aduan.get("/pengaduan/baru")
            #expect(!after.contains("Surat Uji Coba"))
        }
    }

    static func holidayFile(_ text: String, year: Int, csrf: String) -> MultipartBuilder {
        var form = MultipartBuilder()
        form.field("_csrf", csrf)
        form.field("year", String(year))
        form.file("file", filename: "libur.csv", contentType: "text/csv", Array(text.utf8))
        return form
    }

    @Test("importing a year replaces its national holidays, keeps local ones, and moves the deadlines", arguments: TestDatabase.available)
    func importHolidays(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            try await Holiday(date: "2026-06-10", kind: .local, name: "Hari Jadi Kabupaten").create(on: aduan.app.db)
            // A made-up holiday on Tuesday 1 December, the day after the test's Monday.
            let file = "tanggal,jenis,keterangan\r\n2026-12-01,LN,Hari Libur Uji\r\n2026-12-25,LN,Hari Raya Natal\r\n"
            let form = Self.holidayFile(file, year: 2026, csrf: admin.csrf)
            var headers = form.headers
            headers.add(name: "Cookie", value: admin.cookie)
            try await aduan.app.testing().test(.POST, "/petugas/admin/kalender/impor", headers: headers, body: form.build()) { response in
                #expect(response.status == .seeOther, "\(response.body.string.firstMatch(of: /import-errors.*?<\/div>/)?.0 ?? "")")
                #expect(response.headers.first(name: .location) == "/petugas/admin/kalender?tahun=2026&ok=holidays_imported")
            }
            let year2026 = try await Holiday.query(on: aduan.app.db).filter(\.$date >= "2026-01-01").filter(\.$date <= "2026-12-31").sort(\.$date).all()
            #expect(year2026.map(\.date) == ["2026-06-10", "2026-12-01", "2026-12-25"])
            #expect(try await Holiday.query(on: aduan.app.db).filter(\.$date >= "2027-01-01").count() > 0, "other years stay")

            var due = ""
            let complaint = Fixture.complaintForm()
            try await aduan.app.testing().test(.POST, "/api/v1/complaints", headers: complaint.headers, body: complaint.build()) { response in
                due = try response.content.decode(ComplaintAPITests.Created.self).first_response_due_at
            }
            #expect(due == "2026-12-02T10:00:00+07:00", "Tuesday is now a holiday")
        }
    }

    @Test("a file with bad rows names every bad line and changes nothing", arguments: TestDatabase.available)
    func importBadFile(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let before = try await Holiday.query(on: aduan.app.db).count()
            let file = "tanggal,jenis,keterangan\n2026-12-01,LN,Baik\n2026-13-01,LN,Bulan salah\n2026-12-03,XX,Jenis salah\n\n2027-01-01,LN,Tahun lain\n2026-12-05,CB\n"
            let form = Self.holidayFile(file, year: 2026, csrf: admin.csrf)
            var headers = form.headers
            headers.add(name: "Cookie", value: admin.cookie)
            try await aduan.app.testing().test(.POST, "/petugas/admin/kalender/impor", headers: headers, body: form.build()) { response in
                #expect(response.status == .unprocessableEntity)
                let html = response.body.string
                #expect(html.contains("Tidak ada yang diimpor"))
                #expect(html.contains("Baris 3: tanggal"))
                #expect(html.contains("Baris 4: jenis"))
                #expect(html.contains("Baris 6: tanggal 2027-01-01 bukan tahun 2026"))
                #expect(html.contains("Baris 7: harus ada tepat 3 kolom"))
                #expect(!html.contains("Baris 2:"))
            }
            #expect(try await Holiday.query(on: aduan.app.db).count() == before)
            #expect(try await Holiday.query(on: aduan.app.db).filter(\.$date == "2026-12-01").count() == 0)
        }
    }

    @Test("the CSV parser reads the government's file", arguments: [2026, 2027])
    func parseSharedFile(year: Int) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/App/Resources/ReferenceData/libur-nasional.csv").standardized
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("tanggal") || $0.hasPrefix("\(year)-") }.joined(separator: "\n")
        let rows = try HolidayImport.parse(lines, year: year).get()
        #expect(rows.count > 10)
        #expect(rows.allSatisfy { $0.date.year == year && $0.kind != .local })
    }

    @Test("holidays: add, edit and remove one by one")
    func holidayCRUD() async throws {
        try await withAduan(environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let (bad, _, page) = try await aduan.post("/petugas/admin/kalender", ["date": "2026-02-30", "kind": "LOCAL", "name": "Hari Jadi"], as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(page.contains("Isi tanggal yang benar"))
            #expect(page.contains("value=\"Hari Jadi\""))
            let (added, location, _) = try await aduan.post("/petugas/admin/kalender", ["date": "2026-07-07", "kind": "LOCAL", "name": "Hari Jadi"], as: admin)
            #expect(added == .seeOther)
            #expect(location == "/petugas/admin/kalender?tahun=2026&ok=holiday_added")
            let holiday = try #require(try await Holiday.query(on: aduan.app.db).filter(\.$date == "2026-07-07").first())
            let (_, calendar) = try await aduan.get(location!, as: admin)
            #expect(calendar.contains("Hari Jadi") && calendar.contains("Hari libur ditambahkan."))

            _ = try await aduan.post("/petugas/admin/kalender/\(holiday.id!)", ["date": "2026-07-08", "kind": "LOCAL", "name": "Hari Jadi Kabupaten"], as: admin)
            let moved = try #require(try await Holiday.find(holiday.id, on: aduan.app.db))
            #expect(moved.date == "2026-07-08" && moved.name == "Hari Jadi Kabupaten")
            _ = try await aduan.post("/petugas/admin/kalender/\(holiday.id!)/hapus", [:], as: admin)
            #expect(try await Holiday.find(holiday.id, on: aduan.app.db) == nil)
        }
    }

    @Test("working weekdays change the calendar and the deadlines", arguments: TestDatabase.available)
    func workingWeekdays(database: TestDatabase) async throws {
        // Friday 4 December 2026, 14:00 WIB.
        try await withAduan(database, at: mondayMorning.addingTimeInterval(4 * 86_400 + 4 * 3600), environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let (none, _, page) = try await aduan.post("/petugas/admin/kalender/hari-kerja", [:], as: admin)
            #expect(none == .unprocessableEntity)
            #expect(page.contains("Pilih paling sedikit satu hari kerja"))

            let saturdayToo = Dictionary(uniqueKeysWithValues: [2, 3, 4, 5, 6, 7].map { ("day\($0)", "1") })
            let (saved, _, _) = try await aduan.post("/petugas/admin/kalender/hari-kerja", saturdayToo, as: admin)
            #expect(saved == .seeOther)
            let calendar = try await ReferenceRepository(db: aduan.app.db, timeZone: aduan.app.aduan.config.timeZone).calendar()
            #expect(calendar.workingWeekdays == [2, 3, 4, 5, 6, 7])
            let code = try await aduan.fileComplaint()
            let complaint = try await aduan.complaint(code)
            #expect(ISOTime(timeZone: aduan.app.aduan.config.timeZone).string(complaint.firstResponseDueAt) == "2026-12-05T14:00:00+07:00")
            let (_, calendarPage) = try await aduan.get("/petugas/admin/kalender", as: admin)
            #expect(calendarPage.contains("name=\"day7\" value=\"1\" checked"))
            #expect(!calendarPage.contains("name=\"day1\" value=\"1\" checked"))
        }
    }

    @Test("the office profile set by the admin shows on the public pages", arguments: TestDatabase.available)
    func officeProfile(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            var fields = AdminOfficeController.values(aduan.app.aduan.config.office)
            fields["short_name"] = "Dukcapil Uji"
            fields["whatsapp"] = "0811-1111-2222"
            fields["email"] = "bukan-email"
            let (bad, _, page) = try await aduan.post("/petugas/admin/kantor", fields, as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(page.contains("Alamat e-mail tidak benar"))
            #expect(page.contains("value=\"Dukcapil Uji\""))

            fields["email"] = "aduan@uji.go.id"
            fields["whatsapp"] = "12345"
            let (badPhone, _, phonePage) = try await aduan.post("/petugas/admin/kantor", fields, as: admin)
            #expect(badPhone == .unprocessableEntity)
            #expect(phonePage.contains("nomor ponsel Indonesia"))

            fields["whatsapp"] = "0811-1111-2222"
            fields["address"] = "Jalan Uji Nomor 1, Pulau Punjung"
            let (saved, _, _) = try await aduan.post("/petugas/admin/kantor", fields, as: admin)
            #expect(saved == .seeOther)
            let (_, home) = try await aduan.get("/")
            #expect(home.contains("Dukcapil Uji"))
            #expect(home.contains("Jalan Uji Nomor 1, Pulau Punjung"))
            #expect(home.contains("https://wa.me/6281111112222"))
        }
    }

    @Test("the retention period set by the admin shows in the consent text and the privacy page", arguments: TestDatabase.available)
    func retention(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let (bad, _, page) = try await aduan.post("/petugas/admin/retensi", ["years": "31"], as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(page.contains("dari 1 sampai 30"))
            #expect(page.contains("value=\"31\""))
            let (saved, _, _) = try await aduan.post("/petugas/admin/retensi", ["years": "7"], as: admin)
            #expect(saved == .seeOther)
            let (_, form) = try await aduan.get("/pengaduan/baru")
            #expect(form.contains("selama 7 tahun"))
            let (_, privacy) = try await aduan.get("/privasi")
            #expect(privacy.contains("selama 7 tahun"))
            #expect(try await AuditEntry.query(on: aduan.app.db).filter(\.$action == .settingsChanged).count() == 1)
        }
    }

    @Test("canned replies: add, edit, deactivate", arguments: TestDatabase.available)
    func cannedReplies(database: TestDatabase) async throws {
        try await withAduan(database, environment: Self.fastHashing) { aduan in
            let admin = try await aduan.signInAdmin()
            let (bad, _, page) = try await aduan.post("/petugas/admin/balasan", ["title": "Salam", "body": ""], as: admin)
            #expect(bad == .unprocessableEntity)
            #expect(page.contains("Kolom ini wajib diisi"))
            #expect(page.contains("value=\"Salam\""))
            let (added, _, _) = try await aduan.post("/petugas/admin/balasan", ["title": "Salam", "body": "Terima kasih atas pengaduan Anda."], as: admin)
            #expect(added == .seeOther)
            let reply = try #require(try await CannedReply.query(on: aduan.app.db).first())
            _ = try await aduan.post("/petugas/admin/balasan/\(reply.id!)", ["title": "Salam pembuka", "body": "Terima kasih."], as: admin)
            _ = try await aduan.post("/petugas/admin/balasan/\(reply.id!)/status", [:], as: admin)
            let changed = try #require(try await CannedReply.find(reply.id, on: aduan.app.db))
            #expect(changed.title == "Salam pembuka" && changed.body == "Terima kasih." && !changed.active)
            let (_, list) = try await aduan.get("/petugas/admin/balasan", as: admin)
            #expect(list.contains("Salam pembuka"))
        }
    }
}

import Foundation
import Vapor

/// Files and form values a citizen would send, built in code.
enum Fixture {
    static let nik = "1310054507900001"
    static let kk = "1310050101090002"
    static let phone = "0812-3456-7890"
    static let phoneNormalised = "6281234567890"
    static let email = "warga@example.com"
    static let name = "Siti Rahmawati"
    static let description = "KTP-el saya belum dicetak sejak tiga bulan, padahal sudah rekam."

    /// The distinctive latitude numerator hidden in `jpegWithGPS`: it must not survive storage.
    static let secretLatitude: [UInt8] = [0xFE, 0xCA, 0xAD, 0x0B]

    /// A small but well-formed JPEG whose EXIF holds an orientation and a GPS position.
    static var jpegWithGPS: [UInt8] {
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + le32(8)
        // IFD0 at 8: Orientation = 6, GPS pointer → 38.
        tiff += le16(2)
        tiff += le16(0x0112) + le16(3) + le32(1) + le16(6) + le16(0)
        tiff += le16(0x8825) + le16(4) + le32(1) + le32(38)
        tiff += le32(0)
        // GPS IFD at 38: latitude ref "S", latitude as three rationals at 68.
        tiff += le16(2)
        tiff += le16(0x0001) + le16(2) + le32(2) + [0x53, 0, 0, 0]
        tiff += le16(0x0002) + le16(5) + le32(3) + le32(68)
        tiff += le32(0)
        tiff += secretLatitude + le32(1) + le32(0x0123_4567) + le32(1) + le32(0x00FA_CADE) + le32(100)
        let exif = Array("Exif".utf8) + [0, 0] + tiff
        return [0xFF, 0xD8] + segment(0xE1, exif) + jpegBody
    }

    /// A JPEG without metadata.
    static func jpeg(seed: UInt8 = 1) -> [UInt8] {
        [0xFF, 0xD8] + segment(0xE0, Array("JFIF".utf8) + [0, 1, 2, 0, 0, 72, 0, 72, 0, 0]) + jpegBody + [seed]
    }

    static var pdf: [UInt8] {
        Array("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
    }

    /// Text dressed up as a photo by its name.
    static var fakePhoto: [UInt8] { Array("this is not a photo, only text named foto.jpg".utf8) }

    private static var jpegBody: [UInt8] {
        segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
            + segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
            + segment(0xC4, [0x00] + [UInt8](repeating: 0, count: 15) + [1] + [0])
            + segment(0xDA, [1, 1, 0, 0, 63, 0])
            + (0..<200).map { UInt8(($0 * 37 + 11) % 251) }
            + [0xFF, 0xD9]
    }

    private static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    private static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    private static func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }

    /// A complete, valid submission; tests change what they need.
    static func complaintForm(
        overriding fields: [String: String] = [:], omitting omitted: Set<String> = [],
        kkPhoto: [UInt8]? = jpegWithGPS, ktpPhoto: [UInt8]? = jpeg(seed: 2), documents: [[UInt8]] = [pdf]
    ) -> MultipartBuilder {
        var form = MultipartBuilder()
        var values = [
            "name": name, "nik": nik, "kk_number": kk, "phone": phone, "email": email, "service": "ktp_el",
            "classification": "pengaduan", "description": description, "district": "13.10.02",
            "confidential": "false", "consent": "true",
        ]
        values.merge(fields) { _, new in new }
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where !omitted.contains(key) {
            form.field(key, value)
        }
        if let kkPhoto { form.file("kk_photo", filename: "foto-kk.jpg", contentType: "image/jpeg", kkPhoto) }
        if let ktpPhoto { form.file("ktp_photo", filename: "foto-ktp.jpg", contentType: "image/jpeg", ktpPhoto) }
        for (index, document) in documents.enumerated() {
            form.file("documents", filename: "surat-\(index + 1).pdf", contentType: "application/pdf", document)
        }
        return form
    }
}

extension HTTPHeaders {
    /// The value of a `Set-Cookie` for `name`, as a `Cookie` request header would carry it.
    func cookie(named name: String) -> String? {
        self[.setCookie].compactMap { line -> String? in
            let pair = line.split(separator: ";").first.map(String.init) ?? ""
            return pair.hasPrefix("\(name)=") ? pair : nil
        }.first
    }
}

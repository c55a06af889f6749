import Foundation

/// The kinds of uploaded file the complaints service accepts, recognised by content.
public enum DocumentType: String, Sendable, CaseIterable, Codable {
    case jpeg, png, heic, pdf

    /// The canonical MIME type to store and serve the file with.
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .heic: "image/heic"
        case .pdf: "application/pdf"
        }
    }

    /// The canonical file extension (without dot) to store the file under.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .heic: "heic"
        case .pdf: "pdf"
        }
    }

    /// Whether the document is a photo (and so may carry location metadata).
    public var isImage: Bool {
        switch self {
        case .jpeg, .png, .heic: true
        case .pdf: false
        }
    }
}

/// Why an upload was refused. Carries a stable message key, never UI text;
/// the Indonesian and English texts live in `MessageKeys.md`.
public enum DocumentError: Error, Sendable, Equatable {
    /// The upload has no bytes.
    case empty
    /// The content is not a JPEG, PNG, HEIC/HEIF or PDF (whatever its name or declared type).
    case unsupportedType
    /// The content looks like a supported type but is truncated or corrupt.
    case damaged
    /// The image declares a size no document photo has (a "pixel bomb"): see `ImageLimits`.
    case imageTooLarge

    public var messageKey: String {
        switch self {
        case .empty: "upload.empty"
        case .unsupportedType: "upload.unsupported_type"
        case .damaged: "upload.damaged"
        case .imageTooLarge: "upload.image_too_large"
        }
    }
}

/// The bytes to store for an accepted upload.
public struct PreparedDocument: Sendable, Equatable {
    /// The type recognised from the content.
    public let type: DocumentType
    /// The bytes to store: for photos, with location metadata removed; PDFs unchanged.
    public let bytes: [UInt8]
    /// `true` when metadata that carries (or may carry) location was removed or
    /// neutralised, i.e. when `bytes` differ from the upload. Always `false` for PDFs.
    public let removedLocation: Bool

    public init(type: DocumentType, bytes: [UInt8], removedLocation: Bool) {
        self.type = type
        self.bytes = bytes
        self.removedLocation = removedLocation
    }
}

/// The largest image accepted. A phone photo of a KK or KTP is 12–50 megapixels; the declared size
/// decides how much memory an officer's browser allocates to show it, whatever the file's own size.
public enum ImageLimits {
    public static let maxSide = 20_000
    public static let maxPixels = 100_000_000

    public static func allows(width: Int, height: Int) -> Bool {
        guard width >= 0, height >= 0, width <= maxSide, height <= maxSide else { return false }
        return width * height <= maxPixels // both at most 20,000: no overflow
    }
}

import Foundation

/// Finds the templates, static assets and reference data shipped with the binary, wherever the server
/// is started from: next to the executable (SwiftPM's resource bundle) or in an explicit folder.
struct ResourceLocator: Sendable {
    let root: String

    /// SwiftPM copies `Sources/App/Resources` into the bundle `aduan_App.resources` beside the executable;
    /// Foundation reports its location differently on Linux and macOS, so both places are tried.
    static func locate() -> ResourceLocator {
        let bundle = Bundle.module
        let candidates = [bundle.bundleURL.appendingPathComponent("Resources"), bundle.resourceURL, bundle.resourceURL?.appendingPathComponent("Resources")]
        let root = candidates.compactMap { $0 }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("Locales").path)
        }
        return ResourceLocator(root: (root ?? bundle.bundleURL.appendingPathComponent("Resources")).path)
    }

    var views: String { root + "/Views/" }
    var publicFiles: String { root + "/Public/" }
    var locales: String { root + "/Locales" }
    var referenceData: String { root + "/ReferenceData" }

    func referenceFile(_ name: String) throws -> String {
        try String(contentsOfFile: referenceData + "/" + name, encoding: .utf8)
    }
}

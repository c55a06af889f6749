/// Where the console may send someone after sign-in (`lanjut`): only one of its own pages.
///
/// The value is echoed into the `Location` header, so anything beyond a plain console path is refused:
/// another site (`//host`, `https:`), a backslash (which browsers read as a slash), a dot segment, and any
/// control or non-ASCII character — a CR LF would otherwise start a header of the attacker's choosing.
public enum ConsoleTarget {
    public static let root = "/petugas"

    /// The path itself when it is a safe console path, nil otherwise (the caller then uses the home page).
    public static func validated(_ raw: String?) -> String? {
        guard let raw, raw.utf8.count <= 2000 else { return nil }
        // Printable ASCII without the space only: no CR, LF, NUL, tab, DEL or anything a header could split on.
        guard raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        guard raw == root || raw.hasPrefix(root + "/") || raw.hasPrefix(root + "?") else { return nil }
        guard !raw.contains("//"), !raw.contains("\\"), !raw.contains("://") else { return nil }
        let path = raw.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard !path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        return raw
    }
}

/// File sizes as people read them: "9 KB", "1,6 MB" in Indonesian (decimal comma), "1.6 MB" in English.
public enum ByteCountText {
    public static func text(_ bytes: Int, in language: Language) -> String {
        if bytes < 1_048_576 {
            return "\(max(1, Int((Double(bytes) / 1024).rounded(.up)))) KB"
        }
        let tenths = Int((Double(bytes) / 1_048_576 * 10).rounded())
        let whole = tenths / 10
        let fraction = tenths % 10
        if fraction == 0 { return "\(whole) MB" }
        return "\(whole)\(language == .id ? "," : ".")\(fraction) MB"
    }
}

/// Queues the office's messages in a chat. (The lead's `ChatOutbox.queue` lives here on main; this
/// branch adds an officer's free text in `ChatOutbox+Text.swift`.)
enum ChatOutbox {}

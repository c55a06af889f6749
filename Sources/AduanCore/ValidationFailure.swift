/// An error caused by input a person can correct.
///
/// It carries a stable message key (e.g. "validation.nik.birth_date") rather than text: the app looks the
/// key up in the message catalogue (Indonesian and English; see MessageKeys.md) and shows the message
/// beside the field concerned.
public protocol ValidationFailure: Error, Sendable {
    var messageKey: String { get }
}

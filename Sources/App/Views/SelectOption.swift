/// One choice of a `<select>` or a group of radio buttons, with whether it is the chosen one.
struct SelectOption: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool
}

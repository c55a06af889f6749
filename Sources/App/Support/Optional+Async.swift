extension Optional {
    /// `flatMap` for an asynchronous transform (a lookup that may find nothing).
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

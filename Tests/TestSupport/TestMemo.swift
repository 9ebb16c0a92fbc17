import Foundation

/// Values computed once per test process and shared by every test that asks for the same key — for example a
/// figure's table, which the golden, headline, thread-invariance and full-resolution tests all compare.
///
/// Thread-safe: the first caller of a key computes it while later callers of that key wait; different keys compute
/// concurrently. An error is not cached (the next caller computes again and sees it too).
public final class TestMemo: @unchecked Sendable {
    public static let shared = TestMemo()

    private let lock = NSLock()
    private var values: [String: Any] = [:]
    private var keyLocks: [String: NSLock] = [:]

    public init() {}

    /// The value stored under `key`, computed by `compute` on first use.
    public func value<T>(_ key: String, _ compute: () throws -> T) throws -> T {
        let keyLock = lock.withLock { () -> NSLock in
            if let existing = keyLocks[key] { return existing }
            let created = NSLock()
            keyLocks[key] = created
            return created
        }
        keyLock.lock()
        defer { keyLock.unlock() }
        if let cached = lock.withLock({ values[key] }) {
            guard let typed = cached as? T else { throw TestMemoError(key: key) }
            return typed
        }
        let computed = try compute()
        lock.withLock { values[key] = computed }
        return computed
    }

    /// A key was used with two different value types.
    public struct TestMemoError: Error, CustomStringConvertible {
        public let key: String
        public var description: String { "TestMemo key '\(key)' was stored with another type" }
    }
}

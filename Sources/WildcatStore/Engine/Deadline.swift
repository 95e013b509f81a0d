import NIOConcurrencyHelpers

/// Waits for an operation at most `limit`. A query on a connection whose server vanished (a
/// PostgreSQL restart caught mid-query) may never finish and ignores cancellation; past the
/// limit the caller goes on with `StoreError.noAnswer`, and the operation is left to end when
/// its connection is closed.
enum Deadline {
    static func within<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let waiting = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(nil)
        return try await withCheckedThrowingContinuation { continuation in
            waiting.withLockedValue { $0 = continuation }
            let timer = Task {
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                waiting.withLockedValue { waiting in defer { waiting = nil }; return waiting }?.resume(throwing: StoreError.noAnswer)
            }
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await operation()) } catch { result = .failure(error) }
                // Answered in time: the timer has nothing left to do.
                timer.cancel()
                waiting.withLockedValue { waiting in defer { waiting = nil }; return waiting }?.resume(with: result)
            }
        }
    }
}

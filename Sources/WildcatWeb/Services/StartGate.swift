import NIOConcurrencyHelpers

/// Opens once the application is ready (migrations applied, keys loaded): background services
/// wait at it, so nothing reads tables that a migration is still creating.
final class StartGate: Sendable {
    private struct State {
        var open = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    func open() {
        let waiting = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Returns at once if open; otherwise when it opens. (A service cancelled before that keeps
    /// waiting until the application stops; it then has nothing to do.)
    func wait() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLockedValue { state -> Bool in
                if state.open { return true }
                state.waiting.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

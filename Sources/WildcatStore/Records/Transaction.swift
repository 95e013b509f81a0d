import NIOConcurrencyHelpers
import SQLKit

/// One write transaction: its connection, and a note of whether it recorded live events (the
/// store rings the event signal after it commits). Store operations take one of these, never a
/// bare connection, so recording an event cannot forget to wake the fan-out.
struct Transaction: Sendable {
    final class Recorder: Sendable {
        private let flag = NIOLockedValueBox(false)
        var recordedEvents: Bool { flag.withLockedValue { $0 } }
        func noteEvent() { flag.withLockedValue { $0 = true } }

    }

    let db: any SQLDatabase
    let recorder: Recorder
}

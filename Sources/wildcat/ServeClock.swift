import Foundation
import Logging
import NIOConcurrencyHelpers
import WildcatDomain

/// The server's clock: the system's. Debug builds only: when WILDCAT_TEST_CLOCK_FILE names a
/// file, the number of seconds in it is added to the time, so the browser tests can move past a
/// deadline without waiting for it. Release builds have no such switch.
enum ServeClock {
    static func make(logger: Logger) -> WallClock {
        #if DEBUG
        if let path = ProcessInfo.processInfo.environment["WILDCAT_TEST_CLOCK_FILE"], !path.isEmpty {
            logger.warning("test clock: time is shifted by the seconds in \(path)")
            let last = NIOLockedValueBox<(read: Date, offset: TimeInterval)>((.distantPast, 0))
            return WallClock {
                let now = Date()
                let offset = last.withLockedValue { last -> TimeInterval in
                    if now.timeIntervalSince(last.read) > 0.1 {
                        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "0"
                        last = (now, TimeInterval(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
                    }
                    return last.offset
                }
                return now.addingTimeInterval(offset)
            }
        }
        #endif
        return .system
    }
}

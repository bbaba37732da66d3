import LVSMetrics
import Synchronization

/// The last observation and when it was read; scrapes within `maximumAge` share it.
final class ObservationCache: Sendable {
    private let maximumAge: Duration
    private let observe: @Sendable () -> DirectorObservation
    private let last = Mutex<(at: ContinuousClock.Instant, observation: DirectorObservation)?>(nil)

    init(maximumAge: Duration, observe: @escaping @Sendable () -> DirectorObservation) {
        self.maximumAge = maximumAge
        self.observe = observe
    }

    func current() -> DirectorObservation {
        let now = ContinuousClock.now
        if let cached = last.withLock({ $0 }), now - cached.at < maximumAge { return cached.observation }
        let fresh = observe()
        last.withLock { $0 = (now, fresh) }
        return fresh
    }
}

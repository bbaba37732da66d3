import LVSMetrics
import Synchronization

/// The last observation, when it was read, and what was rendered from it: scrapes within
/// `maximumAge` share one reading of the daemon and one rendering of each page.
final class ObservationCache<Observation: Sendable>: MetricsPages {
    private struct Entry {
        var at: ContinuousClock.Instant
        var observation: Observation
        var metrics: [UInt8]?
        var statusPage: [UInt8]?
    }

    private let maximumAge: Duration
    private let observe: @Sendable () -> Observation
    private let renderMetrics: @Sendable (Observation) -> [UInt8]
    private let renderStatusPage: @Sendable (Observation) -> [UInt8]
    private let last = Mutex<Entry?>(nil)

    init(
        maximumAge: Duration, observe: @escaping @Sendable () -> Observation,
        renderMetrics: @escaping @Sendable (Observation) -> [UInt8],
        renderStatusPage: @escaping @Sendable (Observation) -> [UInt8]
    ) {
        self.maximumAge = maximumAge
        self.observe = observe
        self.renderMetrics = renderMetrics
        self.renderStatusPage = renderStatusPage
    }

    func metrics() -> [UInt8] {
        rendered(\.metrics, renderMetrics)
    }

    func statusPage() -> [UInt8] {
        rendered(\.statusPage, renderStatusPage)
    }

    private func rendered(
        _ field: WritableKeyPath<Entry, [UInt8]?>, _ render: (Observation) -> [UInt8]
    ) -> [UInt8] {
        let now = ContinuousClock.now
        var entry = last.withLock { $0 }
        if let cached = entry, now - cached.at < maximumAge {
            if let bytes = cached[keyPath: field] { return bytes }
        } else {
            // Read outside the lock: a reading waits for the workers, and other scrapes may
            // meanwhile still be served from the previous entry.
            entry = Entry(at: now, observation: observe())
        }
        let bytes = render(entry!.observation)
        entry![keyPath: field] = bytes
        // Aged from when the rendering ended: a big table's slow reading is still shared.
        entry!.at = .now
        let updated = entry!
        last.withLock { current in
            // Keep the newer reading if another scrape stored one meanwhile.
            if current == nil || current!.at <= updated.at { current = updated }
        }
        return bytes
    }
}

import LVSCore

/// Set of tracked options given on one command line.
struct TrackedOptions: Sendable {
    private(set) var bits: UInt64 = 0
    func contains(_ o: TrackedOption) -> Bool { bits & (1 << UInt64(o.rawValue)) != 0 }
    mutating func insert(_ o: TrackedOption) { bits |= 1 << UInt64(o.rawValue) }
    func containsAny(_ list: [TrackedOption]) -> Bool { list.contains { contains($0) } }
}

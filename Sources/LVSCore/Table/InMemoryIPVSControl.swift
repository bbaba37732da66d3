import LVSVocabulary

/// An in-process director, for tests and for tools that embed the table.
public final class InMemoryIPVSControl: IPVSControl {
    public let table: IPVSTable
    public var now: Instant
    public init(table: IPVSTable = IPVSTable(), now: Instant = .zero) {
        self.table = table
        self.now = now
    }
    public func apply(_ operations: [AdminOperation]) throws(IPVSControlError) {
        do { try table.apply(operations, now: now) } catch { throw .rejected(error) }
    }
    public func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot {
        table.snapshot(now: now)
    }
}

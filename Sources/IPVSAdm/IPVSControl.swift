import LVSCore

/// What ipvsadm needs from the director: apply table changes, read the table.
/// The daemon client implements it over the control socket; tests use an in-memory table.
public protocol IPVSControl {
    /// Applies all operations or none (see `IPVSTable.apply`).
    func apply(_ operations: [AdminOperation]) throws(IPVSControlError)
    func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot
}

public enum IPVSControlError: Error, Hashable, Sendable {
    /// The kernel-side refusal of one operation of a batch.
    case rejected(IPVSTable.BatchError)
    /// The director could not be reached (message says why, e.g. socket path and errno).
    case unreachable(String)
}

/// An in-process director, for tests and for tools that embed the table.
public final class InMemoryIPVSControl: IPVSControl {
    public let table: IPVSTable
    public var now: Instant
    public init(table: IPVSTable = IPVSTable(), now: Instant = .zero) { self.table = table; self.now = now }
    public func apply(_ operations: [AdminOperation]) throws(IPVSControlError) {
        do { try table.apply(operations, now: now) } catch { throw .rejected(error) }
    }
    public func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot {
        table.snapshot(now: now)
    }
}

/// What ipvsadm needs from the director: apply table changes, read the table.
/// The daemon client implements it over the control socket; tests use an in-memory table.
public protocol IPVSControl {
    /// Applies all operations or none (see `IPVSTable.apply`).
    func apply(_ operations: [AdminOperation]) throws(IPVSControlError)
    func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot
    /// The connection table in pieces (see the extension for the default).
    func streamConnections(_ each: ([ConnectionSnapshot]) -> Void) throws(IPVSControlError)
}

extension IPVSControl {
    /// The connection table in pieces, for a listing with no bound on its size (`-L -c`):
    /// a director streams it; an in-memory table hands it over whole.
    public func streamConnections(_ each: ([ConnectionSnapshot]) -> Void) throws(IPVSControlError) {
        each(try snapshot(includeConnections: true).connections)
    }
}

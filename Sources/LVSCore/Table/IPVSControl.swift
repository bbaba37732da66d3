/// What ipvsadm needs from the director: apply table changes, read the table.
/// The daemon client implements it over the control socket; tests use an in-memory table.
public protocol IPVSControl {
    /// Applies all operations or none (see `IPVSTable.apply`).
    func apply(_ operations: [AdminOperation]) throws(IPVSControlError)
    func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot
}

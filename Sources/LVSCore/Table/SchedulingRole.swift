/// Whether a table's scheduler state is its own or shared with other tables (see
/// `SchedulingDomain`).
public enum SchedulingRole: Sendable {
    /// Its own schedulers and counts: a single engine, or a table nothing else schedules on.
    case alone
    /// The control plane's table: makes and changes the shared state.
    case leads(SchedulingDomain)
    /// A worker's table: schedules with the lead's shared state.
    case follows(SchedulingDomain)
}

import LVSControl
import LVSCore
import LVSVocabulary

/// What the control service tells the rest of the director (the neighbour maintainer in
/// production; recorders in tests). Each runs on the control plane's thread, after the change.
public struct ControlHooks: Sendable {
    /// The table (without connections) after every applied batch.
    public var tableChanged: @Sendable (TableSnapshot) -> Void
    /// A VRRP instance said which addresses it holds.
    public var ownershipChanged: @Sendable (AddressOwnership) -> Void
    /// A VRRP instance asked for gratuitous ARPs / unsolicited NAs.
    public var announce: @Sendable ([InetAddress]) -> Void
    /// The sync daemons' state and counters (nil: this director has none).
    public var syncStatus: @Sendable () -> SyncDaemonStatus?

    public init(
        tableChanged: @escaping @Sendable (TableSnapshot) -> Void = { _ in },
        ownershipChanged: @escaping @Sendable (AddressOwnership) -> Void = { _ in },
        announce: @escaping @Sendable ([InetAddress]) -> Void = { _ in },
        syncStatus: @escaping @Sendable () -> SyncDaemonStatus? = { nil }
    ) {
        self.tableChanged = tableChanged
        self.ownershipChanged = ownershipChanged
        self.announce = announce
        self.syncStatus = syncStatus
    }
}

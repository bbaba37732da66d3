import LVSKeepalived

/// What a running `lvs keepalived` shows at one moment: its VRRP instances (state, counters,
/// addresses) and its checkers' view of each virtual and real server.
public struct KeepalivedObservation: Sendable, Equatable {
    /// In configuration order; empty when VRRP does not run (-C or no vrrp_instance).
    public var instances: [VRRPInstanceObservation]
    /// Nil until the checkers have started (and with -P).
    public var checkers: KeepalivedStatus?

    public init(instances: [VRRPInstanceObservation] = [], checkers: KeepalivedStatus? = nil) {
        self.instances = instances
        self.checkers = checkers
    }
}

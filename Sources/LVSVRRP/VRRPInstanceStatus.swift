import LVSVocabulary
import LVSWire

/// One running vrrp_instance as `lvs keepalived --status` shows it: its state, whom it hears,
/// what it sent and received, and every advert it dropped, by reason.
public struct VRRPInstanceStatus: Sendable, Hashable {
    public var name: String
    public var state: VRRPState
    public var priority: UInt8
    public var virtualRouterID: UInt8
    public var interface: String
    public var masterAddress: InetAddress?
    public var advertisementsSent = 0
    public var advertisementsReceived = 0
    public var becameMaster = 0
    /// Times the instance left MASTER (keepalived's release_master).
    public var releasedMaster = 0
    /// Adverts of priority 0 sent (a master stepping down) and received (its peer stepping down).
    public var priorityZeroSent = 0
    public var priorityZeroReceived = 0
    public var drops: [VRRPDropReason: Int] = [:]

    public init(name: String, state: VRRPState, priority: UInt8, virtualRouterID: UInt8, interface: String) {
        self.name = name
        self.state = state
        self.priority = priority
        self.virtualRouterID = virtualRouterID
        self.interface = interface
    }

    public var droppedTotal: Int { drops.values.reduce(0, +) }

    /// Lines such as
    /// `VRRP VI_1: MASTER, priority 100, vrid 51 on eth0`, then counters, then drops by label.
    public var text: String {
        var heard = ""
        if state == .backup, let masterAddress { heard = ", master \(masterAddress)" }
        var lines = [
            "VRRP \(name): \(state.rawValue), priority \(priority), vrid \(virtualRouterID) on \(interface)\(heard)",
            "  adverts sent \(advertisementsSent), received \(advertisementsReceived), became master \(becameMaster)",
        ]
        if !drops.isEmpty {
            let counted = drops.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.label) \($0.value)" }
            lines.append("  dropped \(droppedTotal): " + counted.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

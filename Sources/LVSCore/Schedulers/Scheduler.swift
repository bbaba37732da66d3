import LVSVocabulary

/// What a scheduler sees of the packet that opens a connection.
public struct ScheduleRequest: Hashable, Sendable {
    public var proto: TransportProtocol
    public var clientAddress: InetAddress
    public var clientPort: UInt16
    /// The packet's destination (the VIP; for fwmark services whatever address it carried).
    public var virtualAddress: InetAddress
    public var virtualPort: UInt16
    public init(proto: TransportProtocol, clientAddress: InetAddress, clientPort: UInt16,
                virtualAddress: InetAddress, virtualPort: UInt16) {
        self.proto = proto; self.clientAddress = clientAddress; self.clientPort = clientPort
        self.virtualAddress = virtualAddress; self.virtualPort = virtualPort
    }
}

/// An IPVS scheduler (kernel `struct ip_vs_scheduler`): picks a real server for a new
/// connection. One instance per virtual service; it may keep state (rr position, wrr weights,
/// sh/dh/mh tables, lblc caches) that `destinationsChanged` rebuilds.
public protocol Scheduler: AnyObject {
    /// The ipvsadm name (`-s NAME`).
    static var name: String { get }
    init()
    /// Called after the service's destination list, a weight or the service flags changed
    /// (kernel add_dest / upd_dest / del_dest hooks, and init_service).
    func destinationsChanged(in service: VirtualService)
    /// Picks a real server, or nil when none is eligible (the caller then answers ICMP
    /// port-unreachable). Eligible means available, not overloaded, weight > 0, unless a
    /// scheduler's kernel rules say otherwise.
    func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer?
}

extension Scheduler {
    public var name: String { Self.name }
}

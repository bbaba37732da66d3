import LVSCore

/// Why a frame was left to the kernel (which gets its own copy of every frame): the director
/// did nothing with it. Labels are metric labels.
public enum DirectorPassReason: UInt8, CaseIterable, Sendable {
    /// Addressed to one of the director's own addresses.
    case ownAddress
    /// An EtherType the director does not handle.
    case otherEtherType
    /// ARP that is not a request for a VIP.
    case arp
    /// IPv6 neighbour discovery that is not a solicitation for a VIP.
    case neighbourDiscovery
    /// A VLAN tag stripped by the NIC (not handled yet).
    case vlan
    /// The engine: not TCP/UDP/SCTP.
    case unsupportedProtocol
    /// The engine: no service for the destination.
    case noService
    /// The engine: TCP without SYN and no connection.
    case notConnectionStart
    case ftpData
    case ftpOtherPort
    /// Not to a VIP and no NAT connection for it: not IPVS's packet.
    case noConnection
    /// cache_bypass: the engine says deliver to the packet's own destination.
    case bypass

    public var label: String {
        switch self {
        case .ownAddress: "own_address"
        case .otherEtherType: "other_ethertype"
        case .arp: "arp"
        case .neighbourDiscovery: "neighbour_discovery"
        case .vlan: "vlan"
        case .unsupportedProtocol: "unsupported_protocol"
        case .noService: "no_service"
        case .notConnectionStart: "not_connection_start"
        case .ftpData: "ftp_data"
        case .ftpOtherPort: "ftp_other_port"
        case .noConnection: "no_connection"
        case .bypass: "bypass"
        }
    }

    init(_ engine: PassReason) {
        switch engine {
        case .unsupportedProtocol: self = .unsupportedProtocol
        case .noService: self = .noService
        case .notConnectionStart: self = .notConnectionStart
        case .ftpData: self = .ftpData
        case .ftpOtherPort: self = .ftpOtherPort
        case .noConnection: self = .noConnection
        }
    }
}

/// One worker's frame counters. Plain integers: a worker updates its own under its lock, and
/// readers sum the workers' copies (as the kernel sums per-CPU counters).
public struct DataPlaneCounters: Sendable, Equatable {
    /// Frames read from the rx rings.
    public var received: UInt64 = 0
    /// Frames queued on tx rings (forwarded packets, ARP replies, ICMP errors, announcements).
    public var transmitted: UInt64 = 0
    /// Of `transmitted`: ARP replies for VIPs and gratuitous ARPs.
    public var arpSent: UInt64 = 0
    /// Of `transmitted`: ICMP errors built by the director (port unreachable, frag needed, TTL).
    public var icmpSent: UInt64 = 0
    /// Frames not addressed to the director's MAC (flooded unicast, other hosts' traffic).
    public var notForUs: UInt64 = 0
    /// NAT replies handed to another worker's connection table and found there.
    public var deferredFound: UInt64 = 0
    /// TCP super-frames (GSO/GRO, larger than the egress MTU) sent as several segments.
    public var segmented: UInt64 = 0
    /// Indexed by `DirectorPassReason.rawValue`.
    public var passed: [UInt64] = Array(repeating: 0, count: DirectorPassReason.allCases.count)
    /// Indexed by `DirectorDrop.index`.
    public var drops: [UInt64] = Array(repeating: 0, count: DirectorDrop.count)

    public init() {}

    @inline(__always) mutating func count(_ drop: DirectorDrop) { drops[drop.index] &+= 1 }
    mutating func count(_ drop: DirectorDrop, times n: UInt64) { drops[drop.index] &+= n }
    @inline(__always) mutating func count(_ pass: DirectorPassReason) { passed[Int(pass.rawValue)] &+= 1 }

    public func dropped(_ drop: DirectorDrop) -> UInt64 { drops[drop.index] }
    public func passed(_ reason: DirectorPassReason) -> UInt64 { passed[Int(reason.rawValue)] }
    public var totalDropped: UInt64 { drops.reduce(0, &+) }
    public var totalPassed: UInt64 { passed.reduce(0, &+) }

    public static func += (a: inout DataPlaneCounters, b: DataPlaneCounters) {
        a.received &+= b.received
        a.transmitted &+= b.transmitted
        a.arpSent &+= b.arpSent
        a.icmpSent &+= b.icmpSent
        a.notForUs &+= b.notForUs
        a.deferredFound &+= b.deferredFound
        a.segmented &+= b.segmented
        for i in a.passed.indices where i < b.passed.count { a.passed[i] &+= b.passed[i] }
        for i in a.drops.indices where i < b.drops.count { a.drops[i] &+= b.drops[i] }
    }

    /// Non-zero drop counters by label, for logs and tests.
    public var dropsByLabel: [String: UInt64] {
        var out: [String: UInt64] = [:]
        for (i, v) in drops.enumerated() where v != 0 {
            if let d = DirectorDrop(index: i) { out[d.label] = v }
        }
        return out
    }

    public var passedByLabel: [String: UInt64] {
        var out: [String: UInt64] = [:]
        for r in DirectorPassReason.allCases where passed[Int(r.rawValue)] != 0 { out[r.label] = passed[Int(r.rawValue)] }
        return out
    }
}

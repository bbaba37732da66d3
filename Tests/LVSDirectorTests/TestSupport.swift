import LVSControl
import LVSCore
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSWire

@testable import LVSDirector

typealias B = PacketBuilder

/// The director's world in these tests: eth0 on the client LAN 198.18.0.0/24 (real servers for
/// DR/TUN there too), eth1 on the NAT backend 198.18.1.0/24, and a router 198.18.0.254 toward a
/// remote tunnel site 198.18.5.0/24.
enum World {
    static let eth0MAC = mac("02:1b:00:00:02:01"), eth1MAC = mac("02:1b:00:00:02:02")
    static let clientMAC = mac("02:1b:00:00:01:01"), routerMAC = mac("02:1b:00:00:00:fe")
    static let rs1MAC = mac("02:1b:00:00:03:01"), rs2MAC = mac("02:1b:00:00:04:01")
    static let nat1MAC = mac("02:1b:00:00:05:01")
    static let vip = addr("198.18.0.50"), client = addr("198.18.0.100")
    static let director0 = addr("198.18.0.2"), director1 = addr("198.18.1.1")
    static let rs1 = addr("198.18.0.11"), rs2 = addr("198.18.0.12"), nat1 = addr("198.18.1.11")
    static let router = addr("198.18.0.254"), remote = addr("198.18.5.7")

    static let interfaces = [
        DirectorInterface(name: "eth0", index: 2, mac: eth0MAC, mtu: 1500, addresses: [director0]),
        DirectorInterface(name: "eth1", index: 3, mac: eth1MAC, mtu: 1500, addresses: [director1]),
    ]

    static func route(_ cidr: String, _ slot: Int, via: String? = nil) -> DirectorRoute {
        let parts = cidr.split(separator: "/")
        return DirectorRoute(
            prefix: addr(String(parts[0])).v4, prefixLength: Int(parts[1])!, interface: slot,
            gateway: via.map(addr))
    }

    static func snapshot(
        neighbours extra: [NeighbourKey: MACAddress] = [:], vips: Set<InetAddress> = [vip]
    ) -> NetworkView {
        var n: [NeighbourKey: MACAddress] = [
            NeighbourKey(address: rs1, interface: 0): rs1MAC,
            NeighbourKey(address: rs2, interface: 0): rs2MAC,
            NeighbourKey(address: nat1, interface: 1): nat1MAC,
            NeighbourKey(address: router, interface: 0): routerMAC,
        ]
        n.merge(extra) { _, new in new }
        return NetworkView(
            interfaces: interfaces,
            routes: [
                route("198.18.0.0/24", 0), route("198.18.1.0/24", 1),
                route("198.18.5.0/24", 0, via: "198.18.0.254"),
            ],
            neighbours: n, virtualAddresses: vips)
    }

    static let http = ServiceKey.address(.tcp, vip, 80)
    static let dns = ServiceKey.address(.udp, vip, 53)

    static func service(_ key: ServiceKey = http, scheduler: String = "rr") -> AdminOperation {
        .addService(ServiceConfig(key: key, scheduler: scheduler))
    }

    static func server(
        _ address: InetAddress, port: UInt16 = 80, _ method: ForwardMethod = .route,
        weight: Int32 = 1, tunnel: TunnelType = .ipip, tunnelPort: UInt16 = 0,
        in key: ServiceKey = http
    ) -> AdminOperation {
        .addDestination(
            key,
            DestinationConfig(
                key: DestinationKey(address: address, port: port), forward: method,
                weight: weight, tunnelType: tunnel, tunnelPort: tunnelPort))
    }

    static func state(_ ops: [AdminOperation]) throws -> WorkerState {
        let engine = IPVSEngine()
        try engine.apply(ops, now: Instant(milliseconds: 0))
        return WorkerState(engine: engine)
    }
}

/// Client frames toward the VIP, as they arrive on eth0.
func clientTCP(
    port: UInt16 = 40000, flags: TCPFlags = [.syn], ttl: UInt8 = 64, payload: [UInt8] = [],
    checksum: B.ChecksumMode = .full, dontFragment: Bool = true, to destination: InetAddress = World.vip,
    destinationPort: UInt16 = 80
) -> [UInt8] {
    tcpFrame(
        dst: World.eth0MAC, src: World.clientMAC, from: World.client, port, to: destination, destinationPort,
        flags: flags, ttl: ttl, payload: payload, checksum: checksum, dontFragment: dontFragment)
}

func tcpFrame(
    dst: MACAddress, src: MACAddress, from source: InetAddress, _ sourcePort: UInt16, to destination: InetAddress,
    _ destinationPort: UInt16, flags: TCPFlags, ttl: UInt8 = 64, payload: [UInt8] = [],
    checksum: B.ChecksumMode = .full, dontFragment: Bool = true
) -> [UInt8] {
    let l4 = B.tcp(
        source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort,
        flags: flags, payload: payload, checksum: checksum)
    return B.ethernet(
        destination: dst, source: src, etherType: EtherType.ipv4,
        payload: B.ipv4(
            source: source, destination: destination, protocol: IPProtocolNumber.tcp,
            payload: l4, ttl: ttl, dontFragment: dontFragment))
}

/// One frame through the processor: the action and the output bytes (empty unless transmitted).
struct Run {
    var action: TxAction
    var output: [UInt8]
}

func run(
    _ bytes: [UInt8], state: WorkerState, snapshot: NetworkView = World.snapshot(),
    ingress: Ingress = Ingress(interface: 0), now: Int64 = 1000
) -> Run {
    var input = bytes
    var scratch = [UInt8](repeating: 0xEE, count: FrameProcessor.outputHeadroom + 2048)
    return input.withUnsafeMutableBytes { rx in
        scratch.withUnsafeMutableBytes { raw in
            let frame = FrameBuffer(rx)
            var output = FrameBuffer(raw, start: FrameProcessor.outputHeadroom, count: 0)
            let action = FrameProcessor().process(
                frame, ingress: ingress, state: state, neighbours: snapshot,
                now: Instant(milliseconds: now), output: &output)
            switch action {
            case .transmit, .unresolved: return Run(action: action, output: output.bytes)
            default: return Run(action: action, output: [])
            }
        }
    }
}

/// Checksums of a frame that do not verify (empty when all do).
func checksumFailures(_ bytes: [UInt8], guePort: UInt16? = nil) -> [String] {
    var copy = bytes
    return copy.withUnsafeMutableBytes { ChecksumAudit.failures(FrameBuffer($0), guePort: guePort) }
}

func macAt(_ bytes: [UInt8], _ offset: Int) -> MACAddress {
    var v: UInt64 = 0
    for i in 0..<6 where offset + i < bytes.count { v = v << 8 | UInt64(bytes[offset + i]) }
    return MACAddress(v)
}

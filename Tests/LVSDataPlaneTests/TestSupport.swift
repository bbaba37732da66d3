import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDataPlane

typealias B = PacketBuilder

/// The IP packet of an Ethernet frame (padding dropped).
func ipPacket(_ frame: [UInt8]) -> [UInt8] {
    let s = frameSummary(frame)!
    return Array(frame[s.l3Offset..<s.ipEnd])
}

func eth(_ l2: L2Rewrite, vlan: UInt16? = nil, _ ip: [UInt8]) -> [UInt8] {
    B.ethernet(
        destination: l2.destination, source: l2.source, vlanTCI: vlan,
        etherType: ip.first.map { $0 >> 4 == 6 } == true ? EtherType.ipv6 : EtherType.ipv4, payload: ip)
}

/// Arriving at the director from the router (client side) or from the real server.
let fromRouter = L2Rewrite(destination: TestAddresses.directorMAC, source: TestAddresses.routerMAC)
let fromRealServer = L2Rewrite(destination: TestAddresses.directorMAC, source: TestAddresses.realServerMAC)

/// Leaving the director toward the real server or the router (client side).
let toRealServer = L2Rewrite(destination: TestAddresses.realServerMAC, source: TestAddresses.directorMAC)
let toRouter = L2Rewrite(destination: TestAddresses.routerMAC, source: TestAddresses.directorMAC)

func tcp(
    _ l2: L2Rewrite, _ src: InetAddress, _ sport: UInt16, _ dst: InetAddress, _ dport: UInt16,
    flags: TCPFlags = [.syn], payload: [UInt8] = [], checksum: B.ChecksumMode = .full, vlan: UInt16? = nil,
    dontFragment: Bool = true
) -> [UInt8] {
    B.tcpFrame(
        destinationMAC: l2.destination, sourceMAC: l2.source, vlanTCI: vlan, source: src, destination: dst,
        sourcePort: sport, destinationPort: dport, flags: flags, payload: payload, checksum: checksum,
        dontFragment: dontFragment)
}

func udp(
    _ l2: L2Rewrite, _ src: InetAddress, _ sport: UInt16, _ dst: InetAddress, _ dport: UInt16,
    payload: [UInt8] = [0x64, 0x6E, 0x73], checksum: B.ChecksumMode = .full
) -> [UInt8] {
    B.udpFrame(
        destinationMAC: l2.destination, sourceMAC: l2.source, source: src, destination: dst,
        sourcePort: sport, destinationPort: dport, payload: payload, checksum: checksum)
}

/// What the director does with the TTL before a rewrite: time exceeded when the packet dies
/// here, else the decrement.
func decrementHopLimit(_ frame: inout FrameBuffer, _ s: PacketSummary) -> RewriteVerdict {
    if HopLimit.expires(s) {
        return ICMPErrorReply.build(
            &frame, s, kind: .timeExceeded, sourceMAC: TestAddresses.directorMAC,
            dropReason: .hopLimitExceeded)
    }
    HopLimit.decrementAlive(frame, s)
    return .forward
}

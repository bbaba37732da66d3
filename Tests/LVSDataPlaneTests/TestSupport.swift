import Testing
import LVSCore
import LVSWire
@testable import LVSDataPlane
import LVSVocabulary

func addr(_ s: String) -> InetAddress { InetAddress(s)! }
func mac(_ s: String) -> MACAddress { MACAddress(s)! }

/// The lab every fixture lives in: client (behind a router), director, real server.
enum Lab {
    static let routerMAC = mac("02:00:00:00:00:01")
    static let directorMAC = mac("02:00:00:00:00:d1")
    static let realServerMAC = mac("02:00:00:00:00:51")
    static let client4 = addr("198.18.1.10"), vip4 = addr("198.18.0.100")
    static let rip4 = addr("198.18.2.11"), director4 = addr("198.18.2.1"), router4 = addr("198.18.1.1")
    static let client6 = addr("2001:db8:1::10"), vip6 = addr("2001:db8::100")
    static let rip6 = addr("2001:db8:2::11"), director6 = addr("2001:db8:2::1"), router6 = addr("2001:db8:1::1")
    static let toRealServer = L2Rewrite(destination: realServerMAC, source: directorMAC)
    static let toRouter = L2Rewrite(destination: routerMAC, source: directorMAC)
}

typealias B = PacketBuilder

/// Runs `body` over a FrameBuffer holding `bytes` after `headroom` spare bytes; the buffer around
/// the frame holds junk, so a rewrite that reads outside the frame shows in the output.
func withFrame<R>(_ bytes: [UInt8], headroom: Int = 64, _ body: (inout FrameBuffer) throws -> R) rethrows -> R {
    var storage = [UInt8](repeating: 0xEE, count: headroom + bytes.count + 128)
    storage.replaceSubrange(headroom..<(headroom + bytes.count), with: bytes)
    return try storage.withUnsafeMutableBytes { raw in
        var frame = FrameBuffer(raw, start: headroom, count: bytes.count)
        return try body(&frame)
    }
}

func summary(_ bytes: [UInt8]) -> PacketSummary {
    withFrame(bytes) { FrameParser().parse($0).ipSummary! }
}

/// The IP packet of an Ethernet frame (padding dropped).
func ipPacket(_ frame: [UInt8]) -> [UInt8] {
    let s = summary(frame)
    return Array(frame[s.l3Offset..<s.ipEnd])
}

func eth(_ l2: L2Rewrite, vlan: UInt16? = nil, _ ip: [UInt8]) -> [UInt8] {
    B.ethernet(destination: l2.destination, source: l2.source, vlanTCI: vlan,
               etherType: ip.first.map { $0 >> 4 == 6 } == true ? EtherType.ipv6 : EtherType.ipv4, payload: ip)
}

/// Arriving at the director from the router (client side) or from the real server.
let fromRouter = L2Rewrite(destination: Lab.directorMAC, source: Lab.routerMAC)
let fromRealServer = L2Rewrite(destination: Lab.directorMAC, source: Lab.realServerMAC)

func tcp(_ l2: L2Rewrite, _ src: InetAddress, _ sport: UInt16, _ dst: InetAddress, _ dport: UInt16,
         flags: TCPFlags = [.syn], payload: [UInt8] = [], checksum: B.ChecksumMode = .full, vlan: UInt16? = nil,
         dontFragment: Bool = true) -> [UInt8] {
    B.tcpFrame(destinationMAC: l2.destination, sourceMAC: l2.source, vlanTCI: vlan, source: src, destination: dst,
               sourcePort: sport, destinationPort: dport, flags: flags, payload: payload, checksum: checksum,
               dontFragment: dontFragment)
}

func udp(_ l2: L2Rewrite, _ src: InetAddress, _ sport: UInt16, _ dst: InetAddress, _ dport: UInt16,
         payload: [UInt8] = [0x64, 0x6E, 0x73], checksum: B.ChecksumMode = .full) -> [UInt8] {
    B.udpFrame(destinationMAC: l2.destination, sourceMAC: l2.source, source: src, destination: dst,
               sourcePort: sport, destinationPort: dport, payload: payload, checksum: checksum)
}

/// What the director does with the TTL before a rewrite: time exceeded when the packet dies
/// here, else the decrement.
func decrementHopLimit(_ frame: inout FrameBuffer, _ s: PacketSummary) -> RewriteVerdict {
    if HopLimit.expires(s) {
        return ICMPErrorReply.build(&frame, s, kind: .timeExceeded, sourceMAC: Lab.directorMAC,
                                    dropReason: .hopLimitExceeded)
    }
    HopLimit.decrementAlive(frame, s)
    return .forward
}

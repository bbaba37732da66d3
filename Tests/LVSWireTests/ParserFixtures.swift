import LVSCore
import LVSTestSupport
import LVSVocabulary

@testable import LVSWire

/// Frames for parser tests, built with PacketBuilder and then damaged on purpose.
enum Frames {
    typealias B = PacketBuilder
    static let dMAC = TestAddresses.directorMAC, cMAC = TestAddresses.clientMAC

    static func eth4(_ ip: [UInt8], vlan: UInt16? = nil) -> [UInt8] {
        B.ethernet(destination: dMAC, source: cMAC, vlanTCI: vlan, etherType: EtherType.ipv4, payload: ip)
    }
    static func eth6(_ ip: [UInt8]) -> [UInt8] {
        B.ethernet(destination: dMAC, source: cMAC, etherType: EtherType.ipv6, payload: ip)
    }

    static func tcp4(flags: TCPFlags = [.syn], payload: [UInt8] = [], vlan: UInt16? = nil) -> [UInt8] {
        B.tcpFrame(
            destinationMAC: dMAC, sourceMAC: cMAC, vlanTCI: vlan,
            source: TestAddresses.client4, destination: TestAddresses.vip4,
            sourcePort: 40000, destinationPort: 80, flags: flags, payload: payload)
    }
    static func udp4(payload: [UInt8] = [1, 2, 3, 4]) -> [UInt8] {
        B.udpFrame(
            destinationMAC: dMAC, sourceMAC: cMAC,
            source: TestAddresses.client4, destination: TestAddresses.vip4,
            sourcePort: 5353, destinationPort: 53, payload: payload)
    }
    static func tcp6(payload: [UInt8] = []) -> [UInt8] {
        B.tcpFrame(
            destinationMAC: dMAC, sourceMAC: cMAC,
            source: TestAddresses.client6, destination: TestAddresses.vip6,
            sourcePort: 40000, destinationPort: 443, flags: [.ack, .psh], payload: payload)
    }

    /// IPv4 frame around an arbitrary L4 payload.
    static func ip4(
        _ proto: UInt8, _ l4: [UInt8], dontFragment: Bool = true, moreFragments: Bool = false,
        fragmentOffset: Int = 0, options: [UInt8] = []
    ) -> [UInt8] {
        eth4(
            B.ipv4(
                source: TestAddresses.client4, destination: TestAddresses.vip4, protocol: proto, payload: l4,
                dontFragment: dontFragment, moreFragments: moreFragments, fragmentOffset: fragmentOffset,
                options: options))
    }
    static func ip6(_ next: UInt8, _ l4: [UInt8]) -> [UInt8] {
        eth6(B.ipv6(source: TestAddresses.client6, destination: TestAddresses.vip6, nextHeader: next, payload: l4))
    }

    /// An IPv6 extension header (hop-by-hop, routing, destination options) of 8 bytes.
    static func ext(next: UInt8) -> [UInt8] { [next, 0, 1, 4, 0, 0, 0, 0] }

    /// The packet a client got from the VIP, as a router quotes it in an ICMP error.
    static func quotedReply4(bytes: Int = 28) -> [UInt8] {
        let tcp = B.tcp(
            source: TestAddresses.vip4, destination: TestAddresses.client4,
            sourcePort: 80, destinationPort: 40000,
            flags: [.ack], payload: [UInt8](repeating: 0x61, count: 100))
        let ip = B.ipv4(
            source: TestAddresses.vip4, destination: TestAddresses.client4, protocol: IPProtocolNumber.tcp,
            payload: tcp)
        return Array(ip.prefix(bytes))
    }

    static func icmp4Error(quote: [UInt8], type: UInt8 = 3, code: UInt8 = 4, rest: UInt32 = 1400) -> [UInt8] {
        let router = addr("198.18.1.1")
        let icmp = B.icmp(type: type, code: code, restOfHeader: rest, payload: quote)
        return eth4(
            B.ipv4(
                source: router, destination: TestAddresses.vip4, protocol: IPProtocolNumber.icmp,
                payload: icmp))
    }

    static func set(_ bytes: [UInt8], _ at: Int, _ value: UInt8) -> [UInt8] {
        var b = bytes
        if at < b.count { b[at] = value }
        return b
    }
    static func set16(_ bytes: [UInt8], _ at: Int, _ value: UInt16) -> [UInt8] {
        set(set(bytes, at, UInt8(value >> 8)), at + 1, UInt8(value & 0xFF))
    }
    /// Recomputes the IPv4 header checksum at `l3` after a deliberate change.
    static func refix4(_ bytes: [UInt8], l3: Int = 14) -> [UInt8] {
        var b = bytes
        b.withUnsafeMutableBytes { raw in IPv4Header(FrameBuffer(raw), at: l3).updateChecksum() }
        return b
    }
}

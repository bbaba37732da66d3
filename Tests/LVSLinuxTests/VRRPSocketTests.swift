import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSVocabulary
import LVSWire
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// VRRP's sockets between two namespaces: what leaves (TTL / hop limit 255, TOS 0xc0, our
/// source) and what the receiver learns (the IPv4 header; IPv6's hop limit and destination from
/// ancillary data), and that our own adverts do not come back to us.
@Suite(
    "VRRP sockets", .serialized, Root.required(for: "network namespaces, raw sockets", to: "exercise VRRPSocket"),
    requireTool("ip", package: "iproute2"))
struct VRRPSocketTests {
    static func advert(_ family: InetAddress.Family) -> VRRPAdvertisement {
        VRRPAdvertisement(
            version: family == .inet ? .v2 : .v3, virtualRouterID: 51, priority: 120, advertisementInterval: 100,
            addresses: [family == .inet ? InetAddress("198.18.0.100")! : InetAddress("2001:db8::100")!],
            authentication: .none)
    }

    /// The first datagram from `source` within `seconds` (other traffic, MLD say, is skipped).
    static func receive(_ socket: VRRPSocket, from source: InetAddress, seconds: Int = 3) throws -> VRRPDatagram? {
        for _ in 0..<(seconds * 10) {
            if let datagram = try socket.receive(timeoutMilliseconds: 100), datagram.source == source {
                return datagram
            }
        }
        return nil
    }

    /// Sends until the source address is usable (an IPv6 link-local address is tentative while
    /// duplicate address detection runs).
    static func send(_ message: [UInt8], from socket: VRRPSocket, to destination: InetAddress) throws {
        var attempts = 0
        while true {
            attempts += 1
            let sent: Bool
            do {
                try socket.send(message, to: destination)
                sent = true
            } catch {
                if attempts >= 30 { throw error }
                sent = false
            }
            if sent { return }
            usleep(100_000)
        }
    }

    @Test("IPv4: the receiver gets the packet with its header, TTL 255 and TOS 0xc0; no loop back")
    func ipv4() throws {
        let lab = try Lab.create(name: "vrrpsock4", hosts: Array(LabTopology.flat()[0...1]))
        defer { lab.destroy() }
        let sender = try lab["director"].run { try VRRPSocket.open(family: .inet, interfaceName: "eth0") }
        let receiver = try lab["client"].run { try VRRPSocket.open(family: .inet, interfaceName: "eth0") }
        #expect(sender.sourceAddress == InetAddress(LabTopology.directorLAN))
        let message = VRRPPacket.message(
            Self.advert(.inet), source: sender.sourceAddress, destination: VRRPPacket.ipv4Group)
        try Self.send(message, from: sender, to: VRRPPacket.ipv4Group)
        let datagram = try #require(try Self.receive(receiver, from: sender.sourceAddress))
        #expect(datagram.includesIPHeader)
        #expect(datagram.bytes.count == 20 + message.count)
        #expect(datagram.bytes[1] == 0xC0, "TOS")
        #expect(datagram.bytes[8] == 255, "TTL")
        #expect(datagram.bytes[9] == 112, "protocol")
        #expect(Array(datagram.bytes[16..<20]) == VRRPPacket.ipv4Group.bytes)
        #expect(Array(datagram.bytes.dropFirst(20)) == message)
        #expect(try Self.receive(sender, from: sender.sourceAddress, seconds: 1) == nil, "multicast loop is off")
    }

    @Test("IPv6: hop limit 255 and the group as destination from ancillary data; link-local source")
    func ipv6() throws {
        let lab = try Lab.create(name: "vrrpsock6", hosts: Array(LabTopology.flat()[0...1]))
        defer { lab.destroy() }
        // The link-local address appears when the interface comes up; wait for it.
        var sender: VRRPSocket?
        for _ in 0..<30 where sender == nil {
            sender = try? lab["director"].run { try VRRPSocket.open(family: .inet6, interfaceName: "eth0") }
            if sender == nil { usleep(100_000) }
        }
        let from = try #require(sender)
        let receiver = try lab["client"].run { try VRRPSocket.open(family: .inet6, interfaceName: "eth0") }
        #expect(from.sourceAddress.high >> 48 == 0xFE80)
        let message = VRRPPacket.message(
            Self.advert(.inet6), source: from.sourceAddress, destination: VRRPPacket.ipv6Group)
        try Self.send(message, from: from, to: VRRPPacket.ipv6Group)
        let datagram = try #require(try Self.receive(receiver, from: from.sourceAddress))
        #expect(!datagram.includesIPHeader)
        #expect(datagram.bytes == message)
        #expect(datagram.hopLimit == 255)
        #expect(datagram.destination == VRRPPacket.ipv6Group)
    }
}

import Foundation
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSVocabulary
import LVSWire
import Testing

extension DirectorLabTests {
    @Test("a storm of malformed frames is dropped by reason and forwarding goes on")
    func malformedStorm() throws {
        let lab = try DirectorLab(name: "storm", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        try lab.startDirectRoutingServers(vip: Self.vip)
        let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0"], workers: 2)
        ipvsadm.addService("-t \(Self.vip):80", servers: ["198.18.0.11", "198.18.0.12"], forward: "-g")

        let to = MACAddress(directorHost.primary.mac.description)!
        let from = MACAddress(client.primary.mac.description)!
        let clientIP = InetAddress("198.18.0.100")!
        let vip = InetAddress(Self.vip)!
        func syn(_ port: UInt16, moreFragments: Bool = false) -> [UInt8] {
            let l4 = PacketBuilder.tcp(
                source: clientIP, destination: vip, sourcePort: port, destinationPort: 80, flags: [.syn])
            return PacketBuilder.ethernet(
                destination: to, source: from, etherType: EtherType.ipv4,
                payload:
                    PacketBuilder.ipv4(
                        source: clientIP, destination: vip, protocol: IPProtocolNumber.tcp, payload: l4,
                        moreFragments: moreFragments))
        }
        var storm: [[UInt8]] = []
        for i in 0..<50 {
            var badChecksum = syn(UInt16(20000 + i))
            badChecksum[24] ^= 0x5A
            var badOffset = syn(UInt16(21000 + i))
            badOffset[46] = 0x10
            storm += [
                badChecksum, badOffset, syn(UInt16(22000 + i), moreFragments: true),
                Array(syn(UInt16(23000 + i)).prefix(30)),
            ]
        }
        let config = PacketRingConfiguration.small(blocks: 4, txFrames: 256)
        let injector = try client.run { try PacketRing(interface: "eth0", configuration: config) }
        for frame in storm { #expect(injector.send(frame)) }
        try injector.flush()

        let answers = try client.lines(Programs.httpGets("http://\(Self.vip)/", count: 4))
        #expect(Set(answers) == ["rs1", "rs2"])
        let counters = director.counters()
        #expect(counters.dropped(.wire(.badIPv4Checksum)) == 50)
        #expect(counters.dropped(.wire(.badTCPDataOffset)) == 50)
        #expect(counters.dropped(.wire(.ipv4Fragment)) == 50)
        #expect(counters.dropped(.wire(.truncatedIPv4)) == 50)
        let snap = director.control.snapshot(includeConnections: false)
        #expect(snap.services.first?.counters.connections == 4)
    }
}

extension DirectorLabTests {
    @Test("frames the kernel drops on a full rx ring (a stalled worker) are counted as receive_ring_full")
    func receiveRingFull() throws {
        let lab = try DirectorLab(name: "ringfull", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        var ring = Director.defaultRing
        ring.blockSize = 1 << 16
        ring.blockCount = 2  // 64 slots of 2 KiB
        let (director, _) = try lab.startDirector(interfaces: ["eth0"], workers: 1, ring: ring)
        let config = PacketRingConfiguration.small(blocks: 2, txFrames: 512)
        let injector = try client.run { try PacketRing(interface: "eth0", configuration: config) }
        let to = directorHost.primary.mac
        let from = client.primary.mac
        let frame = PacketBuilder.udpFrame(
            destinationMAC: to, sourceMAC: from, source: InetAddress("198.18.0.100")!,
            destination: InetAddress("198.18.0.77")!, sourcePort: 1, destinationPort: 9)

        // The worker runs a job that holds it for 300 ms while 400 frames arrive.
        let slot = director.control.slots[0]
        let stalled = Thread { slot.perform { _ in _ = usleep(300_000) } }
        stalled.start()
        usleep(50_000)
        for _ in 0..<400 { #expect(injector.send(frame)) }
        try injector.flush()
        usleep(600_000)  // the stall ends and the next engine tick reads the ring's statistics
        let counters = director.counters()
        let dropped = counters.dropped(.director(.receiveRingFull))
        // The ring (64 slots) kept some, the kernel dropped the rest; each frame is either
        // seen by the worker or counted.
        #expect(dropped > 0 && dropped < 400, "\(dropped)")
        #expect(counters.received + dropped >= 400, "received \(counters.received), dropped \(dropped)")
    }
}

import LVSCore
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

extension DirectorLabTests {
    @Test(
        "the fanout program gives each client to one worker: its requests, the NAT replies (other tuples) and ICMP errors about them"
    )
    func clientFlowSteering() throws {
        let lab = try Lab.create(name: "steer", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        let config = PacketRingConfiguration.small(.frames, txFrames: 256)
        var steered = config
        steered.fanout = PacketFanout(groupID: 0x5e7, mode: .classicBPF, program: ClientFlowSteering.program)
        let workers = try director.run {
            [
                try PacketRing(interface: "eth0", configuration: steered),
                try PacketRing(interface: "eth0", configuration: steered),
            ]
        }
        let injector = try client.run { try PacketRing(interface: "eth0", configuration: config) }
        let to = MACAddress(director.primary.mac.description)!
        let from = MACAddress(client.primary.mac.description)!
        let vip = InetAddress("198.18.0.50")!
        let real = InetAddress("198.18.1.11")!

        // 16 clients with 3 connections each; per connection the request and the real server's
        // reply (port mapped 80 -> 8080 for some), over TCP for even clients, UDP for odd ones.
        let clients = 16
        let connections = 3
        for c in 0..<clients {
            let client = InetAddress("198.18.0.\(100 + c)")!
            for k in 0..<connections {
                let port = UInt16(40000 + c * 16 + k * 5)
                let realPort: UInt16 = k == 1 ? 8080 : 80
                let frames: [[UInt8]] =
                    c % 2 == 0
                    ? [
                        PacketBuilder.tcpFrame(
                            destinationMAC: to, sourceMAC: from, source: client, destination: vip,
                            sourcePort: port, destinationPort: 80, flags: [.syn]),
                        PacketBuilder.tcpFrame(
                            destinationMAC: to, sourceMAC: from, source: real, destination: client,
                            sourcePort: realPort, destinationPort: port, flags: [.syn, .ack]),
                    ]
                    : [
                        PacketBuilder.udpFrame(
                            destinationMAC: to, sourceMAC: from, source: client, destination: vip,
                            sourcePort: port, destinationPort: 53),
                        PacketBuilder.udpFrame(
                            destinationMAC: to, sourceMAC: from, source: real, destination: client,
                            sourcePort: realPort, destinationPort: port),
                    ]
                for f in frames { #expect(injector.send(f)) }
            }
            // ICMP errors about the first connection: port unreachable from the real server
            // (quoting the request it got), fragmentation needed to the VIP (quoting the reply).
            let port = UInt16(40000 + c * 16)
            let request = PacketBuilder.ipv4(
                source: client, destination: real, protocol: IPProtocolNumber.udp,
                payload: PacketBuilder.udp(
                    source: client, destination: real, sourcePort: port,
                    destinationPort: 80))
            let reply = PacketBuilder.ipv4(
                source: vip, destination: client, protocol: IPProtocolNumber.tcp,
                payload: PacketBuilder.tcp(
                    source: vip, destination: client, sourcePort: 80,
                    destinationPort: port, flags: [.ack]))
            for (source, destination, code, quote) in [
                (real, client, ICMPType.portUnreachableCode, request),
                (client, vip, ICMPType.fragmentationNeededCode, reply),
            ] {
                let icmp = PacketBuilder.icmp(type: ICMPType.destinationUnreachable, code: code, payload: quote)
                #expect(
                    injector.send(
                        PacketBuilder.ethernet(
                            destination: to, source: from, etherType: EtherType.ipv4,
                            payload: PacketBuilder.ipv4(
                                source: source, destination: destination, protocol: IPProtocolNumber.icmp,
                                payload: icmp))))
            }
        }
        try injector.flush()

        // Client address (last byte) -> the workers that saw any of its frames.
        var seenBy: [UInt8: Set<Int>] = [:]
        var frames = 0
        let expected = clients * (connections * 2 + 2)
        let deadline = MonotonicClock.now().milliseconds + 3000
        while frames < expected, MonotonicClock.now().milliseconds < deadline {
            _ = try PacketRing.waitForAny(workers, timeoutMilliseconds: 20)
            for (w, ring) in workers.enumerated() {
                ring.receive(maxBlocks: 4) { f in
                    let b = Array(f.bytes)
                    guard b.count >= 38, b[12] == 0x08, b[13] == 0x00, [1, 6, 17].contains(b[23]) else { return }
                    // The client is whichever outer address is one of 198.18.0.100-115.
                    let isClient = { (i: Int) in
                        b[i] == 198 && b[i + 1] == 18 && b[i + 2] == 0 && (100..<116).contains(b[i + 3])
                    }
                    guard let at = [26, 30].first(where: isClient) else { return }
                    seenBy[b[at + 3], default: []].insert(w)
                    frames += 1
                }
            }
        }
        #expect(frames == expected)
        #expect(seenBy.count == clients)
        #expect(seenBy.values.allSatisfy { $0.count == 1 }, "a client's frames reached different workers: \(seenBy)")
        let perWorker = (0..<2).map { w in seenBy.values.filter { $0.contains(w) }.count }
        #expect(perWorker.allSatisfy { $0 > 0 }, "every client went to one worker: \(perWorker)")
    }
}

@testable import LVSDirector
import LVSCore
import LVSLab
import LVSLinux
import LVSWire
import Testing

extension DirectorLabTests {
    @Test("the fanout program sends a NAT request and its reply (different tuples) to the same worker, TCP and UDP")
    func clientFlowSteering() throws {
        let lab = try Lab.create(name: "steer", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"], director = lab["director"]
        var config = PacketRingConfiguration()
        config.layout = .frames
        config.blockSize = 1 << 16
        config.blockCount = 8
        config.txFrameCount = 256
        var steered = config
        steered.fanout = PacketFanout(groupID: 0x5e7, mode: .classicBPF, program: ClientFlowSteering.program)
        let workers = try director.run {
            [try PacketRing(interface: "eth0", configuration: steered), try PacketRing(interface: "eth0", configuration: steered)]
        }
        let injector = try client.run { try PacketRing(interface: "eth0", configuration: config) }
        let to = MACAddress(director.primary.mac.description)!, from = MACAddress(client.primary.mac.description)!
        let clientIP = InetAddress("198.18.0.100")!, vip = InetAddress("198.18.0.50")!, real = InetAddress("198.18.1.11")!

        // Per flow: the request, the reply from the real server (port mapped 80 -> 8080 for half).
        let flows = 32
        for i in 0..<flows {
            let port = UInt16(40000 + i * 7), realPort: UInt16 = i % 2 == 0 ? 80 : 8080
            let frames: [[UInt8]] = i % 4 < 2
                ? [PacketBuilder.tcpFrame(destinationMAC: to, sourceMAC: from, source: clientIP, destination: vip,
                                          sourcePort: port, destinationPort: 80, flags: [.syn]),
                   PacketBuilder.tcpFrame(destinationMAC: to, sourceMAC: from, source: real, destination: clientIP,
                                          sourcePort: realPort, destinationPort: port, flags: [.syn, .ack])]
                : [PacketBuilder.udpFrame(destinationMAC: to, sourceMAC: from, source: clientIP, destination: vip,
                                          sourcePort: port, destinationPort: 53),
                   PacketBuilder.udpFrame(destinationMAC: to, sourceMAC: from, source: real, destination: clientIP,
                                          sourcePort: realPort, destinationPort: port)]
            for f in frames { #expect(injector.send(f)) }
        }
        try injector.flush()

        // Client port -> the workers that saw its request and its reply.
        var seenBy: [UInt16: Set<Int>] = [:]
        var frames = 0
        let deadline = MonotonicClock.now().milliseconds + 3000
        while frames < 2 * flows, MonotonicClock.now().milliseconds < deadline {
            _ = try PacketRing.waitForAny(workers, timeoutMilliseconds: 20)
            for (w, ring) in workers.enumerated() {
                ring.receive(maxBlocks: 4) { f in
                    let b = Array(f.bytes)
                    guard b.count >= 38, b[12] == 0x08, b[13] == 0x00, b[23] == 6 || b[23] == 17 else { return }
                    let sport = UInt16(b[34]) << 8 | UInt16(b[35]), dport = UInt16(b[36]) << 8 | UInt16(b[37])
                    let clientPort = max(sport, dport)
                    guard clientPort >= 40000 else { return }
                    seenBy[clientPort, default: []].insert(w)
                    frames += 1
                }
            }
        }
        #expect(frames == 2 * flows)
        #expect(seenBy.count == flows)
        #expect(seenBy.values.allSatisfy { $0.count == 1 }, "a flow's halves reached different workers: \(seenBy)")
        let perWorker = (0..<2).map { w in seenBy.values.filter { $0.contains(w) }.count }
        #expect(perWorker.allSatisfy { $0 > 0 }, "every flow went to one worker: \(perWorker)")
    }
}

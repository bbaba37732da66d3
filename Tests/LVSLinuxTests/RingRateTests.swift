import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSVocabulary
import LVSWire
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A bounded blaster: opt in with LVS_LAB_BENCH=1 (it loads both cores for a few seconds).
@Suite(
    "AF_PACKET ring rate (LVS_LAB_BENCH=1)", .serialized,
    .enabled(
        if: Root.isRoot && getenv("LVS_LAB_BENCH") != nil, "set LVS_LAB_BENCH=1 (and run as root) to measure ring rates"
    ))
struct RingRateTests {
    @Test("client tx ring -> bridge -> director rx ring, 64-byte UDP frames")
    func blast() throws {
        let total = Int(getenv("LVS_LAB_BENCH_FRAMES").flatMap { Int(String(cString: $0)) } ?? 300_000)
        let lab = try Lab.create(name: "rate", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        var rxConfig = PacketRingConfiguration()
        rxConfig.txFrameCount = 0
        rxConfig.blockSize = 1 << 20
        rxConfig.blockCount = 16
        // LVS_LAB_BENCH_OTHERHOST=1: address frames to a foreign MAC and capture promiscuously, so
        // the director's kernel drops them at once instead of routing them (isolates the ring cost).
        let otherHost = getenv("LVS_LAB_BENCH_OTHERHOST") != nil
        rxConfig.promiscuous = otherHost
        var txConfig = PacketRingConfiguration()
        txConfig.txFrameCount = 4096
        txConfig.blockCount = 2
        txConfig.qdiscBypass = true
        let rx = try director.run { try PacketRing(interface: "eth0", configuration: rxConfig) }
        let tx = try client.run { try PacketRing(interface: "eth0", configuration: txConfig) }
        _ = try rx.statistics()

        let received = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let rxDone = Atomic<Int64>(0)
        let receiver = try WorkerThread(name: "bench-rx") {
            var n = 0
            while !stop.load(ordering: .relaxed) {
                _ = try? rx.waitForFrames(timeoutMilliseconds: 10)
                rx.receive(maxBlocks: 16) { f in
                    // UDP destination port 9999 at offset 36 (no options, no VLAN).
                    if f.bytes.count >= 42, f.bytes[36] == 0x27, f.bytes[37] == 0x0f { n &+= 1 }
                }
                received.store(n, ordering: .relaxed)
                if n >= total {
                    rxDone.store(monotonicMilliseconds(), ordering: .relaxed)
                    break
                }
            }
        }
        let frame = TestFrames.udp(
            from: client.primary.mac, to: otherHost ? MACAddress(2, 0x1b, 0xff, 0, 0, 1) : director.primary.mac,
            source: "198.18.0.100",
            destination: LabTopology.virtualAddress, sourcePort: 1234, destinationPort: 9999,
            payload: [UInt8](repeating: 0, count: 18))
        #expect(frame.count == 60)
        let start = monotonicMilliseconds()
        let deadline = start + 10_000
        var sent = 0
        try frame.withUnsafeBytes { bytes in
            while sent < total, monotonicMilliseconds() < deadline {
                if tx.send(bytes) {
                    sent += 1
                    if tx.pendingTransmits >= 256 { try tx.flush() }
                } else {
                    try tx.flush()
                    try tx.waitUntilWritable(timeoutMilliseconds: 10)
                }
            }
            try tx.flush()
        }
        let txEnd = monotonicMilliseconds()
        // Let the receiver drain, then stop it.
        let drainUntil = monotonicMilliseconds() + 1000
        while received.load(ordering: .relaxed) < sent, monotonicMilliseconds() < drainUntil { usleep(10_000) }
        stop.store(true, ordering: .relaxed)
        receiver.join()
        let got = received.load(ordering: .relaxed)
        let rxEnd = rxDone.load(ordering: .relaxed) == 0 ? monotonicMilliseconds() : rxDone.load(ordering: .relaxed)
        let stats = try rx.statistics()
        let txRate = Double(sent) / Double(max(1, txEnd - start)) * 1000
        let rxRate = Double(got) / Double(max(1, rxEnd - start)) * 1000
        print(
            "ring rate (\(otherHost ? "foreign MAC, promiscuous" : "to director MAC")): sent \(sent) in \(txEnd - start) ms (\(Int(txRate)) frames/s); received \(got) (\(Int(rxRate)) frames/s); ring drops \(stats.drops), freezes \(stats.freezes)"
        )
        #expect(sent == total)
        #expect(got > 0)
    }
}

import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSWire
import LVSXDP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What one packet costs the XDP program, as the kernel measures it (BPF_PROG_TEST_RUN with a
/// repeat count: the program's own time, without driver or wire). Opt in with LVS_LAB_BENCH=1.
///
/// A test run repeats on the same buffer, so each repetition sees the previous one's output: DR
/// runs 250 times on a TTL-255 frame (each decrements it once), NAT ping-pongs between two entries
/// (VIP -> RIP, RIP -> VIP), a tunnel (whose output is no longer the flow's packet) runs once per
/// call. Each figure is the median of 501 calls.
@Suite(
    "XDP program cost (LVS_LAB_BENCH=1)", .serialized,
    .enabled(
        if: Root.isRoot && getenv("LVS_LAB_BENCH") != nil, "set LVS_LAB_BENCH=1 (and run as root) to measure"))
struct XDPProgramCostTests {
    typealias B = PacketBuilder

    @Test func nanosecondsPerPacket() throws {
        let loaded = try XDPFastPathProgram(object: try XDPObjectBuild.object.get(), maxEntries: 1 << 18)
        let c4 = TestAddresses.client4
        let v4 = TestAddresses.vip4
        let r4 = TestAddresses.rip4
        let payload = [UInt8](repeating: 0x61, count: 64)
        func frame(to destination: InetAddress, port: UInt16) -> [UInt8] {
            B.ethernet(
                destination: TestAddresses.directorMAC, source: TestAddresses.routerMAC, etherType: EtherType.ipv4,
                payload: B.ipv4(
                    source: c4, destination: destination, protocol: 6,
                    payload: B.tcp(
                        source: c4, destination: destination, sourcePort: 40000, destinationPort: port, flags: [.ack],
                        payload: payload),
                    ttl: 255))
        }
        func entry(_ method: XDPFlowEntry.Method) -> XDPFlowEntry {
            XDPFlowEntry(
                method: method, destinationMAC: TestAddresses.realServerMAC, sourceMAC: TestAddresses.directorMAC,
                interfaceIndex: 2, transmitOnIngress: true, counterSlot: 0)
        }
        func median(_ input: [UInt8], repeat count: UInt32) throws -> (UInt32, UInt32) {
            var samples: [UInt32] = []
            var action: UInt32 = 0
            for _ in 0..<501 {
                let run = try loaded.program.testRun(frame: input, repeat: count)
                samples.append(run.nanosecondsPerRun)
                action = run.action
            }
            return (samples.sorted()[samples.count / 2], action)
        }
        // A table as large as a busy director's, so the hash lookup is not a one-entry best case.
        for i in 0..<UInt32(100_000) {
            let other = XDPFlowKey(
                ipProtocol: 6, source: InetAddress(v4: 0xC612_0000 | i), sourcePort: 1, destination: v4,
                destinationPort: 80)
            try loaded.setFlow(other, entry(.directRouting))
        }
        let toVIP = XDPFlowKey(ipProtocol: 6, source: c4, sourcePort: 40000, destination: v4, destinationPort: 80)
        let toRIP = XDPFlowKey(ipProtocol: 6, source: c4, sourcePort: 40000, destination: r4, destinationPort: 8080)
        var report: [String] = []

        try loaded.setFlow(toVIP, entry(.directRouting))
        let (dr, drAction) = try median(frame(to: v4, port: 80), repeat: 250)
        #expect(drAction == 3)
        report.append("DR \(dr) ns")

        try loaded.setFlow(toVIP, entry(.natToRealServer(address: r4, port: 8080)))
        try loaded.setFlow(toRIP, entry(.natToRealServer(address: v4, port: 80)))
        let (nat, natAction) = try median(frame(to: v4, port: 80), repeat: 250)
        #expect(natAction == 3)
        report.append("NAT \(nat) ns")

        try loaded.setFlow(toVIP, entry(.tunnel(source: TestAddresses.director4, destination: r4, mtu: 1500)))
        let (tunnel, tunnelAction) = try median(frame(to: v4, port: 80), repeat: 1)
        #expect(tunnelAction == 3)
        report.append("TUN ipip \(tunnel) ns (single runs)")

        let (miss, missAction) = try median(frame(to: TestAddresses.vip4, port: 81), repeat: 250)
        #expect(missAction == 2)
        report.append("no entry (XDP_PASS) \(miss) ns")
        print("XDP program per packet, 100k-entry map: " + report.joined(separator: ", "))
    }
}

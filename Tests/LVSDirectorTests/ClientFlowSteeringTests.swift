import LVSLinux
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

/// The sync daemon puts a received connection into the worker the fanout program will give
/// the client's packets to; its Swift mirror must choose as the program does. The program runs
/// here in a small classic-BPF interpreter (the opcodes it uses), the kernel's way: loads
/// relative to the network header, the result modulo the group's size.
@Suite struct ClientFlowSteeringTests {
    @Test("the Swift choice of worker equals the fanout program's for IPv4 and IPv6, TCP and UDP, both directions")
    func mirrorEqualsProgram() {
        var clients: [InetAddress] = (0..<40).map { InetAddress("198.18.\($0 / 8).\(1 + $0 * 37 % 250)")! }
        clients += (0..<24).map { InetAddress("2001:db8:\($0):5::\(1 + $0 * 91)")! }
        let vip4 = InetAddress("198.18.0.50")!
        let vip6 = InetAddress("2001:db8::50")!
        var checked = 0
        for client in clients {
            let vip = client.isV4 ? vip4 : vip6
            let etherType: UInt32 = client.isV4 ? 0x0800 : 0x86DD
            let packets: [[UInt8]] = [
                // Client -> VIP (the client has the higher port), TCP and UDP.
                PacketBuilder.ip(
                    source: client, destination: vip, protocol: IPProtocolNumber.tcp,
                    payload: PacketBuilder.tcp(
                        source: client, destination: vip, sourcePort: 40000, destinationPort: 80, flags: [.syn])),
                PacketBuilder.ip(
                    source: client, destination: vip, protocol: IPProtocolNumber.udp,
                    payload: PacketBuilder.udp(source: client, destination: vip, sourcePort: 51000, destinationPort: 53)
                ),
                // A NAT reply: real server -> client.
                PacketBuilder.ip(
                    source: InetAddress(client.isV4 ? "198.18.1.11" : "2001:db8:1::11")!, destination: client,
                    protocol: IPProtocolNumber.tcp,
                    payload: PacketBuilder.tcp(
                        source: vip, destination: client, sourcePort: 8080, destinationPort: 40000, flags: [.ack])),
            ]
            for packet in packets {
                let result = ClassicBPFInterpreter.run(ClientFlowSteering.program, packet: packet, etherType: etherType)
                for workers in 2...5 {
                    #expect(
                        ClientFlowSteering.worker(forClient: client, workers: workers) == Int(result % UInt32(workers)),
                        "client \(client), \(workers) workers")
                    checked += 1
                }
            }
        }
        #expect(checked == 64 * 3 * 4)
        // One worker: always 0.
        #expect(ClientFlowSteering.worker(forClient: vip4, workers: 1) == 0)
    }
}

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

/// Classic BPF as the kernel runs a fanout program, for the opcodes `ClassicBPF` names; loads
/// at SKF_NET_OFF offsets read the IP packet given, SKF_AD_PROTOCOL is the EtherType.
enum ClassicBPFInterpreter {
    static func run(_ program: [ClassicBPFInstruction], packet: [UInt8], etherType: UInt32) -> UInt32 {
        var a: UInt32 = 0
        var x: UInt32 = 0
        var memory = [UInt32](repeating: 0, count: 16)
        var pc = 0
        func net(_ k: UInt32) -> Int { Int(Int32(bitPattern: k)) + 0x100000 }
        func load(_ offset: Int, _ size: Int) -> UInt32 {
            guard offset >= 0, offset + size <= packet.count else { return 0 }
            return (0..<size).reduce(0) { $0 << 8 | UInt32(packet[offset + $1]) }
        }
        while pc < program.count {
            let i = program[pc]
            pc += 1
            switch i.code {
            case ClassicBPF.loadWordAbsolute where i.k == ClassicBPF.ancillaryProtocol: a = etherType
            case ClassicBPF.loadWordAbsolute: a = load(net(i.k), 4)
            case ClassicBPF.loadHalfAbsolute: a = load(net(i.k), 2)
            case ClassicBPF.loadByteAbsolute: a = load(net(i.k), 1)
            case ClassicBPF.loadWordIndirect: a = load(Int(x) + net(i.k), 4)
            case ClassicBPF.loadHalfIndirect: a = load(Int(x) + net(i.k), 2)
            case ClassicBPF.loadByteIndirect: a = load(Int(x) + net(i.k), 1)
            case ClassicBPF.loadXHeaderLength: x = 4 * (load(net(i.k), 1) & 0x0f)
            case ClassicBPF.loadXMemory: x = memory[Int(i.k)]
            case ClassicBPF.storeMemory: memory[Int(i.k)] = a
            case ClassicBPF.jumpAlways: pc += Int(i.k)
            case ClassicBPF.jumpIfEqualK: pc += Int(a == i.k ? i.jumpIfTrue : i.jumpIfFalse)
            case ClassicBPF.jumpIfGreaterK: pc += Int(a > i.k ? i.jumpIfTrue : i.jumpIfFalse)
            case ClassicBPF.jumpIfEqualX: pc += Int(a == x ? i.jumpIfTrue : i.jumpIfFalse)
            case ClassicBPF.jumpIfGreaterX: pc += Int(a > x ? i.jumpIfTrue : i.jumpIfFalse)
            case ClassicBPF.jumpGreaterOrEqualX: pc += Int(a >= x ? i.jumpIfTrue : i.jumpIfFalse)
            case ClassicBPF.jumpIfAnyBitK: pc += Int(a & i.k != 0 ? i.jumpIfTrue : i.jumpIfFalse)
            case ClassicBPF.xorX: a ^= x
            case ClassicBPF.multiplyK: a = a &* i.k
            case ClassicBPF.shiftRightK: a >>= i.k
            case ClassicBPF.copyAToX: x = a
            case ClassicBPF.returnA: return a
            default:
                Issue.record("opcode \(i.code) not interpreted")
                return 0
            }
        }
        return 0
    }
}

import LVSLinux
import Testing

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

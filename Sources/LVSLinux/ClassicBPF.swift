#if canImport(Glibc)
import Glibc
#endif
import CLVSLinux

/// One classic BPF instruction (struct sock_filter), for socket filters and fanout programs.
public struct ClassicBPFInstruction: Sendable, Equatable {
    public var code: UInt16
    public var jumpIfTrue: UInt8
    public var jumpIfFalse: UInt8
    public var k: UInt32

    public init(_ code: UInt16, _ jumpIfTrue: UInt8 = 0, _ jumpIfFalse: UInt8 = 0, _ k: UInt32 = 0) {
        self.code = code
        self.jumpIfTrue = jumpIfTrue
        self.jumpIfFalse = jumpIfFalse
        self.k = k
    }
}

/// The opcodes and special offsets of classic BPF (linux/filter.h), as plain numbers so a
/// program reads like its assembly.
public enum ClassicBPF {
    public static let loadWordAbsolute: UInt16 = 0x20
    public static let loadHalfAbsolute: UInt16 = 0x28
    public static let loadByteAbsolute: UInt16 = 0x30
    public static let loadHalfIndirect: UInt16 = 0x48
    public static let loadWordIndirect: UInt16 = 0x40
    public static let loadByteIndirect: UInt16 = 0x50
    /// X = 4 * (byte at k & 0x0f): an IPv4 header length.
    public static let loadXHeaderLength: UInt16 = 0xb1
    public static let loadXMemory: UInt16 = 0x61
    public static let storeMemory: UInt16 = 0x02
    public static let jumpAlways: UInt16 = 0x05
    public static let jumpIfEqualK: UInt16 = 0x15
    public static let jumpIfGreaterK: UInt16 = 0x25
    public static let jumpIfEqualX: UInt16 = 0x1d
    public static let jumpIfGreaterX: UInt16 = 0x2d
    public static let jumpGreaterOrEqualX: UInt16 = 0x3d
    public static let jumpIfAnyBitK: UInt16 = 0x45
    public static let xorX: UInt16 = 0xac
    public static let multiplyK: UInt16 = 0x24
    public static let shiftRightK: UInt16 = 0x74
    public static let returnA: UInt16 = 0x16
    /// X = A (BPF_MISC | BPF_TAX).
    public static let copyAToX: UInt16 = 0x07

    /// Loads relative to the network header, wherever skb->data points (SKF_NET_OFF).
    public static func network(_ offset: Int32) -> UInt32 { UInt32(bitPattern: -0x100000 &+ offset) }
    /// skb->protocol, the EtherType in host order (SKF_AD_OFF + SKF_AD_PROTOCOL).
    public static let ancillaryProtocol = UInt32(bitPattern: -0x1000 + 0)
    /// skb->hash as the stack left it (SKF_AD_OFF + SKF_AD_RXHASH).
    public static let ancillaryFlowHash = UInt32(bitPattern: -0x1000 + 32)
}

extension Array where Element == ClassicBPFInstruction {
    /// Runs `body` with a struct sock_fprog pointing at these instructions.
    func withSocketProgram<R, E: Error>(_ body: (sock_fprog) throws(E) -> R) throws(E) -> R {
        var filters = map { sock_filter(code: $0.code, jt: $0.jumpIfTrue, jf: $0.jumpIfFalse, k: $0.k) }
        return try filters.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in
            try body(sock_fprog(len: UInt16(buffer.count), filter: buffer.baseAddress))
        }
    }
}

/// A classic BPF program written with named labels instead of counted jump offsets.
/// Jumps go forward only (the kernel's rule); a nil target means "the next instruction".
public struct ClassicBPFProgram {
    public enum Step {
        case op(UInt16, UInt32 = 0)
        case jump(UInt16, UInt32 = 0, ifTrue: String? = nil, ifFalse: String? = nil)
        case jumpAlways(String)
        case label(String)
    }

    public let instructions: [ClassicBPFInstruction]

    /// Resolves the labels. A missing or backward label is a programming error in a static
    /// program, so it traps at first use (tests build every program).
    public init(_ steps: [Step]) {
        var positions: [String: Int] = [:]
        var pc = 0
        for step in steps {
            if case .label(let name) = step { positions[name] = pc } else { pc += 1 }
        }
        func offset(_ label: String?, from pc: Int) -> Int {
            guard let label else { return 0 }
            guard let target = positions[label], target > pc else { preconditionFailure("bad BPF label \(label)") }
            return target - pc - 1
        }
        var out: [ClassicBPFInstruction] = []
        for step in steps {
            let pc = out.count
            switch step {
            case .label: continue
            case .op(let code, let k):
                out.append(ClassicBPFInstruction(code, 0, 0, k))
            case .jump(let code, let k, let t, let f):
                let jt = offset(t, from: pc), jf = offset(f, from: pc)
                precondition(jt < 256 && jf < 256, "BPF jump too far")
                out.append(ClassicBPFInstruction(code, UInt8(jt), UInt8(jf), k))
            case .jumpAlways(let label):
                out.append(ClassicBPFInstruction(ClassicBPF.jumpAlways, 0, 0, UInt32(offset(label, from: pc))))
            }
        }
        instructions = out
    }
}

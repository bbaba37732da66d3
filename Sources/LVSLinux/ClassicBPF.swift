import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

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

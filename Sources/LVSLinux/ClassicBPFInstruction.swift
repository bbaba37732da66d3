import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

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

import LVSCore
import LVSLinux
import LVSVocabulary
import LVSWire

#if canImport(Glibc)
import Glibc
#endif

/// What a decapsulator did, for its exit message and for tests.
public struct DecapsulationCounters: Sendable, Equatable {
    public var received = 0
    public var delivered = 0
    /// Drop label -> count.
    public var drops: [String: Int] = [:]

    public init() {}

    public var summary: String {
        let dropText = drops.keys.sorted().map { "\($0)=\(drops[$0] ?? 0)" }.joined(separator: " ")
        return "received \(received), delivered \(delivered)" + (dropText.isEmpty ? "" : ", dropped: " + dropText)
    }
}

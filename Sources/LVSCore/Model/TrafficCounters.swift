import LVSVocabulary

/// Traffic counters as the kernel keeps them (struct ip_vs_kstats).
public struct TrafficCounters: Hashable, Sendable, Codable {
    public var connections: UInt64 = 0
    public var inPackets: UInt64 = 0
    public var outPackets: UInt64 = 0
    public var inBytes: UInt64 = 0
    public var outBytes: UInt64 = 0
    public init() {}
    public static func += (a: inout Self, b: Self) {
        a.connections &+= b.connections
        a.inPackets &+= b.inPackets
        a.outPackets &+= b.outPackets
        a.inBytes &+= b.inBytes
        a.outBytes &+= b.outBytes
    }
}

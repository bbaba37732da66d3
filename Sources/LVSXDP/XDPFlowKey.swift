import LVSVocabulary

/// The key of `lvs_flows` (struct lvs_flow_key in bpf/lvs_xdp.c, 40 bytes): a packet's tuple as
/// it arrives at the director. Client -> VIP for DR, TUN and NAT toward the real server; real
/// server -> client for NAT replies.
public struct XDPFlowKey: Sendable, Hashable {
    public static let size = 40

    public var ipProtocol: UInt8
    public var source: InetAddress
    public var sourcePort: UInt16
    public var destination: InetAddress
    public var destinationPort: UInt16

    public init(
        ipProtocol: UInt8, source: InetAddress, sourcePort: UInt16, destination: InetAddress, destinationPort: UInt16
    ) {
        self.ipProtocol = ipProtocol
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
    }

    /// The map key bytes; nil when source and destination are of different families.
    public var bytes: [UInt8]? {
        guard source.family == destination.family else { return nil }
        var b = [UInt8](repeating: 0, count: Self.size)
        b[0] = source.isV4 ? 4 : 6
        b[1] = ipProtocol
        b[4] = UInt8(sourcePort >> 8)
        b[5] = UInt8(truncatingIfNeeded: sourcePort)
        b[6] = UInt8(destinationPort >> 8)
        b[7] = UInt8(truncatingIfNeeded: destinationPort)
        b.replaceSubrange(8..<(8 + (source.isV4 ? 4 : 16)), with: source.bytes)
        b.replaceSubrange(24..<(24 + (destination.isV4 ? 4 : 16)), with: destination.bytes)
        return b
    }
}

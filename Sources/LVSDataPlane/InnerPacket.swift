import LVSCore
import LVSVocabulary
import LVSWire

/// Where the inner packet of a tunnelled frame lies.
public struct InnerPacket: Sendable, Equatable {
    /// Frame offset of the inner IP header.
    public var offset: Int
    /// Length of the inner IP packet, as its own header declares it.
    public var length: Int
    public var family: InetAddress.Family
}

import LVSVocabulary

/// A NAT reply: the virtual address and port its source goes back to.
public struct NATReplyAction: Hashable, Sendable {
    public var virtualAddress: InetAddress
    public var virtualPort: UInt16
    public var connection: Int32
}

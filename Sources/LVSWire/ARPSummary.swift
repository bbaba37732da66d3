import LVSVocabulary

/// What the parser reports for an ARP frame.
public struct ARPSummary: Sendable, Equatable {
    public var vlanTCI: UInt16?
    public var arpOffset: Int
    public var operation: UInt16
    public var senderMAC: MACAddress
    public var senderAddress: InetAddress
    public var targetMAC: MACAddress
    public var targetAddress: InetAddress

    /// A gratuitous ARP announces the sender's own address (sender IP == target IP).
    public var isGratuitous: Bool { senderAddress == targetAddress }
}

/// sll_pkttype: the kernel's verdict on a frame's destination address.
public struct PacketType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Unicast to this interface's MAC (PACKET_HOST).
    public static let host = PacketType(rawValue: 0)
    public static let broadcast = PacketType(rawValue: 1)
    public static let multicast = PacketType(rawValue: 2)
    /// Unicast to another MAC, seen in promiscuous mode (PACKET_OTHERHOST).
    public static let otherHost = PacketType(rawValue: 3)
    /// Sent by this host (only without PACKET_IGNORE_OUTGOING).
    public static let outgoing = PacketType(rawValue: 4)

    public var description: String {
        switch rawValue {
        case 0: "host"
        case 1: "broadcast"
        case 2: "multicast"
        case 3: "otherhost"
        case 4: "outgoing"
        default: "type\(rawValue)"
        }
    }
}

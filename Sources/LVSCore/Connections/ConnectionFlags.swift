import LVSVocabulary

/// Connection flags (a subset of IP_VS_CONN_F_* with our own bit values).
public struct ConnectionFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// A persistence template (client port 0), counted in PersistConn.
    public static let template = ConnectionFlags(rawValue: 1 << 0)
    /// Counted in InActConn rather than ActiveConn.
    public static let inactive = ConnectionFlags(rawValue: 1 << 1)
    /// DR/TUN: no reply seen, so the INPUT-ONLY TCP table applies.
    public static let noOutput = ConnectionFlags(rawValue: 1 << 2)
    /// UDP one-packet scheduling: never stored.
    public static let onePacket = ConnectionFlags(rawValue: 1 << 3)
    /// cache_bypass: forwarded to the packet's own destination, no real server.
    public static let bypass = ConnectionFlags(rawValue: 1 << 4)
    /// Template state ASSURED: a controlled connection got established (or saw a reply).
    public static let assured = ConnectionFlags(rawValue: 1 << 5)
    /// The client sent more packets than `ConnectionEntry.inPackets` counts (it wrapped): never
    /// a few-packet entry for drop_entry, whatever the count shows.
    static let manyPackets = ConnectionFlags(rawValue: 1 << 6)
    /// A template that holds its service's shared template (`ServiceScheduling`), to let go of
    /// when it leaves or is invalidated.
    static let sharedTemplate = ConnectionFlags(rawValue: 1 << 7)
    /// Entry slot holds a live connection (free slots have it clear).
    static let live = ConnectionFlags(rawValue: 1 << 14)
    /// Entry is indexed for replies (NAT: keyed by real server and client).
    static let outIndexed = ConnectionFlags(rawValue: 1 << 15)
}

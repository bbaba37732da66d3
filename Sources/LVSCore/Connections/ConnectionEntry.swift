import LVSVocabulary

/// One connection or persistence template, stored by value in the connection table's arrays.
/// Addresses are kept as raw words (not `InetAddress`) so an entry stays at ~100 bytes.
/// Links (`control`, `destination`, timer list) are Int32 indices, never references.
public struct ConnectionEntry: Sendable {
    // The lookup key first, so a lookup reads one contiguous 40-byte run.
    var clientHigh: UInt64 = 0, clientLow: UInt64 = 0
    var virtualHigh: UInt64 = 0, virtualLow: UInt64 = 0
    public internal(set) var clientPort: UInt16 = 0
    public internal(set) var virtualPort: UInt16 = 0
    /// IP protocol number (6, 17, 132; 0 for fwmark templates).
    public internal(set) var proto: UInt8 = 0
    var familyRaw: UInt8 = InetAddress.Family.inet.rawValue
    public var flags: ConnectionFlags = []
    // Then what every packet of an established connection reads or writes.
    /// Protocol state: `TCPState` raw value for TCP, 0 otherwise.
    public var state: UInt8 = 0
    public var forward: ForwardMethod = .masquerade
    public var destinationPort: UInt16 = 0
    /// The owner's destination id (the engine's registry), -1 for none (bypass).
    public var destination: Int32 = -1
    /// When the connection expires, in milliseconds of the engine's clock.
    public internal(set) var expires: Int64 = 0
    var timeoutMs: UInt32 = 0
    /// The controlling template's id, -1 for none.
    public var control: Int32 = -1
    var destHigh: UInt64 = 0, destLow: UInt64 = 0
    // Cold: timers, templates, rarely used fields.
    /// The wheel slot time the entry is filed under (-1: not on the wheel).
    var timerSlot: Int32 = -1
    var timerNext: Int32 = -1
    var timerPrev: Int32 = -1
    /// How many connections this one controls (kernel n_control).
    public var controlCount: Int32 = 0
    public var fwmark: UInt32 = 0
    var destFamilyRaw: UInt8 = InetAddress.Family.inet.rawValue
    // The sync master's bookkeeping fits the padding after destFamilyRaw (the stride stays
    // 104); the rest of it is `ConnectionTable.syncEndTime`.
    /// The protocol state when the entry was last queued for sync (kernel old_state): a change
    /// to a closing TCP state syncs at once.
    var syncedState: UInt8 = 0
    /// Packets from the client (kernel in_pkts), for the sync threshold and period. 16 bits:
    /// after 65535 it wraps, which shifts the every-50th-packet phase once; nothing else reads it.
    public internal(set) var inPackets: UInt16 = 0

    public init(
        proto: UInt8, client: InetAddress, clientPort: UInt16, virtual: InetAddress,
        virtualPort: UInt16, destination: InetAddress, destinationPort: UInt16
    ) {
        self.proto = proto
        familyRaw = client.family.rawValue
        clientHigh = client.high
        clientLow = client.low
        self.clientPort = clientPort
        virtualHigh = virtual.high
        virtualLow = virtual.low
        self.virtualPort = virtualPort
        destFamilyRaw = destination.family.rawValue
        destHigh = destination.high
        destLow = destination.low
        self.destinationPort = destinationPort
    }

    public var family: InetAddress.Family { InetAddress.Family(rawValue: familyRaw) ?? .inet }
    public var clientAddress: InetAddress { InetAddress(family: family, high: clientHigh, low: clientLow) }
    public var virtualAddress: InetAddress { InetAddress(family: family, high: virtualHigh, low: virtualLow) }
    public var destinationAddress: InetAddress {
        InetAddress(family: InetAddress.Family(rawValue: destFamilyRaw) ?? .inet, high: destHigh, low: destLow)
    }
    /// The timeout restarted by every packet (kernel cp->timeout), in milliseconds
    /// (up to 49 days; persistence timeouts stop at 31).
    public var timeout: Int64 {
        get { Int64(timeoutMs) }
        set { timeoutMs = UInt32(clamping: newValue) }
    }
    public var isTemplate: Bool { flags.contains(.template) }
    public var tcpState: TCPState { TCPState(rawValue: state) ?? .none }
}

extension InetAddress {
    init(family: Family, high: UInt64, low: UInt64) {
        if family == .inet { self.init(v4: UInt32(truncatingIfNeeded: low)) } else { self.init(v6High: high, low: low) }
    }
}

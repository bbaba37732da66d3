import LVSCore
import LVSVocabulary
import LVSWire

/// Between a sync message's entry and the core's connection model, both ways, with no I/O:
/// a backup fills its table with `entry(from:)`, a master sends `syncConnection(from:)`, and
/// `snapshot(of:)` shows an entry as `ipvsadm -L -c` would.
public enum SyncConnectionMapping {
    /// The kernel's template states (IP_VS_CTPL_S_*): the core keeps ASSURED as a flag.
    static let templateAssured: UInt16 = 1

    /// SCTP state names as /proc/net/ip_vs_conn prints them, by the kernel's state number.
    static let sctpStateNames = [
        "NONE", "INIT1", "INIT", "COOKIE_SENT", "COOKIE_REPLIED", "COOKIE_WAIT", "COOKIE_ECHOED",
        "ESTABLISHED", "SHUTDOWN_SENT", "SHUTDOWN_RECEIVED", "SHUTDOWN_ACK_SENT", "REJECTED", "CLOSED",
    ]

    /// The core's forwarding method for the flags' method code; nil for bypass (4) and codes
    /// the kernel does not define.
    public static func forwardMethod(_ flags: SyncConnectionFlags) -> ForwardMethod? {
        ForwardMethod(rawValue: flags.forwardMethodCode)
    }

    /// The state name `ipvsadm -L -c` prints for the entry; nil for a state the protocol does
    /// not have (the decoder already skips those for connections).
    public static func stateName(of connection: SyncConnection) -> String? {
        if connection.isTemplate { return connection.state == templateAssured ? "ASSURED" : "NONE" }
        switch connection.protocolNumber {
        case IPProtocolNumber.tcp:
            guard connection.state <= UInt16(UInt8.max) else { return nil }
            return TCPState(rawValue: UInt8(connection.state))?.name
        case IPProtocolNumber.udp:
            return "UDP"
        case IPProtocolNumber.sctp:
            let index = Int(connection.state)
            return sctpStateNames.indices.contains(index) ? sctpStateNames[index] : nil
        default:
            return nil
        }
    }

    /// The row `ipvsadm -L -c` would show right after the entry was applied (the timer starts
    /// at the full timeout); nil for a protocol the core does not carry.
    public static func snapshot(of connection: SyncConnection) -> ConnectionSnapshot? {
        let proto = TransportProtocol(rawValue: connection.protocolNumber)
        // Only fwmark templates go without a protocol.
        guard proto != nil || (connection.isTemplate && connection.protocolNumber == 0),
            let stateName = stateName(of: connection)
        else { return nil }
        return ConnectionSnapshot(
            proto: proto, clientAddress: connection.clientAddress, clientPort: connection.clientPort,
            virtualAddress: connection.virtualAddress, virtualPort: connection.virtualPort,
            destinationAddress: connection.destinationAddress, destinationPort: connection.destinationPort,
            stateName: stateName, expiresInMilliseconds: Int64(connection.timeoutSeconds) * 1000,
            isTemplate: connection.isTemplate, fwmark: connection.fwmark)
    }

    /// A connection-table entry for a received entry, with only the flags a kernel backup
    /// takes (IP_VS_CONN_F_BACKUP_MASK). Not yet bound to a real server (`destination` -1)
    /// nor timed: the table binds it by address and port and sets `expires`. A timeout of 0
    /// in the message leaves `timeout` 0: the receiver then uses its protocol's timeout for the
    /// state (the kernel's rule). nil when the core cannot carry it (protocol, method, family).
    public static func entry(from connection: SyncConnection) -> ConnectionEntry? {
        let family = connection.clientAddress.family
        guard connection.virtualAddress.family == family, connection.destinationAddress.family == family,
            let snapshot = snapshot(of: connection)
        else { return nil }
        let flags = connection.flags.intersection(.backupMask)
        var coreFlags: ConnectionFlags = []
        let forward: ForwardMethod
        if let method = forwardMethod(flags) {
            forward = method
        } else if flags.forwardMethodCode == 4 {
            // Bypass: the core marks it with a flag and leaves the method at its default, as
            // its own bypass connections do.
            forward = .masquerade
            coreFlags.insert(.bypass)
        } else {
            return nil
        }
        if flags.contains(.template) { coreFlags.insert(.template) }
        if flags.contains(.inactive) { coreFlags.insert(.inactive) }
        if flags.contains(.noOutput) { coreFlags.insert(.noOutput) }
        if connection.isTemplate, connection.state == templateAssured { coreFlags.insert(.assured) }

        var entry = ConnectionEntry(
            proto: connection.protocolNumber, client: connection.clientAddress, clientPort: connection.clientPort,
            virtual: connection.virtualAddress, virtualPort: connection.virtualPort,
            destination: connection.destinationAddress, destinationPort: connection.destinationPort)
        entry.flags = coreFlags
        entry.forward = forward
        // The core keeps a TCP state number (the kernel's numbering) and 0 for the others.
        if snapshot.proto == .tcp, !connection.isTemplate { entry.state = UInt8(truncatingIfNeeded: connection.state) }
        entry.timeout = Int64(connection.timeoutSeconds) * 1000
        entry.fwmark = connection.fwmark
        return entry
    }

    /// The entry a master sends for a connection of its table; nil for what the kernel never
    /// syncs (one-packet connections). The timeout goes in whole seconds, as the kernel's does.
    public static func syncConnection(from entry: ConnectionEntry) -> SyncConnection? {
        guard !entry.flags.contains(.onePacket) else { return nil }
        var flags = SyncConnectionFlags(rawValue: 0)
            .withForwardMethodCode(entry.flags.contains(.bypass) ? 4 : entry.forward.rawValue)
        if entry.isTemplate { flags.insert(.template) }
        if entry.flags.contains(.inactive) { flags.insert(.inactive) }
        if entry.flags.contains(.noOutput) { flags.insert(.noOutput) }
        let state: UInt16
        if entry.isTemplate {
            state = entry.flags.contains(.assured) ? templateAssured : 0
        } else {
            state = UInt16(entry.state)
        }
        return SyncConnection(
            protocolNumber: entry.proto, flags: flags, state: state, clientAddress: entry.clientAddress,
            clientPort: entry.clientPort, virtualAddress: entry.virtualAddress, virtualPort: entry.virtualPort,
            destinationAddress: entry.destinationAddress, destinationPort: entry.destinationPort,
            fwmark: entry.fwmark, timeoutSeconds: UInt32(clamping: entry.timeout / 1000))
    }
}

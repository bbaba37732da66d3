/// The connection flags word of a sync entry: the kernel's `IP_VS_CONN_F_*` bits, as sent
/// (`cp->flags` without HASHED). The low three bits are the forwarding method, not flags.
public struct SyncConnectionFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let forwardMask = SyncConnectionFlags(rawValue: 0x0007)
    /// Set by the receiver on what it learnt from a master.
    public static let sync = SyncConnectionFlags(rawValue: 0x0020)
    public static let hashed = SyncConnectionFlags(rawValue: 0x0040)
    public static let noOutput = SyncConnectionFlags(rawValue: 0x0080)
    public static let inactive = SyncConnectionFlags(rawValue: 0x0100)
    public static let outSequence = SyncConnectionFlags(rawValue: 0x0200)
    public static let inSequence = SyncConnectionFlags(rawValue: 0x0400)
    public static let noClientPort = SyncConnectionFlags(rawValue: 0x0800)
    public static let template = SyncConnectionFlags(rawValue: 0x1000)
    public static let onePacket = SyncConnectionFlags(rawValue: 0x2000)

    /// What a backup takes from a new entry (kernel IP_VS_CONN_F_BACKUP_MASK); the rest is
    /// the master's business.
    public static let backupMask: SyncConnectionFlags = [
        .forwardMask, .noOutput, .inactive, .outSequence, .inSequence, .noClientPort, .template,
    ]

    /// The forwarding method: 0 masquerade, 1 local, 2 tunnel, 3 direct routing, 4 bypass.
    public var forwardMethodCode: UInt8 { UInt8(truncatingIfNeeded: rawValue & 0x7) }

    /// The same flags with another forwarding method code.
    public func withForwardMethodCode(_ code: UInt8) -> SyncConnectionFlags {
        SyncConnectionFlags(rawValue: rawValue & ~0x7 | UInt32(code & 0x7))
    }
}

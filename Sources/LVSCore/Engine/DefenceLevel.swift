/// The kernel's defences against running out of memory (ip_vs_ctl.c update_defense_level,
/// ip_vs_todrop; ipvs-sysctl.rst), as they stand after the last update: whether the timer
/// evicts entries, how many new connections to let through per one dropped, and which TCP
/// state tables apply.
///
/// The kernel compares free memory in pages with amemthresh. The director has no kernel
/// memory to measure; what it can run out of is its connection limit, so its available memory
/// is the table's headroom to the limit, counted in 4 KiB pages of `ConnectionTable.bytesPerEntry`
/// (with the default 1024 pages, the defences start about 23,800 entries below the limit).
///
/// Modes 1 and 2 move into each other as the kernel's do: 1 (armed) becomes 2 while memory is
/// short, 2 becomes 1 once it is not, and the sysctl shows the current one; 3 is always on,
/// 0 always off.
public struct DefenceLevel: Sendable, Hashable {
    /// drop_entry is in force: the once-a-second timer evicts entries (kernel ipvs->dropentry).
    public private(set) var evictsEntries = false
    /// One new-connection packet in this many is dropped; 0 drops none (kernel drop_rate).
    public private(set) var dropRate = 0
    /// Counts down to the next dropped packet (kernel drop_counter).
    private var dropCounter = 0
    /// The secure_tcp tables are in use (the kernel switches them when secure_tcp crosses 2).
    public private(set) var secureTables = false

    public static let pageSize = 4096

    public init() {}

    /// Kernel update_defense_level: recomputes the level from the settings and the available
    /// memory, moving modes 1 and 2 of `sysctls` into each other as memory comes and goes.
    public mutating func update(_ sysctls: inout IPVSSysctls, availablePages: Int) {
        let threshold = sysctls.amemthresh
        let short = availablePages < threshold

        switch sysctls.dropEntry {
        case 1, 2:
            evictsEntries = short
            sysctls.dropEntry = short ? 2 : 1
        case 3: evictsEntries = true
        default: evictsEntries = false
        }

        switch sysctls.dropPacket {
        case 1, 2:
            if short {
                // Fewer pages left, a smaller rate: at none left every new connection is dropped.
                dropRate = threshold / max(1, threshold - availablePages)
                dropCounter = dropRate
            } else {
                dropRate = 0
            }
            sysctls.dropPacket = short ? 2 : 1
        case 3:
            dropRate = sysctls.amDropRate
        default:
            dropRate = 0
        }

        switch sysctls.secureTCP {
        case 1, 2: sysctls.secureTCP = short ? 2 : 1
        default: break
        }
        secureTables = sysctls.secureTCP >= 2
    }

    /// Kernel ip_vs_todrop: whether drop_packet takes this new connection's packet.
    @inline(__always)
    public mutating func dropsPacket() -> Bool {
        if dropRate == 0 { return false }
        dropCounter -= 1
        if dropCounter > 0 { return false }
        dropCounter = dropRate
        return true
    }
}

/// The net.ipv4.vs.* settings that change how packets are handled (defaults as the kernel).
public struct IPVSSysctls: Hashable, Sendable, Codable {
    /// Expire a connection whose real server is gone (or weight 0 on a new SYN) and schedule
    /// the packet anew, instead of dropping packets until it times out.
    public var expireNodestConn = false
    /// Invalidate persistence templates whose real server has weight 0.
    public var expireQuiescentTemplate = false
    /// Bit 1: reschedule a SYN that hits a TIME_WAIT/CLOSE connection; bit 2: also FIN_WAIT
    /// of DR/TUN connections.
    public var connReuseMode: Int = 1
    /// Create TCP connections from any segment, not only SYN.
    public var sloppyTCP = false
    /// The kernel's sloppy_sctp, kept and shown for scripts that set it beside sloppy_tcp; it
    /// changes nothing here, where SCTP is not forwarded.
    public var sloppySCTP = false
    /// 0 off, 1-2 on under memory pressure, 3 always: use the stricter state tables. Like the
    /// kernel, mode 1 turns itself into 2 while memory is short and 2 back into 1 when it is not,
    /// and the tables follow (secure while the value is 2 or 3); see `DefenceLevel`.
    public var secureTCP: Int = 0
    /// 0 off, 1-2 under memory pressure, 3 always: evict entries (embryonic TCP at once, idle
    /// few-packet ones at a rate) every second, as ip_vs_random_dropentry does.
    public var dropEntry: Int = 0
    /// 0 off, 1-2 under memory pressure, 3 always: drop 1 in `rate` new-connection packets,
    /// the rate growing as memory shrinks (amemthresh / (amemthresh - available)).
    public var dropPacket: Int = 0
    /// Below this much available memory, in 4 KiB pages, the defences above turn on. The
    /// director's "available memory" is the connection table's headroom to --max-connections
    /// in pages of `ConnectionTable.bytesPerEntry` (see `DefenceLevel`).
    public var amemthresh: Int = 1024
    /// drop_packet=3 drops 1 in this many new-connection packets.
    public var amDropRate: Int = 10
    /// Fwmark services with no real server forward to the original destination.
    public var cacheBypass = false

    // MARK: Connection sync (ipvs-sysctl.rst; ip_vs_sync.c)

    /// sync_threshold's first number: a connection is synced when its client packet count
    /// reaches it (then every `syncPeriod` packets: count % period == threshold).
    public var syncThreshold: Int = 3
    /// sync_threshold's second number (kernel sync_period); 0: sync once at the threshold
    /// and then only on state changes.
    public var syncPeriod: Int = 50
    /// sync_refresh_period, in milliseconds (the sysctl is in seconds): when not 0, an entry
    /// is synced again only when its expiry moved by this much or half its timeout, or on a
    /// TCP state change; 0 leaves the rate to the threshold and period.
    public var syncRefreshPeriod: Int64 = 0
    /// sync_retries (0-3): how often an unchanged entry is resent, every refresh period / 8.
    public var syncRetries: Int = 0
    /// sync_qlen_max: how many messages may wait to be sent. The kernel's default is a
    /// 32nd of the free buffer pages (tens of thousands); ours is a fixed number, and each
    /// worker's outbox holds this many messages' worth of entries (`SyncOutbox.entriesPerMessage`
    /// each: 10,240 entries, about 1 MiB per worker). A worker empties it between rounds, and a
    /// round may take a whole ring of packets (4,096), each of which may queue its connection
    /// and its template: 64 messages' worth overflowed with one client opening 5,000 UDP flows
    /// at once.
    public var syncQueueLengthMax: Int = 256
    /// sync_persist_mode: sync only the templates of persistent services, not the
    /// connections they control (the backup then schedules by the template after failover).
    public var syncPersistMode = false
    /// sync_ports: how many UDP ports (from the daemon's port up) carry sync messages; the
    /// master spreads entries over them by client, the backup listens on all.
    public var syncPorts: Int = 1
    /// sync_sock_size: the sync sockets' send (master) or receive (backup) buffer in bytes;
    /// 0 keeps the system's default.
    public var syncSocketSize: Int = 0
    /// sync_version: 1, or 0 for the original message format (IPv4 only).
    public var syncVersion: Int = 1

    public init() {}
}

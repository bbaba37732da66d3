/// Setting the director's IPVS sysctls by the kernel's names (/proc/sys/net/ipv4/vs/NAME, as
/// `sysctl -w net.ipv4.vs.NAME=VALUE` writes them), with the kernel's ranges: a value the kernel
/// would refuse is refused here, and nothing changes.
extension IPVSSysctls {
    /// The names `set` takes, in the kernel's documentation order.
    public static let names = [
        "am_droprate", "amemthresh", "cache_bypass", "conn_reuse_mode", "drop_entry", "drop_packet",
        "expire_nodest_conn", "expire_quiescent_template", "secure_tcp",
        "sloppy_sctp", "sloppy_tcp", "sync_persist_mode", "sync_ports", "sync_qlen_max", "sync_refresh_period",
        "sync_retries",
        "sync_sock_size", "sync_threshold", "sync_version",
    ]

    /// Sets `name` (with or without the `net.ipv4.vs.` prefix) from its text as the kernel reads
    /// it; `sync_threshold` takes two numbers ("3 50").
    public mutating func set(_ name: String, _ value: String) throws(IPVSSysctlError) {
        let key = name.hasPrefix("net.ipv4.vs.") ? String(name.dropFirst("net.ipv4.vs.".count)) : name
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        func number(_ range: ClosedRange<Int> = 0...Int(Int32.max)) throws(IPVSSysctlError) -> Int {
            guard words.count == 1, let n = Int(words[0]), range.contains(n) else {
                throw .invalidValue(name: key, value: value, expected: "an integer in \(range)")
            }
            return n
        }
        func flag() throws(IPVSSysctlError) -> Bool { try number(0...1) == 1 }
        switch key {
        // proc_dointvec: any int; a negative threshold never counts as short of memory.
        case "am_droprate": amDropRate = try number(Int(Int32.min)...Int(Int32.max))
        case "amemthresh": amemthresh = try number(Int(Int32.min)...Int(Int32.max))
        case "cache_bypass": cacheBypass = try flag()
        case "conn_reuse_mode": connReuseMode = try number()
        // proc_do_defense_mode: 0-3.
        case "drop_entry": dropEntry = try number(0...3)
        case "drop_packet": dropPacket = try number(0...3)
        case "expire_nodest_conn": expireNodestConn = try flag()
        case "expire_quiescent_template": expireQuiescentTemplate = try flag()
        case "secure_tcp": secureTCP = try number(0...3)
        case "sloppy_sctp": sloppySCTP = try flag()
        case "sloppy_tcp": sloppyTCP = try flag()
        case "sync_persist_mode": syncPersistMode = try flag()
        case "sync_ports":
            // The kernel takes a power of two (the master picks a port by a mask).
            let n = try number(1...65535)
            guard n & (n - 1) == 0 else {
                throw .invalidValue(name: key, value: value, expected: "a power of two")
            }
            syncPorts = n
        case "sync_qlen_max": syncQueueLengthMax = try number(1...Int(Int32.max))
        case "sync_refresh_period": syncRefreshPeriod = Int64(try number()) * 1000
        case "sync_retries": syncRetries = try number(0...3)
        case "sync_sock_size": syncSocketSize = try number()
        case "sync_version": syncVersion = try number(0...1)
        case "sync_threshold":
            // proc_do_sync_threshold: both non-negative, and the threshold below the period
            // unless the period is 0.
            guard words.count == 2, let threshold = Int(words[0]), let period = Int(words[1]), threshold >= 0,
                period >= 0, threshold < period || period == 0
            else {
                throw .invalidValue(
                    name: key, value: value, expected: "two integers THRESHOLD PERIOD, THRESHOLD < PERIOD")
            }
            syncThreshold = threshold
            syncPeriod = period
        default:
            throw .unknownName(key)
        }
    }

    /// The names a running director does not take (`lvs sysctl`): the sync daemon opens its
    /// sockets and sizes its queues with them once, at start (`lvs director --sysctl`).
    public static let startOnlyNames: Set<String> = ["sync_ports", "sync_qlen_max", "sync_sock_size", "sync_version"]

    /// `name`'s value as /proc/sys/net/ipv4/vs/NAME shows it (sync_threshold as two numbers
    /// with a tab between, as the kernel prints them).
    public func value(_ name: String) throws(IPVSSysctlError) -> String {
        let key = name.hasPrefix("net.ipv4.vs.") ? String(name.dropFirst("net.ipv4.vs.".count)) : name
        func flag(_ b: Bool) -> String { b ? "1" : "0" }
        switch key {
        case "am_droprate": return "\(amDropRate)"
        case "amemthresh": return "\(amemthresh)"
        case "cache_bypass": return flag(cacheBypass)
        case "conn_reuse_mode": return "\(connReuseMode)"
        case "drop_entry": return "\(dropEntry)"
        case "drop_packet": return "\(dropPacket)"
        case "expire_nodest_conn": return flag(expireNodestConn)
        case "expire_quiescent_template": return flag(expireQuiescentTemplate)
        case "secure_tcp": return "\(secureTCP)"
        case "sloppy_sctp": return flag(sloppySCTP)
        case "sloppy_tcp": return flag(sloppyTCP)
        case "sync_persist_mode": return flag(syncPersistMode)
        case "sync_ports": return "\(syncPorts)"
        case "sync_qlen_max": return "\(syncQueueLengthMax)"
        case "sync_refresh_period": return "\(syncRefreshPeriod / 1000)"
        case "sync_retries": return "\(syncRetries)"
        case "sync_sock_size": return "\(syncSocketSize)"
        case "sync_threshold": return "\(syncThreshold)\t\(syncPeriod)"
        case "sync_version": return "\(syncVersion)"
        default: throw .unknownName(key)
        }
    }

    /// Every setting by name, as `value` shows it.
    public var values: [String: String] {
        var all: [String: String] = [:]
        for name in Self.names { all[name] = try? value(name) }
        return all
    }
}

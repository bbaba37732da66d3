import LVSCore
import LVSVocabulary

/// `ipvsadm -L --daemon` and `-L --timeout`.
enum DaemonListFormatter {
    /// One line per running sync daemon, master first. The kernel reports every setting with
    /// its effective value; zeros in a snapshot stand for the defaults and print as them.
    static func format(_ daemons: [SyncDaemonConfig]) -> String {
        var out = ""
        for role in [SyncDaemonConfig.Role.master, .backup] {
            guard let d = daemons.first(where: { $0.role == role }) else { continue }
            let group = d.mcastGroup ?? InetAddress(v4: 0xE000_0051)  // 224.0.0.81
            // Default message size: a 1500-byte MTU less the IP and UDP headers.
            let maxLength = d.maxLength != 0 ? UInt32(d.maxLength) : (group.isV4 ? 1472 : 1452)
            out += "\(role.rawValue) sync daemon (mcast=\(d.interface), syncid=\(d.syncID)"
            out += ", maxlen=\(maxLength)"
            out += ", group=\(group)"
            out += ", port=\(d.mcastPort != 0 ? d.mcastPort : 8848)"
            out += ", ttl=\(d.mcastTTL != 0 ? d.mcastTTL : 1))\n"
        }
        return out
    }

    static func timeouts(_ t: IPVSTimeouts) -> String {
        "Timeout (tcp tcpfin udp): \(Int32(bitPattern: t.tcp)) \(Int32(bitPattern: t.tcpFin)) \(Int32(bitPattern: t.udp))\n"
    }
}

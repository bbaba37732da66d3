import LVSLinux
import LVSVocabulary

/// Reads the kernel's routes and IPv4 neighbours for the director's interfaces, from the
/// calling thread's network namespace (/proc/thread-self: the tables are per namespace).
/// `KernelTables` parses; this only reads.
enum KernelTableReader {
    /// IPv4 and IPv6 routes through the director's interfaces; nil when the IPv4 table cannot be
    /// read (an IPv6-less kernel has no ipv6_route file, which is not an error).
    static func routes(interfaces: [String: Int]) -> [DirectorRoute]? {
        guard let text = try? ProcFile.read("/proc/thread-self/net/route") else { return nil }
        var routes = KernelTables.routes(route: text, interfaces: interfaces)
        if let text6 = try? ProcFile.read("/proc/thread-self/net/ipv6_route") {
            routes += KernelTables.routes6(ipv6Route: text6, interfaces: interfaces)
        }
        return routes
    }

    /// The ARP table's complete entries on the director's interfaces; nil when unreadable.
    static func ipv4Neighbours(interfaces: [String: Int]) -> [NeighbourKey: MACAddress]? {
        guard let text = try? ProcFile.read("/proc/thread-self/net/arp") else { return nil }
        return KernelTables.neighbours(arp: text, interfaces: interfaces)
    }
}

import LVSCore
import LVSVocabulary

/// The kernel's /proc/net/ip_vs, ip_vs_stats and ip_vs_conn, byte for byte (ip_vs_ctl.c
/// ip_vs_info_seq_show and ip_vs_stats_show, ip_vs_conn.c ip_vs_conn_seq_show), for tools that
/// read those files: node_exporter's ipvs collector, scripts that parse /proc/net/ip_vs.
public enum ProcNetIPVSFormatter {
    /// Debian's kernels tick at 250 Hz; /proc/net/ip_vs shows a persistent service's timeout in
    /// jiffies.
    public static let debianHZ: UInt32 = 250

    /// /proc/net/ip_vs: the services in the snapshot's order, each with its real servers.
    public static func services(_ s: TableSnapshot, hz: UInt32 = debianHZ) -> String {
        var out = "IP Virtual Server version 1.2.1 (size=\(Int32(bitPattern: s.connectionTableSize)))\n"
        out += "Prot LocalAddress:Port Scheduler Flags\n"
        out += "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n"
        for service in s.services { out += serviceLines(service, hz: hz) }
        return out
    }

    /// /proc/net/ip_vs_stats of the given totals (the kernel's are its own counters; summed over
    /// the services they differ only by traffic of services deleted since).
    public static func stats(_ counters: TrafficCounters, _ rates: TrafficRates) -> String {
        "   Total Incoming Outgoing         Incoming         Outgoing\n"
            + "   Conns  Packets  Packets            Bytes            Bytes\n"
            + statsRow(
                counters.connections, counters.inPackets, counters.outPackets, counters.inBytes,
                counters.outBytes)
            + "\n"
            + " Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n"
            + statsRow(
                UInt64(rates.cps), UInt64(rates.inPPS), UInt64(rates.outPPS), UInt64(rates.inBPS),
                UInt64(rates.outBPS))
    }

    /// /proc/net/ip_vs_stats: `totals` (the IPVS-wide counters) when known, else the services'
    /// counters added up; the rates are the services' added up.
    public static func stats(_ s: TableSnapshot, totals: TrafficCounters? = nil) -> String {
        var counters = TrafficCounters()
        var cps: UInt64 = 0
        var inPPS: UInt64 = 0
        var outPPS: UInt64 = 0
        var inBPS: UInt64 = 0
        var outBPS: UInt64 = 0
        for service in s.services {
            counters += service.counters
            cps += UInt64(service.rates.cps)
            inPPS += UInt64(service.rates.inPPS)
            outPPS += UInt64(service.rates.outPPS)
            inBPS += UInt64(service.rates.inBPS)
            outBPS += UInt64(service.rates.outBPS)
        }
        var rates = TrafficRates()
        rates.cps = saturated(cps)
        rates.inPPS = saturated(inPPS)
        rates.outPPS = saturated(outPPS)
        rates.inBPS = saturated(inBPS)
        rates.outBPS = saturated(outBPS)
        return stats(totals ?? counters, rates)
    }

    /// The first line of /proc/net/ip_vs_conn.
    public static let connectionHeading =
        "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"

    /// Rows of /proc/net/ip_vs_conn (a big table is written piece by piece).
    public static func connectionRows(_ rows: [ConnectionSnapshot]) -> String {
        var out = ""
        for row in rows { out += connectionRow(row) }
        return out
    }

    static func connectionRow(_ c: ConnectionSnapshot) -> String {
        let name = CFormat.left(ConnectionListFormatter.protocolName(c.proto), 3)
        let seconds = UInt32(truncatingIfNeeded: max(0, c.expiresInMilliseconds) / 1000)
        return name + " " + address(c.clientAddress) + " " + hex(c.clientPort, 4) + " "
            + address(c.virtualAddress) + " " + hex(c.virtualPort, 4) + " " + address(c.destinationAddress) + " "
            + hex(c.destinationPort, 4) + " " + CFormat.left(c.stateName, 11) + " "
            + CFormat.right(String(seconds), 7) + "\n"
    }

    static func serviceLines(_ service: ServiceSnapshot, hz: UInt32) -> String {
        let config = service.config
        let onePacket = config.isOnePacket ? "ops " : ""
        var out: String
        switch config.key {
        case .address(let proto, let address, let port) where address.family == .inet6:
            // The kernel prints no "ops" for IPv6 services.
            out = proto.ipvsadmName + "  [" + v6(address) + "]:" + hex(port, 4) + " " + config.scheduler + " "
        case .address(let proto, let address, let port):
            out =
                proto.ipvsadmName + "  " + hex(address.v4, 8) + ":" + hex(port, 4) + " " + config.scheduler
                + " " + onePacket + " "
        case .fwmark(let mark, _):
            out = "FWM  " + hex(mark, 8) + " " + config.scheduler + " " + onePacket
        }
        if config.isPersistent {
            let jiffies = UInt32(truncatingIfNeeded: UInt64(config.timeout) * UInt64(hz))
            out += "persistent " + String(Int32(bitPattern: jiffies)) + " " + hex(netmask(config), 8) + "\n"
        } else {
            out += "\n"
        }
        for destination in service.destinations {
            let key = destination.config.key
            let endpoint =
                key.address.family == .inet6
                ? "[" + v6(key.address) + "]:" + hex(key.port, 4) : hex(key.address.v4, 8) + ":" + hex(key.port, 4)
            out +=
                "  -> " + endpoint + "      " + CFormat.left(destination.config.forward.ipvsadmName, 7) + " "
                + CFormat.left(String(destination.config.weight), 6) + " "
                + CFormat.left(String(Int32(bitPattern: destination.activeConnections)), 10) + " "
                + CFormat.left(String(Int32(bitPattern: destination.inactiveConnections)), 10) + "\n"
        }
        return out
    }

    /// `ntohl(svc->netmask)`: the mask for IPv4; for IPv6 the kernel keeps the prefix length
    /// there, so a little-endian host shows it byte-swapped (/128 -> 80000000).
    static func netmask(_ config: ServiceConfig) -> UInt32 {
        if config.key.family == .inet6 { return UInt32(truncatingIfNeeded: config.netmaskPrefix).byteSwapped }
        let prefix = max(0, min(32, config.netmaskPrefix))
        return prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
    }

    /// `%08X` of an IPv4 address, `%pI6` (eight groups of four lower-case digits) of an IPv6 one.
    static func address(_ a: InetAddress) -> String {
        a.family == .inet6 ? v6(a) : hex(a.v4, 8)
    }

    static func v6(_ a: InetAddress) -> String {
        a.v6Groups.map { zeroPadded(String($0, radix: 16), 4) }.joined(separator: ":")
    }

    /// `%0NX`.
    static func hex<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
        zeroPadded(String(value, radix: 16, uppercase: true), width)
    }

    private static func statsRow(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64, _ e: UInt64) -> String {
        func x(_ v: UInt64, _ width: Int) -> String { CFormat.right(String(v, radix: 16, uppercase: true), width) }
        return x(a, 8) + " " + x(b, 8) + " " + x(c, 8) + " " + x(d, 16) + " " + x(e, 16) + "\n"
    }

    private static func zeroPadded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func saturated(_ v: UInt64) -> UInt32 { v > UInt64(UInt32.max) ? .max : UInt32(v) }
}

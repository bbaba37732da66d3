import LVSCore
import LVSVocabulary
import LVSWire

/// Parsers for the kernel's neighbour and route tables as /proc (and `ip -6 neigh`, IPv6 having
/// no /proc file for neighbours) print them. Pure: the maintainer reads them inside the
/// director's namespace and hands the text here.
public enum KernelTables {
    /// ATF_COM: the entry holds a resolved MAC (incomplete and failed entries do not).
    static let completeFlag: UInt32 = 0x2
    static let routeUp: UInt32 = 0x1
    static let routeGateway: UInt32 = 0x2

    /// /proc/net/arp: `IP address  HW type  Flags  HW address  Mask  Device`. Only complete
    /// Ethernet entries on the given interfaces (name -> slot) are kept.
    public static func neighbours(arp text: String, interfaces: [String: Int]) -> [NeighbourKey: MACAddress] {
        var out: [NeighbourKey: MACAddress] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 6, let address = InetAddress(String(f[0])), address.isV4,
                let flags = UInt32(f[2].dropFirst(2), radix: 16), flags & completeFlag != 0,
                let mac = MACAddress(String(f[3])), mac != .zero,
                let slot = interfaces[String(f[5])]
            else { continue }
            out[NeighbourKey(address: address, interface: slot)] = mac
        }
        return out
    }

    /// /proc/net/route: `Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT`,
    /// addresses as the hex of their in-memory (network order) bytes. Routes through interfaces
    /// the director does not forward on are left out.
    public static func routes(route text: String, interfaces: [String: Int]) -> [DirectorRoute] {
        var out: [DirectorRoute] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 8, let slot = interfaces[String(f[0])],
                let destination = UInt32(f[1], radix: 16), let gateway = UInt32(f[2], radix: 16),
                let flags = UInt32(f[3], radix: 16), flags & routeUp != 0,
                let metric = UInt32(f[6]), let mask = UInt32(f[7], radix: 16)
            else { continue }
            let prefixLength = mask.nonzeroBitCount
            let hop: InetAddress? = flags & routeGateway != 0 ? InetAddress(v4: networkOrder(gateway)) : nil
            out.append(
                DirectorRoute(
                    prefix: networkOrder(destination), prefixLength: prefixLength, interface: slot,
                    gateway: hop, metric: metric))
        }
        return out
    }

    /// /proc/net/ipv6_route: `dest destlen src srclen nexthop metric refcnt use flags device`,
    /// addresses as 32 hex digits, lengths, metric and flags in hex. Local, cached and
    /// rejecting routes, and multicast, are left out, as are routes through other interfaces.
    public static func routes6(ipv6Route text: String, interfaces: [String: Int]) -> [DirectorRoute] {
        var out: [DirectorRoute] = []
        for line in text.split(separator: "\n") {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 10, let slot = interfaces[String(f[9])],
                let destination = address6(f[0]), let length = Int(f[1], radix: 16),
                let nextHop = address6(f[4]), let metric = UInt32(f[5], radix: 16),
                let flags = UInt32(f[8], radix: 16), flags & routeUp != 0,
                flags & (route6Local | route6Cache | route6Reject) == 0,
                destination.high >> 56 != 0xFF
            else { continue }
            let hop: InetAddress? = flags & routeGateway != 0 && (nextHop.high != 0 || nextHop.low != 0) ? nextHop : nil
            out.append(
                DirectorRoute(
                    prefix6: destination, prefixLength: length, interface: slot, gateway: hop,
                    metric: metric))
        }
        return out
    }

    static let route6Local: UInt32 = 0x8000_0000
    static let route6Cache: UInt32 = 0x0100_0000
    static let route6Reject: UInt32 = 0x0200

    /// `ip -6 neigh show`: `ADDR dev IF lladdr MAC [router] STATE`. Entries without a MAC
    /// (INCOMPLETE, FAILED) and on other interfaces are left out.
    public static func neighbours6(ipNeighbour text: String, interfaces: [String: Int]) -> [NeighbourKey: MACAddress] {
        var out: [NeighbourKey: MACAddress] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            guard let address = InetAddress(f.first ?? ""), !address.isV4,
                let dev = f.firstIndex(of: "dev"), dev + 1 < f.count, let slot = interfaces[f[dev + 1]],
                let ll = f.firstIndex(of: "lladdr"), ll + 1 < f.count, let mac = MACAddress(f[ll + 1]), mac != .zero,
                f.last != "FAILED", f.last != "INCOMPLETE"
            else { continue }
            out[NeighbourKey(address: address, interface: slot)] = mac
        }
        return out
    }

    static func address6<S: StringProtocol>(_ hex: S) -> InetAddress? {
        guard hex.count == 32, let high = UInt64(hex.prefix(16), radix: 16), let low = UInt64(hex.suffix(16), radix: 16)
        else { return nil }
        return InetAddress(v6High: high, low: low)
    }

    /// The kernel prints the address's bytes as one little-endian word; read them back in order.
    static func networkOrder(_ printed: UInt32) -> UInt32 {
        (printed & 0xFF) << 24 | (printed >> 8 & 0xFF) << 16 | (printed >> 16 & 0xFF) << 8 | printed >> 24
    }
}

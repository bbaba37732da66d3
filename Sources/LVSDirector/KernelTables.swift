import LVSCore
import LVSWire

/// Parsers for the kernel's IPv4 neighbour and route tables as /proc prints them. Pure: the
/// maintainer reads the files (inside the director's namespace) and hands the text here.
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
                  let slot = interfaces[String(f[5])] else { continue }
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
                  let metric = UInt32(f[6]), let mask = UInt32(f[7], radix: 16) else { continue }
            let prefixLength = mask.nonzeroBitCount
            let hop: InetAddress? = flags & routeGateway != 0 ? InetAddress(v4: networkOrder(gateway)) : nil
            out.append(DirectorRoute(prefix: networkOrder(destination), prefixLength: prefixLength, interface: slot,
                                     gateway: hop, metric: metric))
        }
        return out
    }

    /// The kernel prints the address's bytes as one little-endian word; read them back in order.
    static func networkOrder(_ printed: UInt32) -> UInt32 {
        (printed & 0xFF) << 24 | (printed >> 8 & 0xFF) << 16 | (printed >> 16 & 0xFF) << 8 | printed >> 24
    }
}

import LVSVocabulary

/// The value of `lvs_flows` (struct lvs_flow_entry in bpf/lvs_xdp.c, 64 bytes): what the XDP
/// program does with a packet of an established connection. Addresses and the NAT port in
/// network order, the other numbers in host (little-endian) order.
public struct XDPFlowEntry: Sendable, Equatable {
    public static let size = 64

    public enum Method: Sendable, Equatable {
        /// LVS-DR: only the MACs change.
        case directRouting
        /// LVS-NAT toward the real server: the destination becomes `address`:`port`.
        case natToRealServer(address: InetAddress, port: UInt16)
        /// LVS-NAT reply: the source becomes the virtual service's `address`:`port`.
        case natToClient(address: InetAddress, port: UInt16)
        /// LVS-TUN: the packet wrapped in an IP header from `source` to `destination` (IPv4 or
        /// IPv6 outer, either inner), then with `guePort` a UDP header to that port and a GUE
        /// header (IPv4 outer only, without UDP checksum; the program passes other GUE packets to
        /// the Swift path). Packets larger than `mtu` minus the overhead go to the Swift path
        /// (which answers with the ICMP error).
        case tunnel(source: InetAddress, destination: InetAddress, mtu: UInt16, guePort: UInt16? = nil)
    }

    public var method: Method
    public var destinationMAC: MACAddress
    public var sourceMAC: MACAddress
    /// The egress interface.
    public var interfaceIndex: UInt32
    /// Egress is the interface the packet came in on: XDP_TX rather than a redirect.
    public var transmitOnIngress: Bool
    /// Index of the connection's counters in `lvs_counters`.
    public var counterSlot: UInt32

    public init(
        method: Method, destinationMAC: MACAddress, sourceMAC: MACAddress, interfaceIndex: UInt32,
        transmitOnIngress: Bool, counterSlot: UInt32
    ) {
        self.method = method
        self.destinationMAC = destinationMAC
        self.sourceMAC = sourceMAC
        self.interfaceIndex = interfaceIndex
        self.transmitOnIngress = transmitOnIngress
        self.counterSlot = counterSlot
    }

    /// The map value bytes; nil for a tunnel whose endpoints are of different families.
    public var bytes: [UInt8]? {
        var b = [UInt8](repeating: 0, count: Self.size)
        var address: InetAddress? = nil
        switch method {
        case .directRouting:
            b[0] = 1
        case .natToRealServer(let a, let port), .natToClient(let a, let port):
            if case .natToRealServer = method { b[0] = 2 } else { b[0] = 3 }
            address = a
            b[4] = UInt8(port >> 8)
            b[5] = UInt8(truncatingIfNeeded: port)
        case .tunnel(let source, let destination, let mtu, let guePort):
            guard source.family == destination.family else { return nil }
            b[0] = 4
            if let guePort {
                b[1] |= 2
                b[4] = UInt8(guePort >> 8)
                b[5] = UInt8(truncatingIfNeeded: guePort)
            }
            address = destination
            b[6] = UInt8(truncatingIfNeeded: mtu)
            b[7] = UInt8(mtu >> 8)
            b.replaceSubrange(48..<(48 + (source.isV4 ? 4 : 16)), with: source.bytes)
        }
        b[1] |= transmitOnIngress ? 1 : 0
        if let address {
            b[2] = address.isV4 ? 4 : 6
            b.replaceSubrange(32..<(32 + (address.isV4 ? 4 : 16)), with: address.bytes)
        }
        for i in 0..<4 {
            b[8 + i] = UInt8(truncatingIfNeeded: interfaceIndex >> UInt32(8 * i))
            b[12 + i] = UInt8(truncatingIfNeeded: counterSlot >> UInt32(8 * i))
        }
        b.replaceSubrange(16..<22, with: destinationMAC.bytes)
        b.replaceSubrange(22..<28, with: sourceMAC.bytes)
        return b
    }
}

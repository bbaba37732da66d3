import LVSVocabulary

/// Builds whole frames as byte arrays, for tests, fixtures and the lab. It allocates freely: it
/// is not for the packet path (the rewriters work in place on `FrameBuffer`).
public enum PacketBuilder {
    /// How a built transport header's checksum is filled.
    public enum ChecksumMode: Sendable {
        /// The correct checksum.
        case full
        /// What a local sender leaves under CHECKSUM_PARTIAL: the folded pseudo-header sum,
        /// not complemented; the NIC (or we) must finish it.
        case partial
        /// Zero (UDP over IPv4: "no checksum").
        case zero
        /// A fixed value (for bad-checksum tests).
        case value(UInt16)
    }

    // MARK: Bytes

    static func append16(_ b: inout [UInt8], _ v: UInt16) { b += [UInt8(v >> 8), UInt8(v & 0xFF)] }
    static func append32(_ b: inout [UInt8], _ v: UInt32) {
        append16(&b, UInt16(v >> 16))
        append16(&b, UInt16(v & 0xFFFF))
    }
    static func appendMAC(_ b: inout [UInt8], _ m: MACAddress) {
        for i in 0..<6 { b.append(UInt8(truncatingIfNeeded: m.value >> UInt64(40 - 8 * i))) }
    }

    /// Folded ones'-complement sum of bytes.
    public static func sum(_ bytes: [UInt8], adding initial: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return initial }
            return InternetChecksum.sum(base, count: raw.count, adding: initial)
        }
    }

    static func put16(_ b: inout [UInt8], at i: Int, _ v: UInt16) {
        b[i] = UInt8(v >> 8)
        b[i + 1] = UInt8(v & 0xFF)
    }

    // MARK: Layers

    public static func ethernet(
        destination: MACAddress, source: MACAddress, vlanTCI: UInt16? = nil,
        etherType: UInt16, payload: [UInt8]
    ) -> [UInt8] {
        var b: [UInt8] = []
        appendMAC(&b, destination)
        appendMAC(&b, source)
        if let tci = vlanTCI {
            append16(&b, EtherType.vlan)
            append16(&b, tci)
        }
        append16(&b, etherType)
        return b + payload
    }

    public static func ipv4(
        source: InetAddress, destination: InetAddress, protocol proto: UInt8, payload: [UInt8],
        ttl: UInt8 = 64, identification: UInt16 = 0, dontFragment: Bool = true,
        moreFragments: Bool = false, fragmentOffset: Int = 0, tos: UInt8 = 0,
        options: [UInt8] = [], totalLength: Int? = nil
    ) -> [UInt8] {
        let headerLength = 20 + options.count
        var b: [UInt8] = [UInt8(0x40 | (headerLength / 4) & 0x0F), tos]
        append16(&b, UInt16(truncatingIfNeeded: totalLength ?? headerLength + payload.count))
        append16(&b, identification)
        var flags: UInt16 = UInt16(truncatingIfNeeded: fragmentOffset / 8) & 0x1FFF
        if dontFragment { flags |= IPv4Header.dontFragmentBit }
        if moreFragments { flags |= IPv4Header.moreFragmentsBit }
        append16(&b, flags)
        b += [ttl, proto, 0, 0]
        append32(&b, source.v4)
        append32(&b, destination.v4)
        b += options
        put16(&b, at: 10, InternetChecksum.finish(sum(b)))
        return b + payload
    }

    public static func ipv6(
        source: InetAddress, destination: InetAddress, nextHeader: UInt8, payload: [UInt8],
        hopLimit: UInt8 = 64, trafficClass: UInt8 = 0, flowLabel: UInt32 = 0
    ) -> [UInt8] {
        var b: [UInt8] = []
        append32(&b, 6 << 28 | UInt32(trafficClass) << 20 | flowLabel & 0xFFFFF)
        append16(&b, UInt16(truncatingIfNeeded: payload.count))
        b += [nextHeader, hopLimit]
        b += source.bytes + destination.bytes
        return b + payload
    }

    /// An IP header of the source's family around `payload`.
    public static func ip(
        source: InetAddress, destination: InetAddress, protocol proto: UInt8, payload: [UInt8],
        ttl: UInt8 = 64, dontFragment: Bool = true
    ) -> [UInt8] {
        source.isV4
            ? ipv4(
                source: source, destination: destination, protocol: proto, payload: payload, ttl: ttl,
                dontFragment: dontFragment)
            : ipv6(source: source, destination: destination, nextHeader: proto, payload: payload, hopLimit: ttl)
    }

    static func finishChecksum(_ b: inout [UInt8], at field: Int, pseudo: UInt32, mode: ChecksumMode, isUDP: Bool) {
        switch mode {
        case .full:
            var v = InternetChecksum.finish(sum(b, adding: pseudo))
            if isUDP && v == 0 { v = 0xFFFF }
            put16(&b, at: field, v)
        case .partial:
            put16(&b, at: field, UInt16(truncatingIfNeeded: InternetChecksum.fold(UInt64(pseudo))))
        case .zero:
            put16(&b, at: field, 0)
        case .value(let v):
            put16(&b, at: field, v)
        }
    }

    public static func tcp(
        source: InetAddress, destination: InetAddress, sourcePort: UInt16, destinationPort: UInt16,
        flags: TCPFlags, sequence: UInt32 = 1, acknowledgment: UInt32 = 0, window: UInt16 = 65535,
        options: [UInt8] = [], payload: [UInt8] = [], checksum: ChecksumMode = .full
    ) -> [UInt8] {
        var b: [UInt8] = []
        append16(&b, sourcePort)
        append16(&b, destinationPort)
        append32(&b, sequence)
        append32(&b, acknowledgment)
        b += [UInt8(((20 + options.count) / 4) << 4), flags.rawValue]
        append16(&b, window)
        b += [0, 0, 0, 0]
        b += options + payload
        let pseudo = InternetChecksum.pseudoHeader(
            source: source, destination: destination,
            protocol: IPProtocolNumber.tcp, length: b.count)
        finishChecksum(&b, at: 16, pseudo: pseudo, mode: checksum, isUDP: false)
        return b
    }

    public static func udp(
        source: InetAddress, destination: InetAddress, sourcePort: UInt16, destinationPort: UInt16,
        payload: [UInt8] = [], checksum: ChecksumMode = .full
    ) -> [UInt8] {
        var b: [UInt8] = []
        append16(&b, sourcePort)
        append16(&b, destinationPort)
        append16(&b, UInt16(truncatingIfNeeded: 8 + payload.count))
        b += [0, 0]
        b += payload
        let pseudo = InternetChecksum.pseudoHeader(
            source: source, destination: destination,
            protocol: IPProtocolNumber.udp, length: b.count)
        finishChecksum(&b, at: 6, pseudo: pseudo, mode: checksum, isUDP: true)
        return b
    }

    public static func sctp(
        sourcePort: UInt16, destinationPort: UInt16, verificationTag: UInt32,
        chunks: [UInt8]
    ) -> [UInt8] {
        var b: [UInt8] = []
        append16(&b, sourcePort)
        append16(&b, destinationPort)
        append32(&b, verificationTag)
        b += [0, 0, 0, 0]
        b += chunks
        b.withUnsafeMutableBytes { raw in
            let f = FrameBuffer(raw)
            f.set32(8, CRC32C.wireValue(CRC32C.checksum(f, offset: 0, length: f.count, zeroing: 8)))
        }
        return b
    }

    /// ICMP (IPv4): no pseudo-header.
    public static func icmp(type: UInt8, code: UInt8, restOfHeader: UInt32 = 0, payload: [UInt8] = []) -> [UInt8] {
        var b: [UInt8] = [type, code, 0, 0]
        append32(&b, restOfHeader)
        b += payload
        finishChecksum(&b, at: 2, pseudo: 0, mode: .full, isUDP: false)
        return b
    }

    public static func icmpv6(
        source: InetAddress, destination: InetAddress, type: UInt8, code: UInt8,
        restOfHeader: UInt32 = 0, payload: [UInt8] = []
    ) -> [UInt8] {
        var b: [UInt8] = [type, code, 0, 0]
        append32(&b, restOfHeader)
        b += payload
        let pseudo = InternetChecksum.pseudoHeader(
            source: source, destination: destination,
            protocol: IPProtocolNumber.icmpv6, length: b.count)
        finishChecksum(&b, at: 2, pseudo: pseudo, mode: .full, isUDP: false)
        return b
    }

    public static func arp(
        operation: UInt16, senderMAC: MACAddress, senderAddress: InetAddress,
        targetMAC: MACAddress, targetAddress: InetAddress
    ) -> [UInt8] {
        var b: [UInt8] = []
        append16(&b, 1)
        append16(&b, EtherType.ipv4)
        b += [6, 4]
        append16(&b, operation)
        appendMAC(&b, senderMAC)
        append32(&b, senderAddress.v4)
        appendMAC(&b, targetMAC)
        append32(&b, targetAddress.v4)
        return b
    }

    /// A GUE version 0 header without optional fields.
    public static func gue(protocol proto: UInt8) -> [UInt8] { [0, proto, 0, 0] }

    /// A GRE version 0 header (with its checksum over header and payload when asked) + payload.
    public static func gre(protocolType: UInt16, checksum: Bool = false, payload: [UInt8]) -> [UInt8] {
        var b: [UInt8] = []
        append16(&b, checksum ? GREHeader.checksumBit : 0)
        append16(&b, protocolType)
        if checksum { b += [0, 0, 0, 0] }
        b += payload
        if checksum { put16(&b, at: 4, InternetChecksum.finish(sum(b))) }
        return b
    }

    // MARK: Whole frames

    /// Ethernet + IP (of the addresses' family) + TCP.
    public static func tcpFrame(
        destinationMAC: MACAddress, sourceMAC: MACAddress, vlanTCI: UInt16? = nil,
        source: InetAddress, destination: InetAddress, sourcePort: UInt16,
        destinationPort: UInt16, flags: TCPFlags, payload: [UInt8] = [],
        checksum: ChecksumMode = .full, dontFragment: Bool = true
    ) -> [UInt8] {
        let l4 = tcp(
            source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort,
            flags: flags, payload: payload, checksum: checksum)
        return ethernet(
            destination: destinationMAC, source: sourceMAC, vlanTCI: vlanTCI,
            etherType: source.isV4 ? EtherType.ipv4 : EtherType.ipv6,
            payload: ip(
                source: source, destination: destination, protocol: IPProtocolNumber.tcp,
                payload: l4, dontFragment: dontFragment))
    }

    /// Ethernet + IP + UDP.
    public static func udpFrame(
        destinationMAC: MACAddress, sourceMAC: MACAddress, vlanTCI: UInt16? = nil,
        source: InetAddress, destination: InetAddress, sourcePort: UInt16,
        destinationPort: UInt16, payload: [UInt8] = [], checksum: ChecksumMode = .full,
        dontFragment: Bool = true
    ) -> [UInt8] {
        let l4 = udp(
            source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort,
            payload: payload, checksum: checksum)
        return ethernet(
            destination: destinationMAC, source: sourceMAC, vlanTCI: vlanTCI,
            etherType: source.isV4 ? EtherType.ipv4 : EtherType.ipv6,
            payload: ip(
                source: source, destination: destination, protocol: IPProtocolNumber.udp,
                payload: l4, dontFragment: dontFragment))
    }

    /// Ethernet + ARP, padded to the 60-byte minimum frame.
    public static func arpFrame(
        destinationMAC: MACAddress, sourceMAC: MACAddress, operation: UInt16,
        senderMAC: MACAddress, senderAddress: InetAddress,
        targetMAC: MACAddress, targetAddress: InetAddress
    ) -> [UInt8] {
        var f = ethernet(
            destination: destinationMAC, source: sourceMAC, etherType: EtherType.arp,
            payload: arp(
                operation: operation, senderMAC: senderMAC, senderAddress: senderAddress,
                targetMAC: targetMAC, targetAddress: targetAddress))
        if f.count < HeaderSize.ethernetMinimumFrame {
            f += [UInt8](repeating: 0, count: HeaderSize.ethernetMinimumFrame - f.count)
        }
        return f
    }
}

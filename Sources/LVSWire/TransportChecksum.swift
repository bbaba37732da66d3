import LVSVocabulary

/// Full (from scratch) transport checksums: TCP, UDP and ICMPv6 over the pseudo-header, ICMP
/// over its message, SCTP's CRC32c. Used to complete CHECKSUM_PARTIAL frames, for new headers,
/// and by tests to prove incremental updates.
public enum TransportChecksum {
    /// Where the checksum field sits within the transport header, or nil for protocols without
    /// one the director maintains.
    public static func fieldOffset(protocol proto: UInt8, family: InetAddress.Family) -> Int? {
        switch proto {
        case IPProtocolNumber.tcp: TCPHeader.checksumOffset
        case IPProtocolNumber.udp: UDPHeader.checksumOffset
        case IPProtocolNumber.sctp: SCTPHeader.checksumOffset
        case IPProtocolNumber.icmp where family == .inet: ICMPHeader.checksumOffset
        case IPProtocolNumber.icmpv6 where family == .inet6: ICMPHeader.checksumOffset
        default: nil
        }
    }

    /// Bytes the checksum covers: UDP's own length field, else to the end of the IP packet.
    static func coveredLength(_ frame: FrameBuffer, protocol proto: UInt8, l4Offset: Int, l4Length: Int) -> Int {
        if proto == IPProtocolNumber.udp {
            return min(Int(frame.u16(l4Offset + 4)), l4Length)
        }
        return l4Length
    }

    /// Computes and stores the checksum of the transport segment at `l4Offset`. Returns false
    /// for protocols without a maintained checksum.
    @discardableResult
    public static func fill(
        _ frame: FrameBuffer, protocol proto: UInt8, source: InetAddress, destination: InetAddress,
        l4Offset: Int, l4Length: Int
    ) -> Bool {
        guard let field = fieldOffset(protocol: proto, family: source.family) else { return false }
        if proto == IPProtocolNumber.sctp {
            let crc = CRC32C.checksum(frame, offset: l4Offset, length: l4Length, zeroing: field)
            frame.set32(l4Offset + field, CRC32C.wireValue(crc))
            return true
        }
        let length = coveredLength(frame, protocol: proto, l4Offset: l4Offset, l4Length: l4Length)
        frame.set16(l4Offset + field, 0)
        var sum: UInt32 = 0
        if proto != IPProtocolNumber.icmp {
            sum = InternetChecksum.pseudoHeader(
                source: source, destination: destination, protocol: proto, length: length)
        }
        var value = InternetChecksum.finish(InternetChecksum.sum(frame, offset: l4Offset, length: length, adding: sum))
        // UDP sends a computed 0 as 0xFFFF; 0 means "no checksum" (RFC 768).
        if proto == IPProtocolNumber.udp && value == 0 { value = 0xFFFF }
        frame.set16(l4Offset + field, value)
        return true
    }

    /// Whether the stored checksum is right. A zero UDP checksum over IPv4 counts as right
    /// (it means none was computed).
    public static func verifies(
        _ frame: FrameBuffer, protocol proto: UInt8, source: InetAddress, destination: InetAddress,
        l4Offset: Int, l4Length: Int
    ) -> Bool {
        guard let field = fieldOffset(protocol: proto, family: source.family) else { return true }
        if proto == IPProtocolNumber.sctp {
            let crc = CRC32C.checksum(frame, offset: l4Offset, length: l4Length, zeroing: field)
            return frame.u32(l4Offset + field) == CRC32C.wireValue(crc)
        }
        if proto == IPProtocolNumber.udp && source.isV4 && frame.u16(l4Offset + field) == 0 { return true }
        let length = coveredLength(frame, protocol: proto, l4Offset: l4Offset, l4Length: l4Length)
        var sum: UInt32 = 0
        if proto != IPProtocolNumber.icmp {
            sum = InternetChecksum.pseudoHeader(
                source: source, destination: destination, protocol: proto, length: length)
        }
        return InternetChecksum.verifies(frame, offset: l4Offset, length: length, adding: sum)
    }

    /// Convenience over a parsed summary.
    @discardableResult
    public static func fill(_ frame: FrameBuffer, _ s: PacketSummary) -> Bool {
        fill(
            frame, protocol: s.ipProtocol, source: s.source, destination: s.destination,
            l4Offset: s.l4Offset, l4Length: s.l4Length)
    }

    public static func verifies(_ frame: FrameBuffer, _ s: PacketSummary) -> Bool {
        verifies(
            frame, protocol: s.ipProtocol, source: s.source, destination: s.destination,
            l4Offset: s.l4Offset, l4Length: s.l4Length)
    }
}

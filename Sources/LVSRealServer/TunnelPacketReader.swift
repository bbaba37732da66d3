import LVSCore
import LVSDataPlane
import LVSVocabulary
import LVSWire

/// Turns what a tunnel socket returned into the inner IP packet, checked by LVSDataPlane's
/// `Decapsulator` (the same code that reads tunnels on the director side).
///
/// Only IPv4 raw sockets return the outer header. For the others the kernel has already
/// stripped it (and checked it: it delivered the datagram to us), so an equivalent outer
/// header (and UDP header for GUE) is rebuilt in the headroom in front of the payload, which
/// lets one parser and one decapsulator handle every case. The rebuilt header's destination
/// is left unspecified: the kernel delivered the datagram here, so it was ours.
public struct TunnelPacketReader: Sendable {
    /// Bytes kept free in front of the received payload for the rebuilt headers.
    public static let headroom = HeaderSize.ipv6 + HeaderSize.udp

    public let tunnel: TunnelKind
    public let virtualAddresses: Set<InetAddress>
    private let parser = FrameParser(verifyIPv4Checksum: false)

    public init(tunnel: TunnelKind, virtualAddresses: [InetAddress]) {
        self.tunnel = tunnel
        self.virtualAddresses = Set(virtualAddresses)
    }

    private var guePort: UInt16? {
        if case .gue(let port) = tunnel { return port }
        return nil
    }

    /// `buffer[headroom ..< headroom + length]` holds what the socket returned; the headroom
    /// may be overwritten.
    public func innerPacket(
        in buffer: UnsafeMutableRawBufferPointer, length: Int, role: TunnelSocketRole,
        source: InetAddress, sourcePort: UInt16
    ) -> DecapsulationOutcome {
        let payload = Self.headroom
        guard length >= 0, payload + length <= buffer.count else { return .drop(.oversized) }
        let start: Int
        let isV6: Bool
        switch role {
        case .ipv4Raw:
            start = payload
            isV6 = false
        case .ipv6Raw(let protocolNumber):
            guard length <= Int(UInt16.max) else { return .drop(.oversized) }
            start = payload - HeaderSize.ipv6
            writeIPv6Header(buffer, at: start, payloadLength: length, nextHeader: protocolNumber, source: source)
            isV6 = true
        case .udp(let family):
            let udpLength = HeaderSize.udp + length
            let udpStart = payload - HeaderSize.udp
            if family == .inet {
                guard HeaderSize.ipv4Minimum + udpLength <= Int(UInt16.max) else { return .drop(.oversized) }
                start = udpStart - HeaderSize.ipv4Minimum
                writeIPv4Header(buffer, at: start, totalLength: HeaderSize.ipv4Minimum + udpLength, source: source)
            } else {
                guard udpLength <= Int(UInt16.max) else { return .drop(.oversized) }
                start = udpStart - HeaderSize.ipv6
                writeIPv6Header(
                    buffer, at: start, payloadLength: udpLength, nextHeader: IPProtocolNumber.udp, source: source)
            }
            let frame = FrameBuffer(buffer, start: udpStart, count: HeaderSize.udp)
            frame.set16(0, sourcePort)
            frame.set16(2, guePort ?? 0)
            frame.set16(4, UInt16(truncatingIfNeeded: udpLength))
            frame.set16(6, 0)
            isV6 = family == .inet6
        }

        let frame = FrameBuffer(buffer, start: start, count: payload + length - start)
        let summary: PacketSummary
        switch parser.parseIP(frame, l3: 0, isV6: isV6) {
        case .ip(let s): summary = s
        case .drop(let reason): return .drop(.tunnel(reason))
        default: return .drop(.tunnel(.notTunnelled))
        }
        switch Decapsulator.innerPacket(frame, summary, guePort: guePort) {
        case .drop(let reason):
            return .drop(.tunnel(reason))
        case .inner(let inner):
            let destination =
                inner.family == .inet
                ? IPv4Header(frame, at: inner.offset).destinationAddress
                : IPv6Header(frame, at: inner.offset).destination
            guard virtualAddresses.contains(destination) else { return .drop(.innerDestinationNotVirtual) }
            return .deliver((start + inner.offset)..<(start + inner.offset + inner.length))
        }
    }

    private func writeIPv4Header(
        _ buffer: UnsafeMutableRawBufferPointer, at offset: Int, totalLength: Int, source: InetAddress
    ) {
        let f = FrameBuffer(buffer, start: offset, count: HeaderSize.ipv4Minimum)
        f.set8(0, 0x45)
        f.set8(1, 0)
        f.set16(2, UInt16(truncatingIfNeeded: totalLength))
        f.set32(4, 0)
        f.set8(8, 64)
        f.set8(9, IPProtocolNumber.udp)
        f.set16(10, 0)
        f.set32(12, source.isV4 ? source.v4 : 0)
        f.set32(16, 0)
    }

    private func writeIPv6Header(
        _ buffer: UnsafeMutableRawBufferPointer, at offset: Int, payloadLength: Int,
        nextHeader: UInt8, source: InetAddress
    ) {
        let f = FrameBuffer(buffer, start: offset, count: HeaderSize.ipv6)
        f.set32(0, 6 << 28)
        f.set16(4, UInt16(truncatingIfNeeded: payloadLength))
        f.set8(6, nextHeader)
        f.set8(7, 64)
        f.set64(8, source.isV4 ? 0 : source.high)
        f.set64(16, source.isV4 ? 0 : source.low)
        f.set64(24, 0)
        f.set64(32, 0)
    }
}

import LVSCore
import LVSVocabulary
import LVSWire

/// Splits an oversized IPv4 TCP frame into frames that fit the egress MTU. Local senders on
/// veth (and NICs with GRO) hand packet sockets TSO/GRO "super-frames" of up to 64 KiB that
/// the kernel would segment on its way out; the director must do it itself, as the kernel's
/// software GSO does: same headers, sequence numbers advanced by the payload offset, IP
/// identification incremented, FIN and PSH on the last segment only, CWR on the first only,
/// checksums computed in full.
public enum TCPSegmenter {
    /// Calls `emit` with each segment, built in `scratch` (which must hold `mtu` plus the
    /// Ethernet header). Returns the number of segments, or nil if the frame is not IPv4 TCP
    /// with a payload to split, or `emit` refused one (it returns false).
    public static func segment(
        _ frame: FrameBuffer, mtu: Int, scratch: UnsafeMutableRawBufferPointer,
        _ emit: (FrameBuffer) -> Bool
    ) -> Int? {
        guard let s = FrameParser(verifyIPv4Checksum: false).parse(frame).ipSummary,
            s.family == .inet, s.ipProtocol == IPProtocolNumber.tcp, s.payloadLength > 0
        else { return nil }
        let headers = s.payloadOffset
        let ipHeaderLength = s.ipHeaderLength
        let tcpHeaderLength = s.payloadOffset - s.l4Offset
        let mss = mtu - ipHeaderLength - tcpHeaderLength
        guard mss > 0, headers + mss <= scratch.count, let base = scratch.baseAddress else { return nil }
        let sequence = frame.u32(s.l4Offset + 4)
        let flags = frame.u8(s.l4Offset + 13)
        let identification = frame.u16(s.l3Offset + 4)
        var offset = 0
        var index = 0
        while offset < s.payloadLength {
            let length = min(mss, s.payloadLength - offset)
            let last = offset + length >= s.payloadLength
            base.copyMemory(from: frame.storage + frame.start, byteCount: headers)
            (base + headers).copyMemory(from: frame.storage + frame.start + s.payloadOffset + offset, byteCount: length)
            let out = FrameBuffer(scratch, start: 0, count: headers + length)
            let ip = IPv4Header(out, at: s.l3Offset)
            ip.totalLength = UInt16(truncatingIfNeeded: ipHeaderLength + tcpHeaderLength + length)
            out.set16(s.l3Offset + 4, identification &+ UInt16(truncatingIfNeeded: index))
            ip.updateChecksum()
            out.set32(s.l4Offset + 4, sequence &+ UInt32(truncatingIfNeeded: offset))
            var f = flags
            if !last { f &= ~(TCPFlags.fin.rawValue | TCPFlags.psh.rawValue) }
            if index > 0 { f &= ~UInt8(0x80) }  // CWR
            out.set8(s.l4Offset + 13, f)
            TransportChecksum.fill(
                out, protocol: IPProtocolNumber.tcp, source: s.source, destination: s.destination,
                l4Offset: s.l4Offset, l4Length: tcpHeaderLength + length)
            guard emit(out) else { return nil }
            offset += length
            index += 1
        }
        return index
    }
}

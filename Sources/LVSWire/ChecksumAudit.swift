import LVSVocabulary

/// Recomputes every checksum in a frame from scratch and says which are wrong: the IPv4 header,
/// the transport checksum, the header of a packet quoted in an ICMP error, the GRE checksum, and
/// the same again inside IPIP/GUE/GRE tunnels. For tests and diagnostics (it allocates its answer).
public enum ChecksumAudit {
    /// Names of the checksums that do not verify (empty when all do). `guePort` marks UDP to that
    /// port as GUE so the inner packet is audited too.
    public static func failures(_ frame: FrameBuffer, guePort: UInt16? = nil) -> [String] {
        let parser = FrameParser(verifyIPv4Checksum: false)
        switch parser.parse(frame) {
        case .drop(let reason): return ["unparsable: \(reason.label)"]
        case .arp: return []
        case .ip(let s): return audit(frame, s, parser: parser, guePort: guePort, depth: 0)
        }
    }

    static func audit(
        _ frame: FrameBuffer, _ s: PacketSummary, parser: FrameParser, guePort: UInt16?, depth: Int
    ) -> [String] {
        var out: [String] = []
        let prefix = depth == 0 ? "" : "inner\(depth) "
        if s.family == .inet && !IPv4Header(frame, at: s.l3Offset).checksumIsValid {
            out.append(prefix + "ipv4 header")
        }
        if !TransportChecksum.verifies(frame, s) { out.append(prefix + "l4 protocol \(s.ipProtocol)") }
        if let q = s.icmp?.quote, q.family == .inet, q.quotedLength >= q.ipHeaderLength,
            !IPv4Header(frame, at: q.l3Offset).checksumIsValid
        {
            out.append(prefix + "quoted ipv4 header")
        }
        guard depth < 3 else { return out }
        var inner: Int? = nil
        if s.ipProtocol == IPProtocolNumber.ipip || s.ipProtocol == IPProtocolNumber.ipv6 {
            inner = s.l4Offset
        } else if s.ipProtocol == IPProtocolNumber.gre {
            let gre = GREHeader(frame, at: s.l4Offset)
            if gre.hasChecksum && !InternetChecksum.verifies(frame, offset: s.l4Offset, length: s.l4Length) {
                out.append(prefix + "gre")
            }
            inner = s.l4Offset + gre.length
        } else if let port = guePort, s.ipProtocol == IPProtocolNumber.udp, s.destinationPort == port {
            inner = s.payloadOffset + GUEHeader(frame, at: s.payloadOffset).length
        }
        if let at = inner {
            var view = frame
            view.setCount(s.ipEnd)
            switch parser.parseIP(view, l3: at, isV6: frame.u8(at) >> 4 == 6) {
            case .ip(let innerSummary):
                out += audit(view, innerSummary, parser: parser, guePort: guePort, depth: depth + 1)
            case .drop(let reason): out.append(prefix + "inner unparsable: \(reason.label)")
            case .arp: break
            }
        }
        return out
    }
}

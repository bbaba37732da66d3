import LVSVocabulary

/// Parses an Ethernet frame into a `PacketSummary` (or `ARPSummary`), or names why it cannot
/// be forwarded. Total over all inputs: every length is checked before use and arithmetic on
/// header fields cannot overflow (fields are at most 16 bits wide, offsets stay below the frame
/// length), so no input traps.
public struct FrameParser: Sendable {
    /// Off when the NIC already verified it (or in tests that build bad headers on purpose).
    public var verifyIPv4Checksum: Bool
    /// Longer chains are dropped rather than walked (a cheap CPU-exhaustion guard).
    public var maxIPv6ExtensionHeaders: Int

    public init(verifyIPv4Checksum: Bool = true, maxIPv6ExtensionHeaders: Int = 8) {
        self.verifyIPv4Checksum = verifyIPv4Checksum
        self.maxIPv6ExtensionHeaders = maxIPv6ExtensionHeaders
    }

    public func parse(_ frame: FrameBuffer) -> ParseResult {
        guard frame.count >= HeaderSize.ethernet else { return .drop(.truncatedEthernet) }
        var etherType = frame.u16(12)
        var l3 = HeaderSize.ethernet
        var tci: UInt16? = nil
        if etherType == EtherType.vlan {
            guard frame.count >= HeaderSize.ethernet + HeaderSize.vlanTag else { return .drop(.truncatedVLAN) }
            tci = frame.u16(14)
            etherType = frame.u16(16)
            l3 += HeaderSize.vlanTag
        }
        switch etherType {
        case EtherType.ipv4, EtherType.ipv6:
            return parseIP(frame, l3: l3, isV6: etherType == EtherType.ipv6, vlanTCI: tci)
        case EtherType.arp:
            return parseARP(frame, at: l3, vlanTCI: tci)
        default:
            return .drop(.unsupportedEtherType)
        }
    }

    func parseARP(_ frame: FrameBuffer, at offset: Int, vlanTCI: UInt16?) -> ParseResult {
        guard frame.contains(offset, HeaderSize.arpIPv4) else { return .drop(.truncatedARP) }
        let arp = ARPPacket(frame, at: offset)
        guard arp.isEthernetIPv4, arp.operation == ARPPacket.request || arp.operation == ARPPacket.reply else {
            return .drop(.unsupportedARP)
        }
        return .arp(
            ARPSummary(
                vlanTCI: vlanTCI, arpOffset: offset, operation: arp.operation,
                senderMAC: arp.senderMAC, senderAddress: InetAddress(v4: arp.senderAddress),
                targetMAC: arp.targetMAC, targetAddress: InetAddress(v4: arp.targetAddress)))
    }

    // MARK: IP

    /// Parses an IP packet starting at frame offset `l3` (an inner, decapsulated packet, or the
    /// L3 part of a frame). The packet must end within the frame; cut the view to bound it.
    public func parseIP(_ frame: FrameBuffer, l3: Int, isV6: Bool, vlanTCI: UInt16? = nil) -> ParseResult {
        let header: IPLayer
        switch isV6 ? ipv6Layer(frame, at: l3, quoted: false) : ipv4Layer(frame, at: l3, quoted: false) {
        case .failure(let reason): return .drop(reason)
        case .success(let h): header = h
        }
        let l4 = l3 + header.headerLength
        let l4Length = header.packetLength - header.headerLength
        var s = PacketSummary(
            vlanTCI: vlanTCI, l3Offset: l3, family: header.family, ipHeaderLength: header.headerLength,
            ipPacketLength: header.packetLength, ipProtocol: header.protocolNumber, l4Offset: l4,
            l4Length: l4Length, source: header.source, destination: header.destination,
            sourcePort: 0, destinationPort: 0, tcpFlags: [], payloadOffset: l4, payloadLength: l4Length,
            dontFragment: header.dontFragment, hopLimit: header.hopLimit, icmp: nil)

        switch header.protocolNumber {
        case IPProtocolNumber.tcp:
            guard l4Length >= HeaderSize.tcpMinimum else { return .drop(.truncatedTCP) }
            let tcp = TCPHeader(frame, at: l4)
            let dataOffset = tcp.headerLength
            guard dataOffset >= HeaderSize.tcpMinimum, dataOffset <= l4Length else { return .drop(.badTCPDataOffset) }
            s.sourcePort = tcp.sourcePort
            s.destinationPort = tcp.destinationPort
            s.tcpFlags = tcp.flags
            s.payloadOffset = l4 + dataOffset
            s.payloadLength = l4Length - dataOffset
        case IPProtocolNumber.udp:
            guard l4Length >= HeaderSize.udp else { return .drop(.truncatedUDP) }
            let udp = UDPHeader(frame, at: l4)
            let length = Int(udp.length)
            guard length >= HeaderSize.udp, length <= l4Length else { return .drop(.badUDPLength) }
            s.sourcePort = udp.sourcePort
            s.destinationPort = udp.destinationPort
            s.payloadOffset = l4 + HeaderSize.udp
            s.payloadLength = length - HeaderSize.udp
        case IPProtocolNumber.sctp:
            guard l4Length >= HeaderSize.sctpCommon else { return .drop(.truncatedSCTP) }
            let sctp = SCTPHeader(frame, at: l4)
            s.sourcePort = sctp.sourcePort
            s.destinationPort = sctp.destinationPort
            s.payloadOffset = l4 + HeaderSize.sctpCommon
            s.payloadLength = l4Length - HeaderSize.sctpCommon
        case IPProtocolNumber.icmp where !isV6, IPProtocolNumber.icmpv6 where isV6:
            guard l4Length >= HeaderSize.icmp else { return .drop(isV6 ? .truncatedICMPv6 : .truncatedICMP) }
            let icmp = ICMPHeader(frame, at: l4)
            var summary = ICMPSummary(type: icmp.type, code: icmp.code, restOfHeader: icmp.restOfHeader, quote: nil)
            let quotes = isV6 ? (icmp.type >= 1 && icmp.type <= 4) : ICMPType.isError(icmp.type)
            if quotes {
                switch quotedPacket(frame, at: l4 + HeaderSize.icmp, end: s.ipEnd, isV6: isV6) {
                case .failure(let reason): return .drop(reason)
                case .success(let q): summary.quote = q
                }
            }
            s.icmp = summary
            s.payloadOffset = l4 + HeaderSize.icmp
            s.payloadLength = l4Length - HeaderSize.icmp
        default:
            break  // IPIP, ESP, ...: no ports; the engine decides.
        }
        return .ip(s)
    }

    /// The quoted packet inside an ICMP error: its IP header and 8 transport bytes must be there.
    func quotedPacket(_ frame: FrameBuffer, at offset: Int, end: Int, isV6: Bool) -> Result<QuotedPacket, DropReason> {
        // Look only at the ICMP message: a view cut at the outer packet's end.
        var inner = frame
        inner.setCount(end)
        let layer = isV6 ? ipv6Layer(inner, at: offset, quoted: true) : ipv4Layer(inner, at: offset, quoted: true)
        switch layer {
        case .failure(let reason): return .failure(reason)
        case .success(let h):
            let l4 = offset + h.headerLength
            guard inner.contains(l4, 8) else { return .failure(.truncatedICMPQuote) }
            let hasPorts =
                h.protocolNumber == IPProtocolNumber.tcp || h.protocolNumber == IPProtocolNumber.udp
                || h.protocolNumber == IPProtocolNumber.sctp
            return .success(
                QuotedPacket(
                    l3Offset: offset, family: h.family, ipHeaderLength: h.headerLength, ipProtocol: h.protocolNumber,
                    l4Offset: l4, source: h.source, destination: h.destination,
                    sourcePort: hasPorts ? inner.u16(l4) : 0, destinationPort: hasPorts ? inner.u16(l4 + 2) : 0,
                    quotedLength: end - offset))
        }
    }

    struct IPLayer {
        var family: InetAddress.Family
        var headerLength: Int
        var packetLength: Int
        var protocolNumber: UInt8
        var source: InetAddress
        var destination: InetAddress
        var dontFragment: Bool
        var hopLimit: UInt8
    }

    /// An IPv4 header at `offset`. Quoted headers (inside ICMP errors) are cut short by design,
    /// so their total length is not checked against the frame, nor their checksum.
    func ipv4Layer(_ frame: FrameBuffer, at offset: Int, quoted: Bool) -> Result<IPLayer, DropReason> {
        let available = frame.count - offset
        guard available >= HeaderSize.ipv4Minimum else {
            return .failure(quoted ? .truncatedICMPQuote : .truncatedIPv4)
        }
        let ip = IPv4Header(frame, at: offset)
        guard ip.version == 4 else { return .failure(quoted ? .badICMPQuote : .badIPv4Version) }
        let ihl = ip.headerLength
        guard ihl >= HeaderSize.ipv4Minimum else { return .failure(quoted ? .badICMPQuote : .badIPv4HeaderLength) }
        guard ihl <= available else { return .failure(quoted ? .truncatedICMPQuote : .truncatedIPv4) }
        let total = Int(ip.totalLength)
        var packetLength = total
        if quoted {
            guard total >= ihl else { return .failure(.badICMPQuote) }
            packetLength = min(total, available)
            // Only a first fragment quotes the transport ports.
            if ip.fragmentOffset != 0 { return .failure(.icmpQuotesFragment) }
        } else {
            guard total >= ihl, total <= available else { return .failure(.badIPv4TotalLength) }
            if verifyIPv4Checksum && !ip.checksumIsValid { return .failure(.badIPv4Checksum) }
            if ip.isFragment { return .failure(.ipv4Fragment) }
        }
        return .success(
            IPLayer(
                family: .inet, headerLength: ihl, packetLength: packetLength,
                protocolNumber: ip.protocolNumber, source: ip.sourceAddress,
                destination: ip.destinationAddress, dontFragment: ip.dontFragment,
                hopLimit: ip.timeToLive))
    }

    /// An IPv6 header at `offset` and its extension-header chain, up to the upper layer.
    func ipv6Layer(_ frame: FrameBuffer, at offset: Int, quoted: Bool) -> Result<IPLayer, DropReason> {
        let available = frame.count - offset
        guard available >= HeaderSize.ipv6 else { return .failure(quoted ? .truncatedICMPQuote : .truncatedIPv6) }
        let ip = IPv6Header(frame, at: offset)
        guard ip.version == 6 else { return .failure(quoted ? .badICMPQuote : .badIPv6Version) }
        let declared = HeaderSize.ipv6 + Int(ip.payloadLength)
        let packetLength: Int
        if quoted {
            packetLength = min(declared, available)
        } else {
            guard declared <= available else { return .failure(.badIPv6PayloadLength) }
            packetLength = declared
        }
        let truncated: DropReason = quoted ? .truncatedICMPQuote : .truncatedIPv6ExtensionHeader
        var next = ip.nextHeader
        var cursor = HeaderSize.ipv6
        var walked = 0
        walk: while true {
            let extensionLength: Int
            switch next {
            case IPProtocolNumber.hopByHop, IPProtocolNumber.routing, IPProtocolNumber.destinationOptions:
                guard cursor + 2 <= packetLength else { return .failure(truncated) }
                extensionLength = (Int(frame.u8(offset + cursor + 1)) + 1) * 8
            case IPProtocolNumber.authentication:
                guard cursor + 2 <= packetLength else { return .failure(truncated) }
                extensionLength = (Int(frame.u8(offset + cursor + 1)) + 2) * 4
            case IPProtocolNumber.fragment:
                guard cursor + 8 <= packetLength else { return .failure(truncated) }
                let fragment = IPv6FragmentHeader(frame, at: offset + cursor)
                if quoted {
                    if fragment.fragmentOffset != 0 { return .failure(.icmpQuotesFragment) }
                } else if !fragment.isAtomic {
                    return .failure(.ipv6Fragment)
                }
                extensionLength = 8
            default:
                break walk
            }
            walked += 1
            guard walked <= maxIPv6ExtensionHeaders else {
                return .failure(quoted ? .badICMPQuote : .tooManyIPv6ExtensionHeaders)
            }
            guard cursor + extensionLength <= packetLength else { return .failure(truncated) }
            next = frame.u8(offset + cursor)
            cursor += extensionLength
        }
        return .success(
            IPLayer(
                family: .inet6, headerLength: cursor, packetLength: packetLength,
                protocolNumber: next, source: ip.source, destination: ip.destination,
                dontFragment: true, hopLimit: ip.hopLimit))
    }
}

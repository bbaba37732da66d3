import LVSVocabulary

/// Why a frame was not forwarded. Every drop has one named reason; `label` is its metric label
/// (`lvs_drops_total{reason="..."}`), and `rawValue` indexes per-worker counter arrays.
public enum DropReason: UInt8, FrameReason {
    // Ethernet / ARP
    case truncatedEthernet
    case truncatedVLAN
    case unsupportedEtherType
    case truncatedARP
    case unsupportedARP
    // IPv4
    case truncatedIPv4
    case badIPv4Version
    case badIPv4HeaderLength
    case badIPv4TotalLength
    case badIPv4Checksum
    case ipv4Fragment
    // IPv6
    case truncatedIPv6
    case badIPv6Version
    case badIPv6PayloadLength
    case truncatedIPv6ExtensionHeader
    case tooManyIPv6ExtensionHeaders
    case ipv6Fragment
    // Transport
    case truncatedTCP
    case badTCPDataOffset
    case truncatedUDP
    case badUDPLength
    case truncatedSCTP
    case truncatedICMP
    case truncatedICMPv6
    case truncatedICMPQuote
    case badICMPQuote
    case icmpQuotesFragment
    // Tunnels
    case truncatedGUE
    case badGUEVersion
    case unsupportedGUEProtocol
    case truncatedInnerIP
    case notTunnelled
    // Rewrites
    case insufficientHeadroom
    case addressFamilyMismatch
    case unsupportedProtocol
    case notICMPError
    case tunnelPacketTooBig
    case tunnelMTUTooSmall
    case hopLimitExceeded
    case truncatedGRE
    case unsupportedGRE
    case badGREChecksum
    case notARPRequest

    /// The metric label: snake_case, stable, never reused for another meaning.
    public var label: String {
        switch self {
        case .truncatedEthernet: "truncated_ethernet"
        case .truncatedVLAN: "truncated_vlan"
        case .unsupportedEtherType: "unsupported_ethertype"
        case .truncatedARP: "truncated_arp"
        case .unsupportedARP: "unsupported_arp"
        case .truncatedIPv4: "truncated_ipv4"
        case .badIPv4Version: "bad_ipv4_version"
        case .badIPv4HeaderLength: "bad_ipv4_header_length"
        case .badIPv4TotalLength: "bad_ipv4_total_length"
        case .badIPv4Checksum: "bad_ipv4_checksum"
        case .ipv4Fragment: "ipv4_fragment"
        case .truncatedIPv6: "truncated_ipv6"
        case .badIPv6Version: "bad_ipv6_version"
        case .badIPv6PayloadLength: "bad_ipv6_payload_length"
        case .truncatedIPv6ExtensionHeader: "truncated_ipv6_extension_header"
        case .tooManyIPv6ExtensionHeaders: "too_many_ipv6_extension_headers"
        case .ipv6Fragment: "ipv6_fragment"
        case .truncatedTCP: "truncated_tcp"
        case .badTCPDataOffset: "bad_tcp_data_offset"
        case .truncatedUDP: "truncated_udp"
        case .badUDPLength: "bad_udp_length"
        case .truncatedSCTP: "truncated_sctp"
        case .truncatedICMP: "truncated_icmp"
        case .truncatedICMPv6: "truncated_icmpv6"
        case .truncatedICMPQuote: "truncated_icmp_quote"
        case .badICMPQuote: "bad_icmp_quote"
        case .icmpQuotesFragment: "icmp_quotes_fragment"
        case .truncatedGUE: "truncated_gue"
        case .badGUEVersion: "bad_gue_version"
        case .unsupportedGUEProtocol: "unsupported_gue_protocol"
        case .truncatedInnerIP: "truncated_inner_ip"
        case .notTunnelled: "not_tunnelled"
        case .insufficientHeadroom: "insufficient_headroom"
        case .addressFamilyMismatch: "address_family_mismatch"
        case .unsupportedProtocol: "unsupported_protocol"
        case .notICMPError: "not_icmp_error"
        case .tunnelPacketTooBig: "tunnel_packet_too_big"
        case .tunnelMTUTooSmall: "tunnel_mtu_too_small"
        case .hopLimitExceeded: "hop_limit_exceeded"
        case .truncatedGRE: "truncated_gre"
        case .unsupportedGRE: "unsupported_gre"
        case .badGREChecksum: "bad_gre_checksum"
        case .notARPRequest: "not_arp_request"
        }
    }
}
extension DropReason: Error {}

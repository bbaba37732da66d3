/// How a VRRPv3 checksum over IPv4 is computed. RFC 5798 section 5.2.8 includes the IPv4
/// pseudo-header; some early implementations did not (keepalived's `vrrp_v3_checksum_as_v2`),
/// so it is a setting. IPv6 always uses the pseudo-header, v2 never does.
public enum VRRPChecksumMode: Sendable, Hashable {
    case rfc5798
    /// VRRPv3 over IPv4 summed over the VRRP message only, as VRRPv2.
    case v3AsV2
}

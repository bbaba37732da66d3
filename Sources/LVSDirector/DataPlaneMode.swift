/// How the director forwards the packets of connections it has decided on.
public enum DataPlaneMode: String, Sendable, CaseIterable {
    /// Every packet through the AF_PACKET rings and the Swift engine.
    case packet
    /// As `packet`, plus the XDP program (bpf/lvs_xdp.c) on each interface forwarding the
    /// packets of established connections the workers wrote into its map (docs/xdp.md).
    case xdp
}

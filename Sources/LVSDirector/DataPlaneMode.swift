/// How the director forwards the packets of connections it has decided on.
public enum DataPlaneMode: String, Sendable, CaseIterable {
    /// The default: `xdp` where every interface can take it natively and delivers complete
    /// frames (a device driver on a bus: a NIC, virtio), `packet` otherwise (veth, tap, bridge:
    /// see `XDPInterfaceSupport`), decided at start and logged.
    case automatic = "auto"
    /// Every packet through the AF_PACKET rings and the Swift engine.
    case packet
    /// As `packet`, plus the XDP program (bpf/lvs_xdp.c) on each interface forwarding the
    /// packets of established connections the workers wrote into its map (docs/xdp.md); native
    /// where the driver can, generic otherwise; a failure to load or attach stops the start.
    case xdp
}

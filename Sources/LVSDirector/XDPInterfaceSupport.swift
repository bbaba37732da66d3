import LVSLinux

/// Whether `--data-plane auto` may put the XDP program on an interface.
///
/// The program trusts the frames it rewrites to be complete, and the interface to send what it
/// returns with XDP_TX or redirects to it. A NIC's received frames come off a wire, checksums
/// complete, and its driver transmits XDP frames itself. A virtual interface breaks both: a veth
/// carries frames a local sender left for checksum offload (CHECKSUM_PARTIAL, which XDP cannot
/// see: a NAT rewrite or a frame XDP_TX'd would reach the peer with a wrong checksum), and
/// delivers XDP_TX frames only when its peer, in a namespace the director may not see, runs an
/// XDP program too; tap, bridge and bond have similar conditions. So auto takes interfaces
/// whose device sits on a bus, natively attached, and leaves the rest on the packet path.
/// `--data-plane xdp` is for an operator who has arranged the conditions (docs/xdp.md).
enum XDPInterfaceSupport {
    /// Bus placeholders of virtual interfaces: no bus (veth, ifb), "N/A" (bridge, bond), "tap".
    static let virtualBusInfo: Set<String> = ["", "N/A", "tap"]

    /// Why `auto` leaves `interface` (with `driver`) on the packet path, or nil if it may not.
    static func reasonAgainst(interface: String, driver: InterfaceDriver) -> String? {
        if virtualBusInfo.contains(driver.busInfo) {
            return "\(interface) is a virtual interface (driver \(driver.name))"
        }
        return nil
    }
}

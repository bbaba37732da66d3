import LVSLinux
import Testing

@testable import LVSDirector

/// `--data-plane auto` takes XDP only on NICs: what `ethtool -i` reports decides.
@Suite("Which interfaces --data-plane auto puts XDP on")
struct XDPInterfaceSupportTests {
    @Test(
        "virtual interfaces stay on the packet path",
        arguments: [
            ("veth", ""), ("bridge", "N/A"), ("bonding", "N/A"), ("tun", "tap"), ("ifb", ""),
        ])
    func virtualInterfaces(driver: String, bus: String) {
        let reason = XDPInterfaceSupport.reasonAgainst(
            interface: "eth0", driver: InterfaceDriver(name: driver, busInfo: bus))
        #expect(reason == "eth0 is a virtual interface (driver \(driver))")
    }

    @Test(
        "devices on a bus take XDP",
        arguments: [("virtio_net", "0000:00:03.0"), ("ixgbe", "0000:3b:00.1"), ("mlx5_core", "0000:af:00.0")])
    func devices(driver: String, bus: String) {
        #expect(
            XDPInterfaceSupport.reasonAgainst(interface: "eth1", driver: InterfaceDriver(name: driver, busInfo: bus))
                == nil)
    }
}

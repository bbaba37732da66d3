/// What `ethtool -i` shows of an interface: its driver and where its device sits. Virtual
/// interfaces (veth, tun/tap, bridge, bond...) have no bus address, or a placeholder for one.
public struct InterfaceDriver: Sendable, Equatable {
    public var name: String
    /// "0000:00:03.0" for a PCI device; empty, "N/A" or "tap" for a virtual interface.
    public var busInfo: String

    public init(name: String, busInfo: String) {
        self.name = name
        self.busInfo = busInfo
    }
}

import LVSVRRP
import LVSVocabulary

/// One vrrp_instance as the metrics show it: its status and the addresses it claims while
/// master, each with the interface it goes on.
public struct VRRPInstanceObservation: Sendable, Equatable {
    public var status: VRRPInstanceStatus
    public var addresses: [Address]
    /// garp_master_delay in seconds (keepalived's garp_delay).
    public var gratuitousDelaySeconds: Int64

    public struct Address: Sendable, Equatable {
        public var address: InetAddress
        public var interface: String

        public init(address: InetAddress, interface: String) {
            self.address = address
            self.interface = interface
        }
    }

    public init(status: VRRPInstanceStatus, addresses: [Address], gratuitousDelaySeconds: Int64) {
        self.status = status
        self.addresses = addresses
        self.gratuitousDelaySeconds = gratuitousDelaySeconds
    }

    /// `configuration`'s claimed addresses (virtual_ipaddress, then _excluded), each on its
    /// `dev` or else the instance's interface.
    public init(status: VRRPInstanceStatus, configuration: VRRPInstanceConfiguration) {
        let interface = configuration.interface ?? status.interface
        let lines = configuration.virtualIPAddresses + configuration.excludedVirtualIPAddresses
        self.init(
            status: status,
            addresses: lines.map { Address(address: $0.address, interface: $0.device ?? interface) },
            gratuitousDelaySeconds: configuration.gratuitousDelay / 1000)
    }
}

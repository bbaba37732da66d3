import LVSVocabulary

/// `sorry_server`: the server IPVS gets when the quorum of real servers is lost.
public struct SorryServer: Hashable, Sendable {
    public var address: InetAddress
    /// Port 0: none (fwmark services, or the virtual server's port filled in for others).
    public var port: UInt16
    public var forwarding: ServerForwarding
    /// `sorry_server_inhibit`.
    public var inhibitOnFailure: Bool

    public init(address: InetAddress, port: UInt16, forwarding: ServerForwarding, inhibitOnFailure: Bool = false) {
        self.address = address
        self.port = port
        self.forwarding = forwarding
        self.inhibitOnFailure = inhibitOnFailure
    }
}

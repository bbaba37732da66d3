import LVSVocabulary

/// A VRRP advert that passed the receive checks, with what the IP layer said about it.
public struct VRRPReceivedAdvertisement: Sendable, Hashable {
    public var advertisement: VRRPAdvertisement
    /// The sender's primary address: the tie-breaker between equal priorities.
    public var source: InetAddress
    public var destination: InetAddress
    public var hopLimit: UInt8
    public var vlanTCI: UInt16?
    /// The Ethernet source (the virtual MAC with use_vmac, else the sender's interface MAC).
    public var sourceMAC: MACAddress

    public init(
        advertisement: VRRPAdvertisement, source: InetAddress, destination: InetAddress, hopLimit: UInt8,
        vlanTCI: UInt16? = nil, sourceMAC: MACAddress
    ) {
        self.advertisement = advertisement
        self.source = source
        self.destination = destination
        self.hopLimit = hopLimit
        self.vlanTCI = vlanTCI
        self.sourceMAC = sourceMAC
    }
}

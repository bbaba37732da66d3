import LVSVocabulary

/// A next hop (real server or gateway) the director needs and the kernel has not resolved yet:
/// packets to it are dropped as `neighbour_unresolved` until it is.
public struct UnresolvedNeighbour: Sendable, Equatable {
    public var address: InetAddress
    public var interface: String
    /// How long it has been missing, in milliseconds.
    public var missingForMilliseconds: Int64

    public init(address: InetAddress, interface: String, missingForMilliseconds: Int64) {
        self.address = address
        self.interface = interface
        self.missingForMilliseconds = missingForMilliseconds
    }
}

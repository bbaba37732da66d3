import LVSLinux
import LVSVocabulary

/// What a VRRP instance needs from the network: send a VRRP message, and the datagrams that
/// arrive. `VRRPSocket` in production; a fake in tests, which then call the runner's `received`
/// themselves.
public protocol VRRPTransport: Sendable {
    /// The source of our adverts: the address the checksum's pseudo-header uses, and our
    /// tie-breaker between equal priorities.
    var sourceAddress: InetAddress { get }
    func send(_ message: [UInt8], to destination: InetAddress) throws
    /// Datagrams as they arrive, until `close`.
    var datagrams: AsyncStream<VRRPDatagram> { get }
    func close()
}

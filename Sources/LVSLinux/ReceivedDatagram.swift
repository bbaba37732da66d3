import CLVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// One datagram read from an `IPDatagramSocket`.
public struct ReceivedDatagram: Sendable, Equatable {
    /// Bytes written into the buffer.
    public var length: Int
    /// The sender (the outer source for raw sockets).
    public var source: InetAddress
    /// The sender's UDP port; 0 for raw sockets.
    public var sourcePort: UInt16

    public init(length: Int, source: InetAddress, sourcePort: UInt16) {
        self.length = length
        self.source = source
        self.sourcePort = sourcePort
    }
}

import LVSLinux
import LVSVocabulary
import LVSWire

#if canImport(Glibc)
import Glibc
#endif

/// An interface of a lab host as created.
public struct LabInterface: Sendable, Equatable {
    public let name: String
    public let segment: String
    public let addresses: [String]
    public let mac: MACAddress
    /// The interface's tx checksum offload after setup (read back through the ETHTOOL ioctl),
    /// or nil if it could not be read.
    public let transmitChecksumOffload: Bool?

    /// The first IPv4 address without its prefix length.
    public var ipv4: String? {
        addresses.first { !$0.contains(":") }.map { String($0.split(separator: "/")[0]) }
    }

    /// The first IPv6 address without its prefix length.
    public var ipv6: String? {
        addresses.first { $0.contains(":") }.map { String($0.split(separator: "/")[0]) }
    }
}

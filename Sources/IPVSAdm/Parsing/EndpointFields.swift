import LVSCore
import LVSVocabulary

/// The address part of ipvsadm's service/destination being built, with ipvsadm's quirks:
/// zero values mean "not given", and parsing an address writes into it in place.
struct EndpointFields: Sendable {
    var family: InetAddress.Family?
    /// IPPROTO of the service being built (nil = IPPROTO_IP, before -t/-u/--sctp-service).
    var proto: TransportProtocol?
    var address: InetAddress?
    var port: UInt16 = 0
    var fwmark: UInt32 = 0
    /// IPv4: the mask bits (host order). IPv6: the prefix length.
    var netmask: UInt32 = 0xffff_ffff
}

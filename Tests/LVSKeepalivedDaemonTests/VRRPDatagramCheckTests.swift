import LVSKeepalivedDaemon
import LVSLinux
import LVSVocabulary
import LVSWire
import Testing

/// IPv6 datagrams arrive without their header: the hop limit and destination come from the
/// socket's ancillary data, and the checksum's pseudo-header needs both addresses.
@Suite("VRRP datagram checks")
struct VRRPDatagramCheckTests {
    static let source = InetAddress("fe80::2")!
    static let group = InetAddress("ff02::12")!
    static let policy = VRRPReceivePolicy(version: .v3, virtualRouterID: 51, expectsUnicast: false)

    static func datagram(destination: InetAddress?, hopLimit: UInt8?) -> VRRPDatagram {
        let advert = VRRPAdvertisement(
            version: .v3, virtualRouterID: 51, priority: 120, advertisementInterval: 100,
            addresses: [InetAddress("2001:db8::100")!], authentication: .none)
        return VRRPDatagram(
            bytes: VRRPPacket.message(advert, source: source, destination: group), includesIPHeader: false,
            source: source, destination: destination, hopLimit: hopLimit)
    }

    @Test func anIPv6AdvertWithItsAncillaryDataPasses() throws {
        let checked = try VRRPDatagramCheck.check(
            Self.datagram(destination: Self.group, hopLimit: 255), policy: Self.policy
        )
        .get()
        #expect(checked.advertisement.priority == 120)
        #expect(checked.source == Self.source)
    }

    @Test(
        "what the ancillary data says, or does not, decides",
        arguments: [
            (InetAddress?.some(group), UInt8?.some(254), VRRPDropReason.badHopLimit),
            (group, nil, .badHopLimit),
            (nil, 255, .badIPPacket),
            // Sent to another address than the one its checksum was computed for.
            (InetAddress("2001:db8::1"), 255, .multicastUnicastMismatch),
        ])
    func dropped(destination: InetAddress?, hopLimit: UInt8?, reason: VRRPDropReason) {
        let result = VRRPDatagramCheck.check(
            Self.datagram(destination: destination, hopLimit: hopLimit), policy: Self.policy)
        #expect(throws: reason) { try result.get() }
    }

    @Test func aChecksumOverAnotherDestinationFails() {
        var policy = Self.policy
        policy.expectsUnicast = nil
        let result = VRRPDatagramCheck.check(
            Self.datagram(destination: InetAddress("ff02::1")!, hopLimit: 255), policy: policy)
        #expect(throws: VRRPDropReason.badChecksum) { try result.get() }
    }
}

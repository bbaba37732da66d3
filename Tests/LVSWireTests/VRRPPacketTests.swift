import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSWire

/// Parsing and building VRRP adverts against the real keepalived's bytes.
@Suite struct VRRPPacketTests {
    static let password = VRRPAuthentication.password(text: "s3cret")
    static let v2Policy = VRRPReceivePolicy(version: .v2, authentication: password, advertisementInterval: 100)

    func parse(
        _ bytes: [UInt8], policy: VRRPReceivePolicy = VRRPReceivePolicy()
    ) -> Result<
        VRRPReceivedAdvertisement, VRRPDropReason
    > {
        var copy = bytes
        return copy.withUnsafeMutableBytes { VRRPPacket.parse(FrameBuffer($0), policy: policy) }
    }

    func advert(_ bytes: [UInt8], policy: VRRPReceivePolicy = VRRPReceivePolicy()) throws -> VRRPReceivedAdvertisement {
        try parse(bytes, policy: policy).get()
    }

    // MARK: Golden: keepalived's adverts parse with the configured fields

    @Test func keepalivedV2PasswordAdvertParses() throws {
        let frames = VRRPFixtures.v2Pass
        #expect(frames.count >= 3)
        let received = try advert(frames[0], policy: Self.v2Policy)
        #expect(
            received.advertisement
                == VRRPAdvertisement(
                    version: .v2, virtualRouterID: 51, priority: 150, advertisementInterval: 100,
                    addresses: [InetAddress("198.18.50.100")!, InetAddress("198.18.50.101")!],
                    authentication: Self.password))
        #expect(received.source == VRRPFixtures.speaker4)
        #expect(received.destination == VRRPPacket.ipv4Group)
        #expect(received.hopLimit == 255)
        #expect(received.sourceMAC == VRRPFixtures.speakerMAC)
        // keepalived's goodbye when it stops.
        #expect(try advert(frames[frames.count - 1], policy: Self.v2Policy).advertisement.priority == 0)
    }

    @Test func keepalivedV3IPv4AdvertParses() throws {
        let frames = VRRPFixtures.v3IPv4
        #expect(frames.count >= 3)
        let received = try advert(frames[0], policy: VRRPReceivePolicy(version: .v3))
        #expect(
            received.advertisement
                == VRRPAdvertisement(
                    version: .v3, virtualRouterID: 52, priority: 100, advertisementInterval: 100,
                    addresses: [InetAddress("198.18.50.102")!]))
        #expect(try advert(frames[frames.count - 1]).advertisement.priority == 0)
    }

    @Test func keepalivedV3IPv6AdvertParses() throws {
        let frames = VRRPFixtures.v3IPv6
        #expect(frames.count >= 3)
        let received = try advert(frames[0], policy: VRRPReceivePolicy(version: .v3))
        #expect(
            received.advertisement
                == VRRPAdvertisement(
                    version: .v3, virtualRouterID: 53, priority: 200, advertisementInterval: 50,
                    addresses: [InetAddress("2001:db8:50::100")!]))
        #expect(received.source == VRRPFixtures.speaker6)
        #expect(received.destination == VRRPPacket.ipv6Group)
        #expect(try advert(frames[frames.count - 1]).advertisement.priority == 0)
    }

    /// keepalived sums VRRPv3 over IPv4 with the pseudo-header: without it the checksum fails.
    @Test func keepalivedV3IPv4ChecksumIncludesThePseudoHeader() {
        let frame = VRRPFixtures.v3IPv4[0]
        #expect(parse(frame, policy: VRRPReceivePolicy(checksumMode: .v3AsV2)) == .failure(.badChecksum))
    }

    // MARK: Golden: our builder writes keepalived's bytes

    /// Every captured frame, rebuilt from its parsed fields. What legitimately differs is taken
    /// from the capture: the IPv4 ID and the IPv6 flow label (the kernel's), and the source MAC
    /// (keepalived without use_vmac uses the interface's).
    @Test(arguments: ["v2-pass", "v3-ipv4", "v3-ipv6"])
    func builderReproducesKeepalivedFrames(file: String) throws {
        let frames = VRRPFixtures.frames(file)
        #expect(!frames.isEmpty)
        for frame in frames {
            let received = try advert(frame)
            let isV4 = received.source.isV4
            let identification = UInt16(frame[18]) << 8 | UInt16(frame[19])
            let flowLabel = UInt32(frame[15] & 0x0F) << 16 | UInt32(frame[16]) << 8 | UInt32(frame[17])
            let built = VRRPPacket.frame(
                received.advertisement, source: received.source, sourceMAC: VRRPFixtures.speakerMAC,
                identification: isV4 ? identification : 0, flowLabel: isV4 ? 0 : flowLabel)
            #expect(built == frame)
        }
    }

    @Test func builderDefaultsToTheVirtualMACAndTheGroup() throws {
        let advert = VRRPAdvertisement(
            version: .v3, virtualRouterID: 7, priority: 100, advertisementInterval: 100,
            addresses: [InetAddress("2001:db8::7")!])
        let frame = VRRPPacket.frame(advert, source: VRRPFixtures.speaker6)
        #expect(Array(frame[0..<6]) == [0x33, 0x33, 0, 0, 0, 0x12])
        #expect(Array(frame[6..<12]) == [0, 0, 0x5E, 0, 2, 7])
        let received = try self.advert(frame)
        #expect(received.advertisement == advert)
        #expect(received.destination == VRRPPacket.ipv6Group)
        let v4 = VRRPPacket.frame(
            VRRPAdvertisement(
                version: .v2, virtualRouterID: 9, priority: 1, advertisementInterval: 300,
                addresses: [InetAddress("198.18.0.9")!]),
            source: VRRPFixtures.speaker4, destination: InetAddress("198.18.0.2")!,
            destinationMAC: MACAddress(0x0200_0000_0002))
        #expect(Array(v4[6..<12]) == [0, 0, 0x5E, 0, 1, 9])
        #expect(try self.advert(v4).destination == InetAddress("198.18.0.2")!)
    }

    // MARK: Malformed variants

    /// The fixture's IP and VRRP offsets.
    static func vrrpOffset(_ frame: [UInt8]) -> Int { frame[12] == 0x08 ? 14 + Int(frame[14] & 0x0F) * 4 : 54 }

    /// Applies `change`, then fixes the IPv4 header checksum and (unless told not to) the VRRP
    /// checksum, so the check under test is the one that fails.
    static func mutated(_ frame: [UInt8], fixVRRPChecksum: Bool = true, _ change: (inout [UInt8]) -> Void) -> [UInt8] {
        var bytes = frame
        change(&bytes)
        let isV4 = bytes[12] == 0x08
        bytes.withUnsafeMutableBytes { raw in
            let buffer = FrameBuffer(raw)
            if isV4 { IPv4Header(buffer, at: 14).updateChecksum() }
            let offset = vrrpOffset(frame)
            guard fixVRRPChecksum, buffer.count > offset + 8 else { return }
            let source = isV4 ? IPv4Header(buffer, at: 14).sourceAddress : IPv6Header(buffer, at: 14).source
            let destination =
                isV4 ? IPv4Header(buffer, at: 14).destinationAddress : IPv6Header(buffer, at: 14).destination
            let length = buffer.count - offset
            let version = VRRPVersion(rawValue: buffer.u8(offset) >> 4) ?? .v3
            buffer.set16(offset + 6, 0)
            let pseudo = VRRPPacket.pseudoHeaderSum(
                version: version, source: source, destination: destination, length: length, mode: .rfc5798)
            buffer.set16(
                offset + 6,
                InternetChecksum.finish(InternetChecksum.sum(buffer, offset: offset, length: length, adding: pseudo)))
        }
        return bytes
    }

    @Test func malformedAdvertsAreRejectedWithTheirReason() {
        let v2 = VRRPFixtures.v2Pass[0]
        let v3 = VRRPFixtures.v3IPv4[0]
        let v6 = VRRPFixtures.v3IPv6[0]
        let at2 = Self.vrrpOffset(v2)
        let at6 = Self.vrrpOffset(v6)
        let policy = Self.v2Policy
        // Sanity: the unchanged frames pass, also through the fixing helper.
        #expect((try? parse(Self.mutated(v2) { _ in }, policy: policy).get()) != nil)
        #expect((try? parse(Self.mutated(v6) { _ in }).get()) != nil)

        #expect(
            parse(Self.mutated(v2, fixVRRPChecksum: false) { $0[at2 + 7] ^= 0x01 }, policy: policy)
                == .failure(.badChecksum))
        #expect(parse(Self.mutated(v6, fixVRRPChecksum: false) { $0[at6 + 9] ^= 0x40 }) == .failure(.badChecksum))
        #expect(parse(Self.mutated(v2) { $0[22] = 254 }, policy: policy) == .failure(.badHopLimit))
        #expect(parse(Self.mutated(v6) { $0[21] = 254 }) == .failure(.badHopLimit))
        // keepalived skips the TTL check for unicast peers.
        #expect(
            (try? parse(Self.mutated(v2) { $0[22] = 254 }, policy: VRRPReceivePolicy(requiresHopLimit255: false)).get())
                != nil)
        #expect(parse(Self.mutated(v2) { $0[at2] = 0x41 }, policy: policy) == .failure(.badVersion))
        #expect(parse(v3, policy: policy) == .failure(.badVersion))
        // v2 over IPv6 does not exist.
        #expect(parse(Self.mutated(v6) { $0[at6] = 0x21 }) == .failure(.badVersion))
        #expect(parse(Self.mutated(v2) { $0[at2] = 0x22 }, policy: policy) == .failure(.badType))
        // One address fewer than the count says: the IP length cut with it.
        let short = Self.mutated(v2) { bytes in
            bytes.removeSubrange((at2 + 12)..<(at2 + 16))
            bytes[17] -= 4
        }
        #expect(parse(short, policy: policy) == .failure(.truncatedAddresses))
        #expect(parse(Self.mutated(v2) { $0[at2 + 3] = 1 }, policy: policy) == .failure(.addressCountMismatch))
        #expect(parse(Self.mutated(v2) { $0[at2 + 3] = 3 }, policy: policy) == .failure(.truncatedAddresses))
        // The frame cut without the IP length: the IP layer refuses it.
        #expect(parse(Array(v2.dropLast(3)), policy: policy) == .failure(.badIPPacket))
        let header6 = Self.mutated(v2) { bytes in
            bytes.removeSubrange((at2 + 6)..<bytes.count)
            bytes[17] = UInt8(bytes.count - 14)
        }
        #expect(parse(header6, policy: policy) == .failure(.truncatedVRRP))
        #expect(parse(Self.mutated(v2) { $0[at2 + 17] ^= 0x20 }, policy: policy) == .failure(.badPassword))
        #expect(parse(Self.mutated(v2) { $0[at2 + 4] = 0 }, policy: policy) == .failure(.authTypeMismatch))
        #expect(parse(Self.mutated(v2) { $0[at2 + 4] = 5 }, policy: policy) == .failure(.unsupportedAuthType))
        var otherInterval = policy
        otherInterval.advertisementInterval = 200
        #expect(parse(v2, policy: otherInterval) == .failure(.badInterval))
        #expect(parse(Self.mutated(v2) { $0[at2 + 5] = 0 }) == .failure(.badInterval))
        #expect(
            parse(
                Self.mutated(v6) {
                    $0[at6 + 4] = 0xF0
                    $0[at6 + 5] = 0
                }) == .failure(.badInterval))
        #expect(parse(Self.mutated(v2) { $0[23] = 89 }, policy: policy) == .failure(.notVRRP))
        #expect(parse(Array(v2.prefix(10))) == .failure(.notIP))
        var otherRouter = policy
        otherRouter.virtualRouterID = 52
        #expect(parse(v2, policy: otherRouter) == .failure(.otherVirtualRouter))
        #expect(parse(v2, policy: VRRPReceivePolicy(expectsUnicast: true)) == .failure(.multicastUnicastMismatch))
        #expect((try? parse(v6, policy: VRRPReceivePolicy(virtualRouterID: 53, expectsUnicast: false)).get()) != nil)
    }

    @Test func dropReasonLabelsAreSnakeCaseAndDistinct() {
        let labels = VRRPDropReason.allCases.map(\.label)
        #expect(Set(labels).count == labels.count)
        for label in labels { #expect(label.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber }) }
    }
}

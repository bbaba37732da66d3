import LVSVocabulary

/// Parsing and building VRRP adverts as whole Ethernet frames: v2 and v3 over IPv4, v3 over IPv6.
/// Parsing is total (no input traps: every read goes through `FrameBuffer`'s checks after the
/// lengths were checked); building allocates, as VRRP is one packet per interval.
public enum VRRPPacket {
    /// 224.0.0.18
    public static let ipv4Group = InetAddress(v4: 0xE000_0012)
    /// ff02::12
    public static let ipv6Group = InetAddress(v6High: 0xFF02_0000_0000_0000, low: 0x12)
    /// IP precedence "internetwork control" (0xc0), the TOS / traffic class keepalived sends with.
    public static let trafficClass: UInt8 = 0xC0

    /// The virtual router MAC: 00:00:5e:00:01:VRID (IPv4) or 00:00:5e:00:02:VRID (IPv6).
    public static func virtualMAC(virtualRouterID: UInt8, family: InetAddress.Family) -> MACAddress {
        MACAddress(0x00, 0x00, 0x5E, 0x00, family == .inet ? 0x01 : 0x02, virtualRouterID)
    }

    /// The group address adverts go to without unicast peers.
    public static func group(_ family: InetAddress.Family) -> InetAddress {
        family == .inet ? ipv4Group : ipv6Group
    }

    /// The Ethernet address of an IP multicast group (RFC 1112 section 6.4, RFC 2464 section 7),
    /// nil for a unicast address.
    public static func multicastMAC(_ address: InetAddress) -> MACAddress? {
        if address.isV4 {
            guard address.v4 >> 28 == 0xE else { return nil }
            return MACAddress(0x0100_5E00_0000 | UInt64(address.v4 & 0x7F_FFFF))
        }
        guard address.high >> 56 == 0xFF else { return nil }
        return MACAddress(0x3333_0000_0000 | (address.low & 0xFFFF_FFFF))
    }

    // MARK: Parsing

    /// Checks a received frame as RFC 3768 / 5798 section 7.1 and keepalived do, in keepalived's
    /// order: hop limit, version, type, then the instance (VRID, multicast or unicast), length
    /// against the count, checksum, authentication, interval. Ethernet padding is excluded by the
    /// IP length.
    public static func parse(
        _ frame: FrameBuffer, policy: VRRPReceivePolicy = VRRPReceivePolicy()
    ) -> Result<VRRPReceivedAdvertisement, VRRPDropReason> {
        guard frame.count >= HeaderSize.ethernet else { return .failure(.notIP) }
        var etherType = frame.u16(12)
        var l3 = HeaderSize.ethernet
        var vlanTCI: UInt16? = nil
        if etherType == EtherType.vlan {
            guard frame.count >= HeaderSize.ethernet + HeaderSize.vlanTag else { return .failure(.notIP) }
            vlanTCI = frame.u16(14)
            etherType = frame.u16(16)
            l3 += HeaderSize.vlanTag
        }
        guard etherType == EtherType.ipv4 || etherType == EtherType.ipv6 else { return .failure(.notIP) }
        guard case .ip(let ip) = FrameParser().parseIP(frame, l3: l3, isV6: etherType == EtherType.ipv6) else {
            return .failure(.badIPPacket)
        }
        guard ip.ipProtocol == IPProtocolNumber.vrrp else { return .failure(.notVRRP) }
        return parseMessage(
            frame, at: ip.l4Offset, length: ip.l4Length, source: ip.source, destination: ip.destination,
            hopLimit: ip.hopLimit, policy: policy
        ).map {
            VRRPReceivedAdvertisement(
                advertisement: $0, source: ip.source, destination: ip.destination, hopLimit: ip.hopLimit,
                vlanTCI: vlanTCI, sourceMAC: frame.mac(6))
        }
    }

    /// Checks the VRRP message of `length` bytes at `offset` (the IP payload).
    public static func parseMessage(
        _ frame: FrameBuffer, at offset: Int, length: Int, source: InetAddress, destination: InetAddress,
        hopLimit: UInt8, policy: VRRPReceivePolicy
    ) -> Result<VRRPAdvertisement, VRRPDropReason> {
        guard length >= VRRPHeader.size, frame.contains(offset, length) else { return .failure(.truncatedVRRP) }
        let family = source.family
        let header = VRRPHeader(frame, at: offset)
        if policy.requiresHopLimit255 && hopLimit != VRRPHeader.hopLimit { return .failure(.badHopLimit) }
        guard let version = VRRPVersion(rawValue: header.version), version == .v3 || family == .inet else {
            return .failure(.badVersion)
        }
        if let wanted = policy.version, wanted != version { return .failure(.badVersion) }
        guard header.type == VRRPHeader.advertisementType else { return .failure(.badType) }
        if let wanted = policy.virtualRouterID, wanted != header.virtualRouterID {
            return .failure(.otherVirtualRouter)
        }
        if let unicast = policy.expectsUnicast, unicast == (multicastMAC(destination) != nil) {
            return .failure(.multicastUnicastMismatch)
        }
        let expected = VRRPHeader.messageLength(
            version: version.rawValue, family: family, addressCount: header.addressCount)
        guard length >= expected else { return .failure(.truncatedAddresses) }
        guard length == expected else { return .failure(.addressCountMismatch) }
        guard
            checksumVerifies(
                frame, at: offset, length: length, version: version, source: source,
                destination: destination, mode: policy.checksumMode)
        else { return .failure(.badChecksum) }

        var authentication = VRRPAuthentication.none
        let interval: Int
        switch version {
        case .v2:
            switch header.authType {
            case VRRPAuthentication.typeNone: authentication = .none
            case VRRPAuthentication.typePassword: authentication = .password(header.authData(family: family))
            default: return .failure(.unsupportedAuthType)
            }
            if let wanted = policy.authentication {
                guard wanted.authType == authentication.authType else { return .failure(.authTypeMismatch) }
                guard wanted == authentication else { return .failure(.badPassword) }
            }
            interval = Int(header.v2AdvertisementInterval) * 100
            if let wanted = policy.advertisementInterval, wanted != interval { return .failure(.badInterval) }
        case .v3:
            interval = Int(header.v3MaxAdvertisementInterval)
        }
        guard interval > 0 else { return .failure(.badInterval) }
        let addresses = (0..<header.addressCount).map { header.address($0, family: family) }
        return .success(
            VRRPAdvertisement(
                version: version, virtualRouterID: header.virtualRouterID, priority: header.priority,
                advertisementInterval: interval, addresses: addresses, authentication: authentication))
    }

    static func checksumVerifies(
        _ frame: FrameBuffer, at offset: Int, length: Int, version: VRRPVersion, source: InetAddress,
        destination: InetAddress, mode: VRRPChecksumMode
    ) -> Bool {
        let pseudo = pseudoHeaderSum(
            version: version, source: source, destination: destination, length: length, mode: mode)
        return InternetChecksum.verifies(frame, offset: offset, length: length, adding: pseudo)
    }

    /// The pseudo-header part of the checksum: none for v2 (and v3 as v2), RFC 5798's otherwise.
    static func pseudoHeaderSum(
        version: VRRPVersion, source: InetAddress, destination: InetAddress, length: Int, mode: VRRPChecksumMode
    ) -> UInt32 {
        if version == .v2 || (source.isV4 && mode == .v3AsV2) { return 0 }
        return InternetChecksum.pseudoHeader(
            source: source, destination: destination, protocol: IPProtocolNumber.vrrp, length: length)
    }

    // MARK: Building

    /// The VRRP message (header, addresses, v2 auth data) with its checksum.
    public static func message(
        _ advert: VRRPAdvertisement, source: InetAddress, destination: InetAddress,
        checksumMode: VRRPChecksumMode = .rfc5798
    ) -> [UInt8] {
        let count = min(advert.addresses.count, 255)
        var bytes: [UInt8] = [
            advert.version.rawValue << 4 | VRRPHeader.advertisementType, advert.virtualRouterID, advert.priority,
            UInt8(count),
        ]
        switch advert.version {
        case .v2:
            // Whole seconds, at least 1: the field cannot say less.
            let seconds = UInt8(clamping: max(1, advert.advertisementInterval / 100))
            bytes += [advert.authentication.authType, seconds]
        case .v3:
            PacketBuilder.append16(&bytes, UInt16(clamping: max(0, min(advert.advertisementInterval, 0xFFF))))
        }
        bytes += [0, 0]
        for address in advert.addresses.prefix(count) { bytes += address.bytes }
        if advert.version == .v2 {
            for index in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: advert.authentication.authData >> (56 - 8 * index)))
            }
        }
        let pseudo = pseudoHeaderSum(
            version: advert.version, source: source, destination: destination, length: bytes.count,
            mode: checksumMode)
        PacketBuilder.put16(
            &bytes, at: VRRPHeader.checksumOffset, InternetChecksum.finish(PacketBuilder.sum(bytes, adding: pseudo)))
        return bytes
    }

    /// A complete Ethernet frame carrying `advert` from `source` (the instance's primary address)
    /// to the VRRP group or a unicast peer, TTL / hop limit 255 and keepalived's TOS 0xc0.
    /// - Parameters:
    ///   - sourceMAC: the virtual MAC by default (RFC 3768 section 7.3); keepalived without
    ///     `use_vmac` sends from the interface's MAC instead.
    ///   - destinationMAC: by default the group's multicast MAC; a unicast peer needs its own
    ///     (broadcast when none is given).
    ///   - identification: the IPv4 ID (the kernel counts it per packet).
    ///   - flowLabel: the IPv6 flow label (the kernel may pick one per socket).
    public static func frame(
        _ advert: VRRPAdvertisement, source: InetAddress, destination: InetAddress? = nil,
        sourceMAC: MACAddress? = nil, destinationMAC: MACAddress? = nil, vlanTCI: UInt16? = nil,
        identification: UInt16 = 0, flowLabel: UInt32 = 0, checksumMode: VRRPChecksumMode = .rfc5798
    ) -> [UInt8] {
        let target = destination ?? group(source.family)
        let payload = message(advert, source: source, destination: target, checksumMode: checksumMode)
        let packet: [UInt8]
        if source.isV4 {
            packet = PacketBuilder.ipv4(
                source: source, destination: target, protocol: IPProtocolNumber.vrrp, payload: payload,
                ttl: VRRPHeader.hopLimit, identification: identification, dontFragment: false, tos: trafficClass)
        } else {
            packet = PacketBuilder.ipv6(
                source: source, destination: target, nextHeader: IPProtocolNumber.vrrp, payload: payload,
                hopLimit: VRRPHeader.hopLimit, trafficClass: trafficClass, flowLabel: flowLabel)
        }
        return PacketBuilder.ethernet(
            destination: destinationMAC ?? multicastMAC(target) ?? .broadcast,
            source: sourceMAC ?? virtualMAC(virtualRouterID: advert.virtualRouterID, family: source.family),
            vlanTCI: vlanTCI, etherType: source.isV4 ? EtherType.ipv4 : EtherType.ipv6, payload: packet)
    }
}

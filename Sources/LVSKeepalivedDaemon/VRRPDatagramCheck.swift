import LVSLinux
import LVSVocabulary
import LVSWire

/// The receive checks on a datagram as the raw socket returns it: IPv4 with its header (the
/// header's TTL and addresses are what is checked), IPv6 without it (the hop limit and
/// destination come from the socket's ancillary data).
public enum VRRPDatagramCheck {
    public static func check(
        _ datagram: VRRPDatagram, policy: VRRPReceivePolicy
    ) -> Result<VRRPReceivedAdvertisement, VRRPDropReason> {
        var bytes = datagram.bytes
        return bytes.withUnsafeMutableBytes { raw -> Result<VRRPReceivedAdvertisement, VRRPDropReason> in
            let frame = FrameBuffer(raw)
            let offset: Int
            let length: Int
            let source: InetAddress
            let destination: InetAddress
            let hopLimit: UInt8
            if datagram.includesIPHeader {
                guard case .ip(let ip) = FrameParser().parseIP(frame, l3: 0, isV6: false) else {
                    return .failure(.badIPPacket)
                }
                guard ip.ipProtocol == IPProtocolNumber.vrrp else { return .failure(.notVRRP) }
                (offset, length) = (ip.l4Offset, ip.l4Length)
                (source, destination, hopLimit) = (ip.source, ip.destination, ip.hopLimit)
            } else {
                // Without IPV6_PKTINFO the destination is unknown: the checksum cannot be
                // verified, so the datagram is not trusted (and a hop limit the kernel did not
                // give is taken as 0, failing the multicast check).
                guard let known = datagram.destination else { return .failure(.badIPPacket) }
                (offset, length) = (0, raw.count)
                (source, destination, hopLimit) = (datagram.source, known, datagram.hopLimit ?? 0)
            }
            return VRRPPacket.parseMessage(
                frame, at: offset, length: length, source: source, destination: destination, hopLimit: hopLimit,
                policy: policy
            ).map {
                VRRPReceivedAdvertisement(
                    advertisement: $0, source: source, destination: destination, hopLimit: hopLimit,
                    sourceMAC: MACAddress(0))
            }
        }
    }
}

import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSWire

/// Just enough frame building and reading for these tests (the real codecs live in LVSWire).
enum TestFrames {
    static func ipv4(_ s: String) -> [UInt8] {
        s.split(separator: ".").map { UInt8($0)! }
    }

    /// Ethernet + IPv4 + UDP (checksum 0, allowed for IPv4) around `payload`.
    static func udp(
        from srcMAC: MACAddress, to dstMAC: MACAddress,
        source: String, destination: String, sourcePort: UInt16, destinationPort: UInt16,
        payload: [UInt8], identification: UInt16 = 1
    ) -> [UInt8] {
        var f = dstMAC.bytes + srcMAC.bytes + [0x08, 0x00]
        let total = 20 + 8 + payload.count
        var ip: [UInt8] = [
            0x45, 0, UInt8(total >> 8), UInt8(total & 0xff),
            UInt8(identification >> 8), UInt8(identification & 0xff), 0x40, 0, 64, 17, 0, 0,
        ]
        ip += ipv4(source) + ipv4(destination)
        let sum = checksum(ip)
        ip[10] = UInt8(sum >> 8)
        ip[11] = UInt8(sum & 0xff)
        f += ip
        let udpLength = 8 + payload.count
        f += [
            UInt8(sourcePort >> 8), UInt8(sourcePort & 0xff), UInt8(destinationPort >> 8),
            UInt8(destinationPort & 0xff),
            UInt8(udpLength >> 8), UInt8(udpLength & 0xff), 0, 0,
        ]
        return f + payload
    }

    /// The IP packet inside `udp(...)`: what a TUN device carries.
    static func udpPacket(
        source: String, destination: String, sourcePort: UInt16, destinationPort: UInt16, payload: [UInt8]
    ) -> [UInt8] {
        Array(
            udp(
                from: .broadcast, to: .broadcast, source: source, destination: destination,
                sourcePort: sourcePort, destinationPort: destinationPort, payload: payload
            ).dropFirst(14))
    }

    static func checksum(_ bytes: [UInt8]) -> UInt16 { ~referenceSum(bytes) }

    /// A received Ethernet/IPv4/UDP frame's fields, or nil for anything else.
    struct UDPView: Equatable {
        var destinationMAC: MACAddress
        var sourceMAC: MACAddress
        var source: [UInt8]
        var destination: [UInt8]
        var sourcePort: UInt16
        var destinationPort: UInt16
        var payload: [UInt8]
    }

    static func parseUDP(_ b: [UInt8]) -> UDPView? {
        guard b.count >= 42, b[12] == 0x08, b[13] == 0x00, b[14] >> 4 == 4, b[23] == 17 else { return nil }
        let ihl = Int(b[14] & 0x0f) * 4
        let total = Int(b[16]) << 8 | Int(b[17])
        let l4 = 14 + ihl
        guard b.count >= 14 + total, total >= ihl + 8 else { return nil }
        return UDPView(
            destinationMAC: MACAddress(bytes: b[0..<6])!, sourceMAC: MACAddress(bytes: b[6..<12])!,
            source: Array(b[26..<30]), destination: Array(b[30..<34]),
            sourcePort: UInt16(b[l4]) << 8 | UInt16(b[l4 + 1]),
            destinationPort: UInt16(b[l4 + 2]) << 8 | UInt16(b[l4 + 3]),
            payload: Array(b[(l4 + 8)..<(14 + total)]))
    }
}

import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSWire

@Suite struct ChecksumTests {
    @Test func rfc1071Example() {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
        let bytes: [UInt8] = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]
        #expect(PacketBuilder.sum(bytes) == 0xDDF2)
        #expect(InternetChecksum.finish(0xDDF2) == 0x220D)
    }

    @Test func knownIPv4Header() {
        // A captured header whose checksum field is b861.
        var header: [UInt8] = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
            0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8, 0x00, 0xC7,
        ]
        #expect(InternetChecksum.finish(PacketBuilder.sum(header)) == 0xB861)
        header[10] = 0xB8
        header[11] = 0x61
        withFrame(header) { f in
            #expect(IPv4Header(f, at: 0).checksumIsValid)
            f.set8(8, 0x3F)
            #expect(!IPv4Header(f, at: 0).checksumIsValid)
            IPv4Header(f, at: 0).updateChecksum()
            #expect(IPv4Header(f, at: 0).checksumIsValid)
        }
    }

    @Test func sumMatchesReferenceForEveryLengthAndAlignment() {
        var rng = SplitMix64(seed: 7)
        for length in 0...80 {
            for offset in 0..<3 {
                let bytes = (0..<(length + offset)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                let region = Array(bytes[offset...])
                let got = withFrame(bytes) { InternetChecksum.sum($0, offset: offset, length: length) }
                let want = referenceSum(region)
                // 0 and 0xFFFF are the same number in ones' complement; only all-zero input gives 0.
                #expect(
                    got == UInt32(want) || (got == 0xFFFF && want == 0) || (got == 0 && want == 0xFFFF),
                    "length \(length) offset \(offset)")
            }
        }
        // All ones in 8-byte words exercises the 64-bit carry path.
        #expect(PacketBuilder.sum([UInt8](repeating: 0xFF, count: 64)) == 0xFFFF)
    }

    @Test func sumOutsideFrameIsCut() {
        withFrame([0x12, 0x34, 0x56]) { f in
            #expect(InternetChecksum.sum(f, offset: 0, length: 100) == 0x6834)
            #expect(InternetChecksum.sum(f, offset: 5, length: 4) == 0)
            #expect(InternetChecksum.sum(f, offset: -1, length: 4) == 0)
        }
    }

    @Test func pseudoHeaderV4MatchesBytes() {
        let src = addr("198.18.1.10")
        let dst = addr("198.18.0.100")
        let bytes = src.bytes + dst.bytes + [0, 6, 0x05, 0xDC]
        #expect(
            InternetChecksum.pseudoHeader(source: src, destination: dst, protocol: 6, length: 1500)
                == UInt32(referenceSum(bytes)))
    }

    @Test func pseudoHeaderV6MatchesBytes() {
        let src = addr("2001:db8:1::10")
        let dst = addr("2001:db8:ffff:1234::abcd")
        let bytes = src.bytes + dst.bytes + [0, 1, 0x00, 0x10, 0, 0, 0, 17]
        #expect(
            InternetChecksum.pseudoHeader(source: src, destination: dst, protocol: 17, length: 65552)
                == UInt32(referenceSum(bytes)))
    }

    /// RFC 1624: updating after a field change equals recomputing (as a ones'-complement value).
    @Test func incrementalEqualsRecomputation() {
        var rng = SplitMix64(seed: 42)
        for round in 0..<2000 {
            var data = (0..<40).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 10 == 0 { data = [UInt8](repeating: 0, count: 40) }  // the -0/+0 edge cases
            let before = ~referenceSum(data)
            let width = [2, 4, 16][round % 3]
            let at = Int.random(in: 0...(40 - width) / 2, using: &rng) * 2
            let old = Array(data[at..<(at + width)])
            var new = (0..<width).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 7 == 0 { new = [UInt8](repeating: 0, count: width) }
            data.replaceSubrange(at..<(at + width), with: new)
            let updated: UInt16
            switch width {
            case 2:
                updated = InternetChecksum.update(
                    before, old: UInt16(old[0]) << 8 | UInt16(old[1]),
                    new: UInt16(new[0]) << 8 | UInt16(new[1]))
            case 4:
                func u32(_ b: [UInt8]) -> UInt32 { b.reduce(0) { $0 << 8 | UInt32($1) } }
                updated = InternetChecksum.update(before, old: u32(old), new: u32(new))
            default:
                func v6(_ b: [UInt8]) -> InetAddress {
                    InetAddress(
                        v6High: b[0..<8].reduce(0) { $0 << 8 | UInt64($1) },
                        low: b[8..<16].reduce(0) { $0 << 8 | UInt64($1) })
                }
                updated = InternetChecksum.update(before, old: v6(old), new: v6(new))
            }
            // The updated field must make the data verify, exactly like a recomputed one. All-zero
            // data (which no IP or transport header can be) sums to 0, and a 0 field is as right
            // as 0xFFFF there.
            if data.allSatisfy({ $0 == 0 }) {
                #expect(updated == 0 || updated == 0xFFFF)
                continue
            }
            #expect(referenceSum(data + [UInt8(updated >> 8), UInt8(updated & 0xFF)]) == 0xFFFF, "round \(round)")
        }
    }

    @Test func crc32cKnownVector() {
        // RFC 3720 B.4 / the common check value for "123456789".
        let bytes = Array("123456789".utf8)
        #expect(withFrame(bytes) { CRC32C.checksum($0, offset: 0, length: bytes.count) } == 0xE306_9283)
        // 32 bytes of zeros: 0x8A9136AA (RFC 3720 B.4).
        let zeros = [UInt8](repeating: 0, count: 32)
        #expect(withFrame(zeros) { CRC32C.checksum($0, offset: 0, length: 32) } == 0x8A91_36AA)
    }

    @Test func transportChecksumFillAndVerify() {
        let frame = PacketBuilder.tcpFrame(
            destinationMAC: TestAddresses.directorMAC,
            sourceMAC: TestAddresses.clientMAC,
            source: TestAddresses.client6, destination: TestAddresses.vip6,
            sourcePort: 40000, destinationPort: 80, flags: [.syn],
            payload: Array("hello".utf8))
        withFrame(frame) { f in
            guard case .ip(let s) = FrameParser().parse(f) else {
                Issue.record("parse")
                return
            }
            #expect(TransportChecksum.verifies(f, s))
            f.set8(s.payloadOffset, 0x48)
            #expect(!TransportChecksum.verifies(f, s))
            TransportChecksum.fill(f, s)
            #expect(TransportChecksum.verifies(f, s))
            #expect(ChecksumAudit.failures(f).isEmpty)
        }
    }

    @Test func partialChecksumHoldsPseudoHeaderSum() {
        let frame = PacketBuilder.udpFrame(
            destinationMAC: TestAddresses.directorMAC,
            sourceMAC: TestAddresses.clientMAC,
            source: TestAddresses.client4, destination: TestAddresses.vip4,
            sourcePort: 5353, destinationPort: 53, payload: [1, 2, 3],
            checksum: .partial)
        withFrame(frame) { f in
            guard case .ip(let s) = FrameParser().parse(f) else {
                Issue.record("parse")
                return
            }
            let pseudo = InternetChecksum.pseudoHeader(
                source: s.source, destination: s.destination, protocol: 17, length: 11)
            #expect(UInt32(f.u16(s.l4Offset + 6)) == pseudo)
            #expect(!TransportChecksum.verifies(f, s))
            #expect(ChecksumAudit.failures(f) == ["l4 protocol 17"])
        }
    }
}

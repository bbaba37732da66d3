import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSWire

/// Rows of (description, frame, drop reason): every named reason the parser can give.
let dropCases: [(String, [UInt8], DropReason)] = {
    typealias F = Frames
    let tcp = F.tcp4()
    let l3 = 14
    let l4 = 34
    var rows: [(String, [UInt8], DropReason)] = [
        ("empty frame", [], .truncatedEthernet),
        ("13 bytes", Array(tcp.prefix(13)), .truncatedEthernet),
        ("tag without room for it", Array(F.tcp4(vlan: 5).prefix(15)), .truncatedVLAN),
        ("QinQ outer tag", F.set16(tcp, 12, 0x88A8), .unsupportedEtherType),
        ("unknown EtherType", F.set16(tcp, 12, 0x1234), .unsupportedEtherType),
        ("two 802.1Q tags", F.set16(F.tcp4(vlan: 5), 16, 0x8100), .unsupportedEtherType),
        ("IPv4 header cut at 19 bytes", Array(tcp.prefix(l3 + 19)), .truncatedIPv4),
        ("IPv4 version 5", F.set(tcp, l3, 0x55), .badIPv4Version),
        ("IHL 4", F.refix4(F.set(tcp, l3, 0x44)), .badIPv4HeaderLength),
        ("IHL 15 past the frame", Array(F.set(tcp, l3, 0x4F).prefix(l3 + 40)), .truncatedIPv4),
        ("total length beyond frame", F.refix4(F.set16(tcp, l3 + 2, 200)), .badIPv4TotalLength),
        ("total length below header", F.refix4(F.set16(tcp, l3 + 2, 19)), .badIPv4TotalLength),
        ("bad header checksum", F.set(tcp, l3 + 8, 63), .badIPv4Checksum),
        ("more fragments", F.ip4(6, [UInt8](repeating: 0, count: 24), moreFragments: true), .ipv4Fragment),
        ("non-first fragment", F.ip4(6, [UInt8](repeating: 0, count: 24), fragmentOffset: 1480), .ipv4Fragment),
        ("IPv6 header cut", Array(F.tcp6().prefix(14 + 39)), .truncatedIPv6),
        ("IPv6 EtherType, version 4", F.set(F.tcp6(), 14, 0x45), .badIPv6Version),
        ("IPv6 payload length beyond frame", F.set16(F.tcp6(), 18, 100), .badIPv6PayloadLength),
        ("extension header cut", F.ip6(IPProtocolNumber.hopByHop, [6, 0]), .truncatedIPv6ExtensionHeader),
        (
            "extension header longer than packet",
            F.ip6(IPProtocolNumber.destinationOptions, [6, 3, 0, 0, 0, 0, 0, 0]), .truncatedIPv6ExtensionHeader
        ),
        (
            "nine destination-options headers",
            F.ip6(60, (0..<9).flatMap { _ in F.ext(next: 60) } + F.ext(next: 59)), .tooManyIPv6ExtensionHeaders
        ),
        (
            "IPv6 first fragment",
            F.ip6(IPProtocolNumber.fragment, [6, 0, 0, 1, 0, 0, 0, 9] + [UInt8](repeating: 0, count: 20)),
            .ipv6Fragment
        ),
        ("TCP header cut at 19 bytes", F.ip4(6, [UInt8](repeating: 0, count: 19)), .truncatedTCP),
        ("TCP data offset 4", F.set(tcp, l4 + 12, 0x40), .badTCPDataOffset),
        ("TCP data offset past packet", F.set(tcp, l4 + 12, 0xF0), .badTCPDataOffset),
        ("UDP header cut", F.ip4(17, [0, 53, 0, 53, 0, 8, 0]), .truncatedUDP),
        ("UDP length 7", F.set16(F.udp4(), l4 + 4, 7), .badUDPLength),
        ("UDP length beyond packet", F.set16(F.udp4(), l4 + 4, 13), .badUDPLength),
        ("SCTP common header cut", F.ip4(132, [UInt8](repeating: 0, count: 11)), .truncatedSCTP),
        ("ICMP cut at 7 bytes", F.ip4(1, [8, 0, 0, 0, 0, 0, 0]), .truncatedICMP),
        ("ICMPv6 cut at 7 bytes", F.ip6(58, [128, 0, 0, 0, 0, 0, 0]), .truncatedICMPv6),
        ("ICMP error quoting only an IP header", F.icmp4Error(quote: F.quotedReply4(bytes: 20)), .truncatedICMPQuote),
        ("ICMP error quoting 10 bytes", F.icmp4Error(quote: F.quotedReply4(bytes: 10)), .truncatedICMPQuote),
        ("ICMP error quoting an IPv6 header", F.icmp4Error(quote: F.set(F.quotedReply4(), 0, 0x65)), .badICMPQuote),
        ("ICMP error quoting IHL 3", F.icmp4Error(quote: F.set(F.quotedReply4(), 0, 0x43)), .badICMPQuote),
        (
            "ICMP error quoting a later fragment", F.icmp4Error(quote: F.set16(F.quotedReply4(), 6, 0x0010)),
            .icmpQuotesFragment
        ),
    ]
    let arp = PacketBuilder.arpFrame(
        destinationMAC: .broadcast, sourceMAC: TestAddresses.clientMAC,
        operation: ARPPacket.request, senderMAC: TestAddresses.clientMAC,
        senderAddress: TestAddresses.client4, targetMAC: .zero,
        targetAddress: TestAddresses.vip4)
    rows += [
        ("ARP cut at 27 bytes", Array(arp.prefix(14 + 27)), .truncatedARP),
        ("ARP hardware type 6", F.set16(arp, 14, 6), .unsupportedARP),
        ("ARP for IPv6 protocol type", F.set16(arp, 16, 0x86DD), .unsupportedARP),
        ("ARP operation 3 (RARP)", F.set16(arp, 20, 3), .unsupportedARP),
    ]
    return rows
}()

@Suite struct FrameParserTests {
    @Test(arguments: dropCases)
    func drops(description: String, frame: [UInt8], reason: DropReason) {
        #expect(parse(frame).dropReason == reason, "\(description)")
    }

    @Test func dropLabelsAreUniqueSnakeCase() {
        let labels = DropReason.allCases.map(\.label)
        #expect(Set(labels).count == labels.count)
        #expect(labels.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } })
        #expect(DropReason.badIPv4Checksum.label == "bad_ipv4_checksum")
    }

    @Test func tcpOverIPv4() throws {
        let s = try #require(parse(Frames.tcp4(flags: [.syn, .ece, .cwr], payload: Array("GET".utf8))).ipSummary)
        #expect(s.family == .inet && s.vlanTCI == nil && s.l3Offset == 14 && s.l4Offset == 34)
        #expect(s.source == TestAddresses.client4 && s.destination == TestAddresses.vip4)
        #expect(s.sourcePort == 40000 && s.destinationPort == 80 && s.ipProtocol == 6)
        #expect(s.tcpFlags == [.syn, .ece, .cwr])
        #expect(s.payloadOffset == 54 && s.payloadLength == 3 && s.ipPacketLength == 43 && s.l4Length == 23)
        #expect(s.dontFragment && s.hopLimit == 64 && s.icmp == nil)
    }

    @Test func vlanTaggedFrame() throws {
        let s = try #require(parse(Frames.tcp4(vlan: 0x2064)).ipSummary)
        #expect(s.vlanTCI == 0x2064 && s.l3Offset == 18 && s.l4Offset == 38 && s.destinationPort == 80)
    }

    @Test func ipv4OptionsAreSkipped() throws {
        let udp = PacketBuilder.udp(
            source: TestAddresses.client4, destination: TestAddresses.vip4,
            sourcePort: 1, destinationPort: 2)
        let frame = Frames.ip4(17, udp, options: [0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00])
        let s = try #require(parse(frame).ipSummary)
        #expect(s.ipHeaderLength == 28 && s.l4Offset == 42 && s.sourcePort == 1 && s.destinationPort == 2)
        #expect(withFrame(frame) { IPv4Header($0, at: 14).optionsLength } == 8)
    }

    @Test func ethernetPaddingIsNotPartOfThePacket() throws {
        let frame = Frames.udp4(payload: [7]) + [UInt8](repeating: 0, count: 13)  // 47 -> 60 bytes
        let s = try #require(parse(frame).ipSummary)
        #expect(s.ipPacketLength == 29 && s.ipEnd == 43 && s.payloadLength == 1)
    }

    @Test func badChecksumAcceptedWhenNotVerifying() {
        let frame = Frames.set(Frames.tcp4(), 22, 1)
        #expect(parse(frame).dropReason == .badIPv4Checksum)
        #expect(parse(frame, parser: FrameParser(verifyIPv4Checksum: false)).ipSummary != nil)
    }

    @Test func udpOverIPv4() throws {
        let s = try #require(parse(Frames.udp4(payload: [1, 2, 3])).ipSummary)
        #expect(s.sourcePort == 5353 && s.destinationPort == 53 && s.payloadLength == 3 && s.tcpFlags.isEmpty)
    }

    @Test func tcpOverIPv6() throws {
        let s = try #require(parse(Frames.tcp6(payload: [9, 9])).ipSummary)
        #expect(s.family == .inet6 && s.source == TestAddresses.client6 && s.destination == TestAddresses.vip6)
        #expect(s.l4Offset == 54 && s.destinationPort == 443 && s.tcpFlags == [.ack, .psh] && s.payloadLength == 2)
    }

    @Test func ipv6ExtensionChainIsWalked() throws {
        let udp = PacketBuilder.udp(
            source: TestAddresses.client6, destination: TestAddresses.vip6,
            sourcePort: 7, destinationPort: 8)
        let chain = Frames.ext(next: 60) + Frames.ext(next: 44) + [17, 0, 0, 0, 0, 0, 0, 1] + udp  // atomic fragment
        let s = try #require(parse(Frames.ip6(IPProtocolNumber.hopByHop, chain)).ipSummary)
        #expect(s.ipHeaderLength == 64 && s.l4Offset == 78 && s.ipProtocol == 17 && s.destinationPort == 8)
        let ah: [UInt8] = [6, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2]  // (1+2)*4 = 12 bytes
        let tcp = PacketBuilder.tcp(
            source: TestAddresses.client6, destination: TestAddresses.vip6,
            sourcePort: 1, destinationPort: 22, flags: [.syn])
        let s2 = try #require(parse(Frames.ip6(IPProtocolNumber.authentication, ah + tcp)).ipSummary)
        #expect(s2.ipHeaderLength == 52 && s2.destinationPort == 22)
    }

    @Test func sctp() throws {
        let sctp = PacketBuilder.sctp(
            sourcePort: 3868, destinationPort: 3869, verificationTag: 7, chunks: [1, 0, 0, 4])
        let s = try #require(parse(Frames.ip4(132, sctp)).ipSummary)
        #expect(s.ipProtocol == 132 && s.sourcePort == 3868 && s.destinationPort == 3869 && s.payloadLength == 4)
    }

    @Test func icmpEchoHasNoQuote() throws {
        let s = try #require(
            parse(Frames.ip4(1, PacketBuilder.icmp(type: 8, code: 0, restOfHeader: 0x0001_0002))).ipSummary)
        #expect(s.icmp == ICMPSummary(type: 8, code: 0, restOfHeader: 0x0001_0002, quote: nil))
        #expect(s.sourcePort == 0 && s.destinationPort == 0)
    }

    @Test func icmpErrorQuoteGivesTheInnerTuple() throws {
        let s = try #require(parse(Frames.icmp4Error(quote: Frames.quotedReply4())).ipSummary)
        let icmp = try #require(s.icmp)
        #expect(icmp.type == 3 && icmp.code == 4 && icmp.restOfHeader == 1400)
        let q = try #require(icmp.quote)
        #expect(q.l3Offset == 42 && q.l4Offset == 62 && q.ipProtocol == 6 && q.quotedLength == 28)
        #expect(
            q.source == TestAddresses.vip4 && q.destination == TestAddresses.client4
                && q.sourcePort == 80 && q.destinationPort == 40000)
    }

    @Test func icmpv6PacketTooBigQuote() throws {
        let inner = PacketBuilder.ipv6(
            source: TestAddresses.vip6, destination: TestAddresses.client6, nextHeader: 17,
            payload: PacketBuilder.udp(
                source: TestAddresses.vip6,
                destination: TestAddresses.client6,
                sourcePort: 53, destinationPort: 5353,
                payload: [UInt8](repeating: 1, count: 1400)))
        let quote = Array(inner.prefix(1232))
        let router = addr("2001:db8:1::1")
        let icmp = PacketBuilder.icmpv6(
            source: router, destination: TestAddresses.vip6, type: 2, code: 0,
            restOfHeader: 1280, payload: quote)
        let ip = PacketBuilder.ipv6(source: router, destination: TestAddresses.vip6, nextHeader: 58, payload: icmp)
        let s = try #require(parse(Frames.eth6(ip)).ipSummary)
        let q = try #require(s.icmp?.quote)
        #expect(s.icmp?.type == 2 && q.family == .inet6 && q.sourcePort == 53 && q.destinationPort == 5353)
        #expect(q.quotedLength == 1232 && q.source == TestAddresses.vip6)
    }

    @Test func ipipHasNoPorts() throws {
        let inner = Array(Frames.tcp4().dropFirst(14))
        let s = try #require(parse(Frames.ip4(IPProtocolNumber.ipip, inner)).ipSummary)
        #expect(s.ipProtocol == 4 && s.sourcePort == 0 && s.l4Length == inner.count)
    }

    @Test func arpRequest() throws {
        let frame = PacketBuilder.arpFrame(
            destinationMAC: .broadcast, sourceMAC: TestAddresses.clientMAC,
            operation: ARPPacket.request, senderMAC: TestAddresses.clientMAC,
            senderAddress: TestAddresses.client4, targetMAC: .zero,
            targetAddress: TestAddresses.vip4)
        #expect(frame.count == 60)
        guard case .arp(let a) = parse(frame) else {
            Issue.record("not ARP")
            return
        }
        #expect(a.operation == 1 && a.senderMAC == TestAddresses.clientMAC && a.senderAddress == TestAddresses.client4)
        #expect(a.targetAddress == TestAddresses.vip4 && a.arpOffset == 14 && !a.isGratuitous)
    }

    @Test func macAddressText() {
        #expect(MACAddress("02:00:5e:0A:00:01")?.description == "02:00:5e:0a:00:01")
        #expect(MACAddress("02:00:5e:0a:00") == nil && MACAddress("02:00:5e:0a:00:100") == nil)
        #expect(MACAddress.broadcast.isMulticast && !TestAddresses.clientMAC.isMulticast)
    }
}

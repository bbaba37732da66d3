import Foundation
import LVSKeepalived
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSVRRP

/// `vrrp_instance` blocks read with keepalived's defaults, and tied to the real keepalived's adverts.
@Suite struct VRRPInstanceConfigurationTests {
    static let fixtures = RepositoryPaths.root.appendingPathComponent("Fixtures/vrrp")

    /// The vrrp_instance blocks of a configuration text, read.
    static func instances(_ text: String) -> ([VRRPInstanceConfiguration], [String]) {
        let path = "/etc/keepalived/keepalived.conf"
        let result = KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
        var problems: [String] = []
        let blocks = result.configuration?.otherBlocks.filter { $0.keyword == "vrrp_instance" } ?? []
        return (blocks.map { VRRPInstanceConfiguration(reading: $0, problems: &problems) }, problems)
    }

    static func hexFrames(_ name: String) -> [[UInt8]] {
        let url = fixtures.appendingPathComponent(name + ".hex")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let digits = Array(line.utf8)
            return stride(from: 0, to: digits.count - 1, by: 2).map { index in
                UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0
            }
        }
    }

    @Test func defaults() {
        let (instances, problems) = Self.instances("vrrp_instance VI_1 {\n virtual_router_id 7\n}\n")
        #expect(problems == [])
        #expect(instances.count == 1)
        var expected = VRRPInstanceConfiguration(name: "VI_1")
        expected.virtualRouterID = 7
        #expect(instances.first == expected)
        guard let instance = instances.first else { return }
        #expect(instance.initialState == .backup)
        #expect(instance.priority == 100)
        #expect(instance.advertisementInterval == 100)
        #expect(instance.version == .v2)
        #expect(instance.preempt)
        #expect(instance.preemptDelay == 0)
        #expect(instance.gratuitousDelay == 5000)
        #expect(instance.gratuitousRepeat == 5)
        #expect(instance.gratuitousRefresh == 0)
    }

    /// The configuration the fixtures were captured with reads to the fields of its adverts, and
    /// an advert built from it is the real keepalived's frame.
    @Test func fixtureConfigurationBuildsKeepalivedsAdverts() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("keepalived.conf"), encoding: .utf8)
        let (instances, problems) = Self.instances(text)
        #expect(problems == [])
        #expect(instances.map(\.name) == ["V2_PASS", "V3_IPV4", "V3_IPV6"])
        guard instances.count == 3 else { return }
        let v2 = instances[0]
        #expect(v2.initialState == .master)
        #expect(v2.interface == "vrrp0")
        #expect(v2.virtualRouterID == 51)
        #expect(v2.priority == 150)
        #expect(v2.authentication == .password(text: "s3cret"))
        #expect(v2.virtualAddresses == [InetAddress("198.18.50.100")!, InetAddress("198.18.50.101")!])
        #expect(instances[1].version == .v3)
        #expect(instances[2].nativeIPv6)
        #expect(instances[2].family == .inet6)
        #expect(instances[2].version == .v3)
        #expect(instances[2].advertisementInterval == 50)

        let sources = [InetAddress("198.18.50.1")!, InetAddress("198.18.50.1")!, InetAddress("fe80::ff:fe00:5001")!]
        for (index, file) in ["v2-pass", "v3-ipv4", "v3-ipv6"].enumerated() {
            let configuration = instances[index]
            guard let golden = Self.hexFrames(file).first else {
                Issue.record("no \(file) fixture")
                continue
            }
            let instance = VRRPInstance(configuration: configuration, primaryAddress: sources[index])
            let advert = instance.advertisement(priority: configuration.priority)
            let isV4 = configuration.family == .inet
            let built = VRRPPacket.frame(
                advert, source: instance.primaryAddress, sourceMAC: MACAddress(0x0200_0000_5001),
                identification: isV4 ? UInt16(golden[18]) << 8 | UInt16(golden[19]) : 0,
                flowLabel: isV4 ? 0 : UInt32(golden[15] & 0x0F) << 16 | UInt32(golden[16]) << 8 | UInt32(golden[17]))
            #expect(built == golden, "\(file)")
            // And the instance's own receive checks accept keepalived's advert.
            let accepted = golden.withUnsafeBytes { raw in
                var copy = [UInt8](raw)
                return copy.withUnsafeMutableBytes {
                    VRRPPacket.parse(FrameBuffer($0), policy: configuration.receivePolicy)
                }
            }
            #expect((try? accepted.get()) != nil, "\(file)")
        }
    }

    @Test func keywordsAndKeepalivedsRounding() {
        let text = """
            vrrp_instance VI_2 {
                state MASTER
                interface eth1
                virtual_router_id 9
                priority 254
                advert_int 1.4
                nopreempt
                preempt_delay 2.5
                garp_master_delay 1
                garp_master_repeat 3
                garp_master_refresh 30
                authentication {
                    auth_type PASS
                    auth_pass 0123456789
                }
                virtual_ipaddress {
                    198.18.61.1/24 dev eth1
                    198.18.61.2
                }
                unicast_src_ip 198.18.61.10
                unicast_peer {
                    198.18.61.11
                    198.18.61.12
                }
            }
            vrrp_instance VI_3 {
                virtual_router_id 10
                version 3
                advert_int 0.333
                priority 0
            }
            """
        let (instances, problems) = Self.instances(text)
        #expect(instances.count == 2)
        guard instances.count == 2 else { return }
        let first = instances[0]
        #expect(first.initialState == .master)
        #expect(first.advertisementInterval == 100)
        #expect(!first.preempt)
        #expect(first.preemptDelay == 2500)
        #expect(first.gratuitousDelay == 1000)
        #expect(first.gratuitousRepeat == 3)
        #expect(first.gratuitousRefresh == 30_000)
        #expect(first.authentication == .password(text: "01234567"))
        #expect(first.virtualAddresses == [InetAddress("198.18.61.1")!, InetAddress("198.18.61.2")!])
        #expect(first.unicastSourceAddress == InetAddress("198.18.61.10")!)
        #expect(first.unicastPeers == [InetAddress("198.18.61.11")!, InetAddress("198.18.61.12")!])
        #expect(first.isUnicast)
        #expect(!first.receivePolicy.requiresHopLimit255)
        let second = instances[1]
        #expect(second.version == .v3)
        #expect(second.advertisementInterval == 33)
        #expect(second.priority == 100)
        #expect(
            problems == [
                "Truncating auth_pass to 8 characters",
                "(VI_3) Priority not valid! must be between 1 & 255. Using default 100",
            ])
    }
}
